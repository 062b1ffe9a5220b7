-- grain: one row per overdue task (open and overdue; also done late when $include_done_late), key tasks first
-- reads: wh.task_overdue_list (the mart holds the aging bucket and the owner's name, open tasks first)
select
    task_id,
    title,
    source,
    source_ref,
    is_key,
    decided_by,
    owner_agency_id,
    owner_agency_name,
    assigned_on,
    original_due_on,
    due_on,
    completed_on,
    status,
    days_overdue,
    bucket,
    transfer_count,
    escalation_count,
    extension_count
from wh.task_overdue_list
where status = 'open_overdue' or ($include_done_late and status = 'done_late')
order by is_key desc, days_overdue desc, task_id
