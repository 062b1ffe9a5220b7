-- grain: one row per loaded official (a contract table, docs/warehouse.md)
-- reads: stg_officials, official_service, task_status, shifting_flags, discipline_periods, stg_agencies, settings
-- shifting_actions counts every action (task event) of the official that produced a flag;
--   shifting_actions_upheld (last column) those with a flag not dismissed (decision store, contract §4).
-- After the contract's columns, what the officials page shows beside them (read there for 30,000 officials,
--   so kept here rather than joined and ranked on every view): the official's name, position and category,
--   the agency's name, the fairness minimum (setting fairness.min_tasks_for_rate), whether the
--   official has that many tasks due and a rate (enough_data), and the rank on the lower bound of the on-time
--   rate among those who do (then key tasks done, then early completions; NULL below the minimum); last, whether
--   the official has left (official_service) and since when — their history stays in every count.
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
    select
        official_id,
        count(distinct event_id) as shifting_actions,
        count(distinct event_id) filter (where decision is distinct from 'dismissed') as shifting_actions_upheld
    from shifting_flags
    where official_id is not null and event_id is not null
    group by official_id
),

disciplined as (
    select distinct official_id from discipline_periods where in_effect
),

agencies as (select agency_id, name from stg_agencies),

minimum as (
    select setting_num('fairness.min_tasks_for_rate')::integer as min_tasks
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
        d.official_id is not null as disciplined_in_effect,
        coalesce(s.shifting_actions_upheld, 0) as shifting_actions_upheld
    from officials o
    left join led l using (official_id)
    left join shifting s using (official_id)
    left join disciplined d using (official_id)
),

scored as (
    select
        official_id,
        agency_id,
        tasks_led::integer as tasks_led,
        done_on_time::integer as done_on_time,
        done_late::integer as done_late,
        open_overdue::integer as open_overdue,
        on_time_rate(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate,
        wilson_low(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate_low,
        wilson_high(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate_high,
        key_tasks_done::integer as key_tasks_done,
        early_completions::integer as early_completions,
        shifting_actions::integer as shifting_actions,
        disciplined_in_effect,
        tasks_due(done_on_time, done_late, open_overdue)::integer as tasks_due,
        shifting_actions_upheld::integer as shifting_actions_upheld
    from counted
),

final as (
    select
        s.* exclude (shifting_actions_upheld),
        o.full_name,
        o.position,
        o.category,
        a.name as agency_name,
        m.min_tasks,
        enough_data(s.tasks_due, s.on_time_rate, m.min_tasks) as enough_data,
        case when enough_data(s.tasks_due, s.on_time_rate, m.min_tasks) then
            rank() over (
                partition by enough_data(s.tasks_due, s.on_time_rate, m.min_tasks)
                order by s.on_time_rate_low desc, s.key_tasks_done desc, s.early_completions desc
            )
        end as rank_position,
        coalesce(sv.has_left, false) as has_left,
        sv.left_on,
        sv.left_label,
        s.shifting_actions_upheld
    from scored s
    left join officials o using (official_id)
    left join official_service sv using (official_id)
    left join agencies a on a.agency_id = s.agency_id
    cross join minimum m
)

select * from final
order by agency_id, official_id
