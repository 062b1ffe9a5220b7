-- grain: one row per task overdue as of as_of — open and overdue, or done late — with what the overdue page
--   lists (owner's name, aging bucket), stored open-first and in the page's order so that its filter reads
--   a contiguous block (the page read all of task_status, 2.5 M rows at province scale)
-- reads: task_status, stg_agencies
-- bucket: task_status.days_overdue in aging bands for display (1–7, 8–30, 31–90, > 90 calendar days).
with

tasks as (select * from task_status),

agencies as (select agency_id, name from stg_agencies),

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
    where t.days_overdue > 0 and t.status in ('open_overdue', 'done_late')
)

select * from final
order by status = 'done_late', is_key desc, days_overdue desc, task_id
