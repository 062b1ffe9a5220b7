-- grain: one row per official, period kind (month, quarter) and period with at least one product due
-- reads: task_status (its decision column: certified objective causes), stg_officials, build_params, settings, rules (grading set in force on the period's last day)
-- The measurable part of Decree 335/2025's results points: progress. Each product (a task led by the
-- official, with a deadline, due in the period and on or before as_of) keeps its progress points when
-- done on time and loses late_product_penalty (25%) of them when late — done after its deadline or
-- still open past it. The deadline is the effective one: an approved extension moves it, so an
-- extended product done by the new date is not late. A delay with an objective cause certified by
-- the competent level also loses nothing under the decree: a task whose current objective_cause decision
-- is `certified` (decision store, contract §4) is not late here — it is counted in products_excused, kept
-- apart from products_on_time so that the delay stays visible (domain.md §8), and loses no points.
-- products_due = products_on_time + products_late + products_excused.
-- progress_points_pct = 100 × (1 − penalty × late / n): the share of the period's progress points kept.
-- It is NULL for periods no rule set with a late-product penalty covers (before 1/1/2026).
-- Rates next to a name carry their interval and n; below fairness.min_tasks_for_rate they are NULL
-- (insufficient_data). A period not yet over (period_end > as_of) is still accruing: is_final = false.
-- The late products behind products_late are the task_status rows led by the official with due_on in
-- [period_start, period_end], status done_late or open_overdue and no certified objective cause. They are
-- not listed here: a list per official-period (tens of millions at national scale) ran a 4 GB build out of
-- memory.
with

params as (
    select p.as_of, setting_num('fairness.min_tasks_for_rate') as min_n
    from build_params p
),

products as (
    select
        t.lead_official_id as official_id,
        t.task_id,
        t.due_on,
        t.status,
        t.status <> 'done_on_time' and t.decision is distinct from 'certified' as late,
        t.status <> 'done_on_time' and coalesce(t.decision = 'certified', false) as excused
    from task_status t, params p
    where t.lead_official_id is not null
      and t.due_on <= p.as_of
      and t.status in ('done_on_time', 'done_late', 'open_overdue')
),

-- products counted per official and month in one pass; a quarter adds up its three months (the counts are
-- sums), instead of grouping every product a second time
months as (
    select
        official_id,
        date_trunc('month', due_on)::date as period_start,
        count(*) as products_due,
        count(*) filter (where not late and not excused) as products_on_time,
        count(*) filter (where late) as products_late,
        count(*) filter (where excused) as products_excused
    from products
    group by official_id, date_trunc('month', due_on)::date
),

periods as (
    select 'month' as period_kind, * from months
    union all
    select
        'quarter',
        official_id,
        date_trunc('quarter', period_start)::date,
        sum(products_due)::bigint,
        sum(products_on_time)::bigint,
        sum(products_late)::bigint,
        sum(products_excused)::bigint
    from months
    group by official_id, date_trunc('quarter', period_start)::date
),

counted as (
    select
        official_id,
        period_kind,
        period_start,
        (period_start + case period_kind when 'month' then interval 1 month else interval 3 month end
            - interval 1 day)::date as period_end,
        products_due,
        products_on_time,
        products_late,
        products_excused
    from periods
),

ruled as (
    select c.*, rule_for('grading', 'late_product_penalty', c.period_end) as penalty_rule
    from counted c
),

final as (
    select
        r.official_id,
        o.agency_id,
        r.period_kind,
        r.period_start,
        r.period_end,
        case r.period_kind
            when 'month' then strftime(r.period_start, '%m/%Y')
            else 'Quý ' || quarter(r.period_start) || '/' || year(r.period_start)
        end as period_label,
        r.products_due::integer as products_due,
        r.products_on_time::integer as products_on_time,
        r.products_late::integer as products_late,
        r.penalty_rule.value_num as late_product_penalty,
        100 * (1 - r.penalty_rule.value_num * r.products_late / r.products_due) as progress_points_pct,
        r.products_due < p.min_n as insufficient_data,
        case when r.products_due >= p.min_n then on_time_rate(r.products_on_time, r.products_due) end as on_time_rate,
        case when r.products_due >= p.min_n then wilson_low(r.products_on_time, r.products_due) end
            as on_time_rate_low,
        case when r.products_due >= p.min_n then wilson_high(r.products_on_time, r.products_due) end
            as on_time_rate_high,
        r.period_end <= p.as_of as is_final,
        r.penalty_rule.rule_set_id as rule_set_id,
        r.penalty_rule.rule_id as rule_id,
        r.penalty_rule.article as article,
        r.products_excused::integer as products_excused
    from ruled r
    join stg_officials o using (official_id)
    cross join params p
)

-- no order by: read by official (a join or a filter), never by range; sorting tens of millions of rows cost
-- memory a national build did not have
select * from final
