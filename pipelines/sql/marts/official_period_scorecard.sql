-- grain: one row per loaded official, period kind (year, quarter, month) and period from the first task's year up to as_of in which the official led a task counted there or acted with a shifting flag: official_scorecard's counts within the period, ranked within it
-- reads: stg_officials, task_status, shifting_flags, scorecard_periods, build_params, settings
-- The officials page's scorecard (and the agency page's people) for the period it is asked about, as
-- agency_period_scorecard is the agencies page's. A period ends at as_of at the latest (period_end), as the
-- page's period control does. Within a period: tasks_led, done_on_time, done_late, open_overdue (the rate's n,
-- tasks_due), key_tasks_done, early_completions: the tasks the official led that are due in it (by due_on,
-- statuses as of as_of) or, without a deadline, assigned in it — official_scorecard's counts over all time;
-- shifting_actions: the official's actions (task events) with a shifting flag that occurred in it.
-- The rank is on the lower bound of the on-time rate (then key tasks done, then early completions) among the
-- officials of the same period with at least fairness.min_tasks_for_rate tasks due (NULL below it), ranked
-- among every official, before any agency filter. Names, agency, discipline and service are official_scorecard's
-- (as on the data date): the pages join them by official_id, so that they are not copied into every period.
-- An official with nothing in a period has no row there (all counts 0, no rate, no rank): the pages list every
-- official of official_scorecard and read this mart beside it. A row per official and period would be
-- 30,000 officials × 89 periods at province scale and 2 M × 89 nationally. Not sorted, as
-- official_period_scores: a national build has no memory to sort tens of millions of rows.
with

params as (
    select p.as_of, setting_num('fairness.min_tasks_for_rate')::integer as min_tasks
    from build_params p
),

kinds as (select * from (values ('year'), ('quarter'), ('month')) k(period_kind)),

periods as (select * from scorecard_periods),

-- the day a task counts on: its deadline, or without one the day it was assigned (up to as_of)
led_months as materialized (
    select
        t.lead_official_id as official_id,
        date_trunc('month', coalesce(t.due_on, t.assigned_on))::date as month_start,
        count(*) as tasks_led,
        count(*) filter (where t.status = 'done_on_time') as done_on_time,
        count(*) filter (where t.status = 'done_late') as done_late,
        count(*) filter (where t.status = 'open_overdue') as open_overdue,
        count(*) filter (where t.is_key and t.completed_on is not null) as key_tasks_done,
        count(*) filter (where t.completed_early) as early_completions
    from task_status t, params p
    where t.lead_official_id is not null and coalesce(t.due_on, t.assigned_on) <= p.as_of
    group by all
),

-- Months as they are, quarters from months, years from quarters: each kind is rolled up from the one below,
-- not every month regrouped three times (the regrouping was most of this model's time).
led_quarters as materialized (
    select
        official_id,
        date_trunc('quarter', month_start)::date as period_start,
        sum(columns(* exclude (official_id, month_start)))  -- every count, under its own name
    from led_months
    group by all
),

led as (
    select
        official_id,
        'month' as period_kind,
        month_start as period_start,
        tasks_led, done_on_time, done_late, open_overdue, key_tasks_done, early_completions
    from led_months
    union all
    select
        official_id,
        'quarter' as period_kind,
        period_start,
        tasks_led, done_on_time, done_late, open_overdue, key_tasks_done, early_completions
    from led_quarters
    union all
    select
        official_id,
        'year' as period_kind,
        date_trunc('year', period_start)::date as period_start,
        sum(columns(* exclude (official_id, period_start)))
    from led_quarters
    group by official_id, date_trunc('year', period_start)
),

-- an action counts once in a period however many flags it drew there (its flags may fall on different days)
actions as (
    select distinct f.official_id, f.event_id, f.occurred_on
    from shifting_flags f, params p
    where f.official_id is not null and f.event_id is not null and f.occurred_on <= p.as_of
),

shifting as (
    select
        a.official_id,
        k.period_kind,
        date_trunc(k.period_kind, a.occurred_on)::date as period_start,
        count(distinct a.event_id) as shifting_actions
    from actions a, kinds k
    group by all
),

-- the official-periods with a task or an action (the keys of a full join by USING are those of either side)
active as (
    select
        official_id,
        period_kind,
        period_start,
        l.tasks_led,
        l.done_on_time,
        l.done_late,
        l.open_overdue,
        l.key_tasks_done,
        l.early_completions,
        s.shifting_actions
    from led l
    full join shifting s using (official_id, period_kind, period_start)
),

scored as (
    select
        a.official_id,
        o.agency_id,
        a.period_kind,
        a.period_start,
        p.period_end,
        coalesce(a.tasks_led, 0)::integer as tasks_led,
        coalesce(a.done_on_time, 0)::integer as done_on_time,
        coalesce(a.done_late, 0)::integer as done_late,
        coalesce(a.open_overdue, 0)::integer as open_overdue,
        coalesce(a.key_tasks_done, 0)::integer as key_tasks_done,
        coalesce(a.early_completions, 0)::integer as early_completions,
        coalesce(a.shifting_actions, 0)::integer as shifting_actions
    from active a
    join stg_officials o on o.official_id = a.official_id
    join periods p on p.period_kind = a.period_kind and p.period_start = a.period_start
),

rated as materialized (
    select
        s.*,
        tasks_due(s.done_on_time, s.done_late, s.open_overdue)::integer as tasks_due,
        on_time_rate(s.done_on_time, tasks_due(s.done_on_time, s.done_late, s.open_overdue)) as on_time_rate,
        wilson_low(s.done_on_time, tasks_due(s.done_on_time, s.done_late, s.open_overdue)) as on_time_rate_low,
        wilson_high(s.done_on_time, tasks_due(s.done_on_time, s.done_late, s.open_overdue)) as on_time_rate_high,
        p.min_tasks
    from scored s, params p
),

-- Only the officials with enough data are ranked, so only they are sorted (a quarter of the rows at province
-- scale: a month rarely has enough tasks due); the others are appended unranked. rated is computed once.
final as (
    select
        r.*,
        true as enough_data,
        rank() over (
            partition by r.period_kind, r.period_start
            order by r.on_time_rate_low desc, r.key_tasks_done desc, r.early_completions desc
        ) as rank_position
    from rated r
    where enough_data(r.tasks_due, r.on_time_rate, r.min_tasks)
    union all
    select r.*, false as enough_data, null::bigint as rank_position
    from rated r
    where not enough_data(r.tasks_due, r.on_time_rate, r.min_tasks)
)

select * from final
