-- grain: one row per agency and ranked-or-not (enough_data) of the officials page over [$start, $end]: the number of
--        officials, of tasks due and their outcomes — the page's agency choices, KPIs and the full count of its table
-- reads: wh.official_scorecard, wh.task_status, wh.settings (macros: pipelines/sql/macros.sql)
-- The same tasks and the same fairness minimum as officials_list: led with a deadline (else assigned) in the period.
with

minimum as (select setting_num('fairness.min_tasks_for_rate')::integer as min_tasks),

led as (
    select
        lead_official_id as official_id,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'open_overdue') as open_overdue
    from (
        -- due in the period, or without a deadline and assigned in it: two filters pushed into the scan
        select * from wh.task_status where due_on between $start and $end
        union all
        select * from wh.task_status where due_on is null and assigned_on between $start and $end
    )
    where lead_official_id is not null
    group by lead_official_id
),

counted as (
    select
        o.agency_id,
        o.agency_name,
        coalesce(l.done_on_time, 0) as done_on_time,
        coalesce(l.done_late, 0) as done_late,
        coalesce(l.open_overdue, 0) as open_overdue,
        tasks_due(coalesce(l.done_on_time, 0), coalesce(l.done_late, 0), coalesce(l.open_overdue, 0)) as tasks_due
    from wh.official_scorecard o
    left join led l using (official_id)
)

select
    c.agency_id,
    any_value(c.agency_name) as agency_name,
    enough_data(c.tasks_due, on_time_rate(c.done_on_time, c.tasks_due), m.min_tasks) as enough_data,
    count(*)::integer as officials,
    sum(c.tasks_due)::integer as tasks_due,
    sum(c.done_on_time)::integer as done_on_time,
    sum(c.done_late)::integer as done_late,
    sum(c.open_overdue)::integer as open_overdue,
    any_value(m.min_tasks) as min_tasks
from counted c
cross join minimum m
group by all
order by agency_name, c.agency_id, enough_data
