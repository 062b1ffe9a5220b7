-- grain: one row per loaded official (contract §3 official_scorecard)
-- reads: stg_officials, task_status, shifting_flags, discipline_periods
with

officials as (select * from stg_officials),

led as (
    select
        lead_official_id as official_id,
        count(*) as tasks_led,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'open_overdue') as open_overdue,
        count(*) filter (where is_key and completed_on is not null) as key_tasks_done,
        count(*) filter (where completed_early) as early_completions
    from task_status
    where lead_official_id is not null
    group by lead_official_id
),

shifting as (
    select official_id, count(distinct event_id) as shifting_actions
    from shifting_flags
    where official_id is not null and event_id is not null
    group by official_id
),

disciplined as (
    select distinct official_id from discipline_periods where in_effect
),

counted as (
    select
        o.official_id,
        o.agency_id,
        coalesce(l.tasks_led, 0) as tasks_led,
        coalesce(l.done_on_time, 0) as done_on_time,
        coalesce(l.done_late, 0) as done_late,
        coalesce(l.open_overdue, 0) as open_overdue,
        coalesce(l.key_tasks_done, 0) as key_tasks_done,
        coalesce(l.early_completions, 0) as early_completions,
        coalesce(s.shifting_actions, 0) as shifting_actions,
        d.official_id is not null as disciplined_in_effect
    from officials o
    left join led l using (official_id)
    left join shifting s using (official_id)
    left join disciplined d using (official_id)
),

final as (
    select
        official_id,
        agency_id,
        tasks_led::integer as tasks_led,
        done_on_time::integer as done_on_time,
        done_late::integer as done_late,
        open_overdue::integer as open_overdue,
        done_on_time / nullif(done_on_time + done_late + open_overdue, 0) as on_time_rate,
        wilson_low(done_on_time, done_on_time + done_late + open_overdue) as on_time_rate_low,
        wilson_high(done_on_time, done_on_time + done_late + open_overdue) as on_time_rate_high,
        key_tasks_done::integer as key_tasks_done,
        early_completions::integer as early_completions,
        shifting_actions::integer as shifting_actions,
        disciplined_in_effect,
        (done_on_time + done_late + open_overdue)::integer as tasks_due
    from counted
)

select * from final
order by agency_id, official_id
