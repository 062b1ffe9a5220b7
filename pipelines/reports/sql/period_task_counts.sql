-- grain: one row per period (which) and breakdown: by source, by owner agency, and the total
-- reads: period_tasks (temporary table made from period_tasks.sql)
-- Only tasks assigned in the period. "Overdue" (quá hạn) = in progress past its deadline (open_overdue);
-- a task without deadline is never overdue, so the overdue share is given both of the tasks with a
-- deadline and of all tasks (domain.md §2).
with

tasks as (select * from period_tasks where in_period),

counted as (
    select
        which,
        case
            when grouping(source) = 0 then 'source'
            when grouping(owner_agency_id) = 0 then 'agency'
            else 'total'
        end as dimension,
        coalesce(source, owner_agency_id) as key,
        count(*) as tasks_assigned,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'no_deadline' and completed_on is not null) as done_no_deadline,
        count(*) filter (where status = 'open_on_time') as open_on_time,
        count(*) filter (where status = 'no_deadline' and completed_on is null) as open_no_deadline,
        count(*) filter (where status = 'open_overdue') as open_overdue,
        count(*) filter (where status <> 'no_deadline') as with_deadline,
        count(*) filter (where status = 'open_overdue' and is_key) as key_open_overdue
    from tasks
    group by grouping sets ((which, source), (which, owner_agency_id), (which))
),

final as (
    select
        which,
        dimension,
        key,
        tasks_assigned::integer as tasks_assigned,
        done_on_time::integer as done_on_time,
        done_late::integer as done_late,
        done_no_deadline::integer as done_no_deadline,
        open_on_time::integer as open_on_time,
        open_no_deadline::integer as open_no_deadline,
        open_overdue::integer as open_overdue,
        with_deadline::integer as with_deadline,
        key_open_overdue::integer as key_open_overdue,
        share(open_overdue, with_deadline) as overdue_share_of_deadline,
        share(open_overdue, tasks_assigned) as overdue_share_of_all
    from counted
)

select * from final
