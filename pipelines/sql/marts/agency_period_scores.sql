-- grain: one row per agency and quarter with a task due or a shifting flag, up to as_of: the agency's
--   scorecard over time — tasks due in the quarter (by due_on, statuses as of as_of), the on-time rate with
--   its 95% Wilson interval as in agency_scorecard, and the shifting flags held against it that occurred then
-- reads: task_status, shifting_flags, build_params, settings
-- A quarter not over yet (period_end > as_of) is still accruing: is_final = false. Rates below
-- fairness.min_tasks_for_rate are NULL (insufficient_data), as everywhere a rate is shown.
with

params as (select as_of, setting_num('fairness.min_tasks_for_rate') as min_n from build_params),

due as (
    select
        t.owner_agency_id as agency_id,
        date_trunc('quarter', t.due_on)::date as period_start,
        tasks_due(
            count(*) filter (where t.status = 'done_on_time'),
            count(*) filter (where t.status = 'done_late'),
            count(*) filter (where t.status = 'open_overdue')
        ) as tasks_due,
        count(*) filter (where t.status = 'done_on_time') as done_on_time,
        count(*) filter (where t.status = 'done_late') as done_late,
        count(*) filter (where t.status = 'open_overdue') as open_overdue
    from task_status t, params p
    where t.due_on <= p.as_of and t.status in ('done_on_time', 'done_late', 'open_overdue')
    group by all
),

flags as (
    select agency_id, date_trunc('quarter', occurred_on)::date as period_start, count(*) as shifting_flags
    from shifting_flags
    where occurred_on is not null
    group by all
),

joined as (
    select
        coalesce(d.agency_id, f.agency_id) as agency_id,
        coalesce(d.period_start, f.period_start) as period_start,
        coalesce(d.tasks_due, 0) as tasks_due,
        coalesce(d.done_on_time, 0) as done_on_time,
        coalesce(d.done_late, 0) as done_late,
        coalesce(d.open_overdue, 0) as open_overdue,
        coalesce(f.shifting_flags, 0) as shifting_flags
    from due d
    full join flags f on f.agency_id = d.agency_id and f.period_start = d.period_start
),

final as (
    select
        j.agency_id,
        'quarter' as period_kind,
        j.period_start,
        (j.period_start + interval 3 month - interval 1 day)::date as period_end,
        'Quý ' || quarter(j.period_start) || '/' || year(j.period_start) as period_label,
        j.tasks_due::integer as tasks_due,
        j.done_on_time::integer as done_on_time,
        j.done_late::integer as done_late,
        j.open_overdue::integer as open_overdue,
        j.tasks_due < p.min_n as insufficient_data,
        case when j.tasks_due >= p.min_n then on_time_rate(j.done_on_time, j.tasks_due) end as on_time_rate,
        case when j.tasks_due >= p.min_n then wilson_low(j.done_on_time, j.tasks_due) end as on_time_rate_low,
        case when j.tasks_due >= p.min_n then wilson_high(j.done_on_time, j.tasks_due) end as on_time_rate_high,
        j.shifting_flags::integer as shifting_flags,
        (j.period_start + interval 3 month - interval 1 day)::date <= p.as_of as is_final
    from joined j
    cross join params p
    where j.period_start <= p.as_of
)

select * from final
