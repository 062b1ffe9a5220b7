-- grain: one row per period (period_kind 'month' or 'quarter') from the first due date up to as_of;
--   tasks are counted in the period their due_on falls in (only days up to as_of), statuses as of as_of,
--   on_time_rate as in agency_scorecard; open_overdue_at_end = tasks past due and not completed at the
--   period's end (or at as_of for the current period), judged with the deadline in force now.
-- reads: task_status, build_params
with

tasks as (select * from task_status where due_on is not null),

params as (select as_of from build_params),

kinds as (select unnest(['month', 'quarter']) as period_kind),

periods as (
    select
        k.period_kind,
        s.period_start::date as period_start,
        (s.period_start + case k.period_kind when 'month' then interval 1 month else interval 3 month end
            - interval 1 day)::date as period_end
    from kinds k
    cross join params p
    cross join lateral (
        select unnest(generate_series(
            date_trunc(k.period_kind, (select min(due_on) from tasks)),
            date_trunc(k.period_kind, p.as_of),
            case k.period_kind when 'month' then interval 1 month else interval 3 month end
        )) as period_start
    ) s
),

bounded as (
    select pe.*, least(pe.period_end, p.as_of) as counted_to
    from periods pe
    cross join params p
),

due_in_period as (
    select
        b.period_kind,
        b.period_start,
        count(t.task_id) as tasks_due,
        count(t.task_id) filter (where t.status = 'done_on_time') as done_on_time,
        count(t.task_id) filter (where t.status = 'done_late') as done_late,
        count(t.task_id) filter (where t.status = 'open_overdue') as open_overdue
    from bounded b
    left join tasks t on t.due_on between b.period_start and b.counted_to
    group by b.period_kind, b.period_start
),

backlog as (
    select
        b.period_kind,
        b.period_start,
        count(t.task_id) as open_overdue_at_end,
        count(t.task_id) filter (where t.is_key) as key_open_overdue_at_end
    from bounded b
    left join tasks t
        on t.due_on < b.counted_to
        and t.assigned_on <= b.counted_to
        and (t.completed_on is null or t.completed_on > b.counted_to)
    group by b.period_kind, b.period_start
),

final as (
    select
        b.period_kind,
        b.period_start,
        b.period_end,
        b.counted_to,
        b.period_end > b.counted_to as is_partial,
        d.tasks_due::integer as tasks_due,
        d.done_on_time::integer as done_on_time,
        d.done_late::integer as done_late,
        d.open_overdue::integer as open_overdue,
        on_time_rate(d.done_on_time, tasks_due(d.done_on_time, d.done_late, d.open_overdue)) as on_time_rate,
        wilson_low(d.done_on_time, tasks_due(d.done_on_time, d.done_late, d.open_overdue)) as on_time_rate_low,
        wilson_high(d.done_on_time, tasks_due(d.done_on_time, d.done_late, d.open_overdue)) as on_time_rate_high,
        k.open_overdue_at_end::integer as open_overdue_at_end,
        k.key_open_overdue_at_end::integer as key_open_overdue_at_end
    from bounded b
    join due_in_period d using (period_kind, period_start)
    join backlog k using (period_kind, period_start)
)

select * from final
order by period_kind, period_start
