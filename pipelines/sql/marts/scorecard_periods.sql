-- grain: one row per period kind (year, quarter, month) and period from the first task's year up to as_of; period_end is the period's last day, as_of at the latest
-- reads: task_status, build_params
-- The periods the period scorecards (agency_period_scorecard, official_period_scorecard) count and rank
-- within, defined once: the pages' period control offers the same periods and ends them at as_of too.
with

first_year as (
    select date_trunc('year', least(coalesce(min(t.assigned_on), p.as_of), p.as_of))::date as first_on
    from task_status t, build_params p
    group by p.as_of
),

kinds as (select * from (values ('year'), ('quarter'), ('month')) k(period_kind)),

months as (
    select unnest(generate_series(f.first_on, p.as_of, interval 1 month))::date as month_start
    from first_year f, build_params p
),

final as (
    select distinct
        k.period_kind,
        date_trunc(k.period_kind, m.month_start)::date as period_start,
        least(
            date_trunc(k.period_kind, m.month_start)
                + case k.period_kind when 'year' then interval 12 month when 'quarter' then interval 3 month
                    else interval 1 month end
                - interval 1 day,
            p.as_of
        )::date as period_end
    from months m, kinds k, build_params p
)

select * from final
