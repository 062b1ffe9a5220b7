-- grain: one row per loaded official in agencies $agencies (NULL = all), only those ranked when $enough_only: the
--        tasks they led due in [$start, $end], the on-time rate with its interval and rank; the first $limit rows
-- reads: wh.official_scorecard, wh.task_status, wh.shifting_flags, wh.settings (macros: pipelines/sql/macros.sql)
-- The scorecard of official_scorecard over a period: tasks counted by their deadline (due_on) in the period, or
-- when they have none by the day they were assigned (over all time: official_scorecard's own counts); shifting
-- actions by the day of the flag; rank on the lower bound of the on-time rate among the officials with
-- at least fairness.min_tasks_for_rate tasks due in the period (then key tasks done, then early completions),
-- ranked among all officials before the agency filter. Disciplined and left: as on the data date.
with

minimum as (select setting_num('fairness.min_tasks_for_rate')::integer as min_tasks),

led as (
    select
        lead_official_id as official_id,
        count(*) as tasks_led,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'open_overdue') as open_overdue,
        count(*) filter (where is_key and completed_on is not null) as key_tasks_done,
        count(*) filter (where completed_early) as early_completions
    from (
        -- due in the period, or without a deadline and assigned in it: two filters pushed into the scan
        select * from wh.task_status where due_on between $start and $end
        union all
        select * from wh.task_status where due_on is null and assigned_on between $start and $end
    )
    where lead_official_id is not null
    group by lead_official_id
),

shifting as (
    select official_id, count(distinct event_id) as shifting_actions
    from wh.shifting_flags
    where official_id is not null and event_id is not null and occurred_on >= $start and occurred_on <= $end
    group by official_id
),

counted as (
    select
        o.official_id,
        o.agency_id,
        o.full_name,
        o.position,
        o.category,
        o.agency_name,
        o.disciplined_in_effect,
        o.has_left,
        o.left_on,
        o.left_label,
        coalesce(l.tasks_led, 0)::integer as tasks_led,
        coalesce(l.done_on_time, 0)::integer as done_on_time,
        coalesce(l.done_late, 0)::integer as done_late,
        coalesce(l.open_overdue, 0)::integer as open_overdue,
        coalesce(l.key_tasks_done, 0)::integer as key_tasks_done,
        coalesce(l.early_completions, 0)::integer as early_completions,
        coalesce(s.shifting_actions, 0)::integer as shifting_actions
    from wh.official_scorecard o
    left join led l using (official_id)
    left join shifting s using (official_id)
),

scored as (
    select
        c.*,
        tasks_due(done_on_time, done_late, open_overdue)::integer as tasks_due,
        on_time_rate(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate,
        wilson_low(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate_low,
        wilson_high(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate_high,
        m.min_tasks
    from counted c
    cross join minimum m
),

ranked as (
    select
        *,
        enough_data(tasks_due, on_time_rate, min_tasks) as enough_data,
        case when enough_data(tasks_due, on_time_rate, min_tasks) then
            rank() over (
                partition by enough_data(tasks_due, on_time_rate, min_tasks)
                order by on_time_rate_low desc, key_tasks_done desc, early_completions desc
            )
        end as rank_position
    from scored
)

select *
from ranked
where ($agencies is null or list_contains($agencies, agency_id)) and (not $enough_only or enough_data)
order by rank_position nulls last, agency_name, full_name, official_id
limit $limit
