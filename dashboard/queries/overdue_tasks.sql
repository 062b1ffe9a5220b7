-- grain: one row per overdue task (open and overdue; also done late when $include_done_late) that passes the
--        page's filters ($agencies, $sources, $buckets: lists, NULL = all; $key_only; deadline in [$start, $end]), key tasks first, the
--        first $limit rows (NULL = every row: the download)
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
where (status = 'open_overdue' or ($include_done_late and status = 'done_late'))
    and ($agencies is null or list_contains($agencies, owner_agency_id))
    and ($sources is null or list_contains($sources, source))
    and ($buckets is null or list_contains($buckets, bucket))
    and (not $key_only or is_key)
    and ($start is null or due_on >= $start)
    and ($end is null or due_on <= $end)
order by is_key desc, days_overdue desc, task_id
limit $limit
