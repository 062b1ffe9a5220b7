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

-- The tasks per due date, then per period: the periods' date ranges joined to a few thousand days instead of
-- every task (a nested loop of 81 periods x 2.3 M tasks was most of the model).
due_days as (
    select
        due_on,
        count(*) as tasks,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'open_overdue') as open_overdue
    from tasks
    group by due_on
),

due_in_period as (
    select
        b.period_kind,
        b.period_start,
        coalesce(sum(d.tasks), 0)::bigint as tasks_due,
        coalesce(sum(d.done_on_time), 0)::bigint as done_on_time,
        coalesce(sum(d.done_late), 0)::bigint as done_late,
        coalesce(sum(d.open_overdue), 0)::bigint as open_overdue
    from bounded b
    left join due_days d on d.due_on between b.period_start and b.counted_to
    group by b.period_kind, b.period_start
),

-- A task is open and past due at day c when due_on < c, assigned_on <= c and it is not completed by c: for
-- c from opens_on = greatest(due_on + 1, assigned_on) until the day before completed_on. The tasks open at c
-- are those opened by c less those opened and completed by c (a task completed before it opens cancels out),
-- two counts per day summed up to counted_to.
spans as (
    select greatest(due_on + 1, assigned_on) as opens_on, completed_on, is_key
    from tasks
    where assigned_on is not null
),

span_days as (
    select day, sum(opened) as opened, sum(key_opened) as key_opened
    from (
        select opens_on as day, 1 as opened, case when is_key then 1 else 0 end as key_opened
        from spans
        union all
        select greatest(opens_on, completed_on), -1, case when is_key then -1 else 0 end
        from spans
        where completed_on is not null
    )
    group by day
),

backlog as (
    select
        b.period_kind,
        b.period_start,
        coalesce(sum(s.opened), 0)::bigint as open_overdue_at_end,
        coalesce(sum(s.key_opened), 0)::bigint as key_open_overdue_at_end
    from bounded b
    left join span_days s on s.day <= b.counted_to
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
