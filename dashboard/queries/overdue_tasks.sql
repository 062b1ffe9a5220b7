-- grain: one row per overdue task (open and overdue; also done late when $include_done_late), key tasks first
-- reads: wh.task_status, wh.stg_tasks, wh.stg_agencies
-- The aging bucket groups task_status.days_overdue for display (1–7, 8–30, 31–90, > 90 calendar days).
with

tasks as (select * from wh.task_status),

agencies as (select agency_id, name from wh.stg_agencies),

final as (
    select
        t.task_id,
        t.title,
        t.source,
        t.source_ref,
        t.is_key,
        t.decided_by,
        t.owner_agency_id,
        a.name as owner_agency_name,
        t.assigned_on,
        t.original_due_on,
        t.due_on,
        t.completed_on,
        t.status,
        t.days_overdue,
        case
            when t.days_overdue <= 7 then 'd1_7'
            when t.days_overdue <= 30 then 'd8_30'
            when t.days_overdue <= 90 then 'd31_90'
            else 'd90_plus'
        end as bucket,
        t.transfer_count,
        t.escalation_count,
        t.extension_count
    from tasks t
    left join agencies a on a.agency_id = t.owner_agency_id
    where t.days_overdue > 0
        and (t.status = 'open_overdue' or ($include_done_late and t.status = 'done_late'))
)

select * from final
order by is_key desc, days_overdue desc, task_id
