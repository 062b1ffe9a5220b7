-- grain: one row per period (period_kind 'year', 'quarter' or 'all') in which inspections started: violations
--   found per inspection at agencies that were risk-selected — in the top inspection.selected_top_share of the
--   ranked agencies at the end of the quarter before the inspection started — against the other inspections,
--   each mean with its 95% interval (normal approximation, sample variance; NULL below two inspections) and the
--   difference with its 95% interval (Welch); inspections of agencies not ranked then are counted as not_judged
-- reads: stg_inspections, inspection_risk_trend, settings (inspection.selected_top_share)
with

inspections as (select inspection_id, agency_id, started_on, kind, findings from stg_inspections),

quarter_ends as (
    select agency_id, judged_on, ranked, risk_rank, ranked_agencies
    from inspection_risk_trend
    where judged_on = last_day(judged_on) and month(judged_on) % 3 = 0
),

judged as (
    -- the agency's standing at the last quarter end before the inspection started
    select
        i.*,
        q.ranked,
        q.risk_rank <= ceil(setting_num('inspection.selected_top_share') * q.ranked_agencies) as selected
    from inspections i
    asof left join quarter_ends q on q.agency_id = i.agency_id and i.started_on > q.judged_on
),

kinds as (select unnest(['year', 'quarter', 'all']) as period_kind),

periodised as (
    select
        k.period_kind,
        case k.period_kind
            when 'year' then date_trunc('year', j.started_on)
            when 'quarter' then date_trunc('quarter', j.started_on)
            else (select date_trunc('year', min(started_on)) from inspections)
        end::date as period_start,
        j.*
    from judged j
    cross join kinds k
),

-- The sample variance from exact integer sums, (n·Σx² − (Σx)²) / (n·(n − 1)), not var_samp: var_samp folds
-- rows in the order it reads them, and its last digit changed with the order of a parallel read.
grouped as (
    select
        period_kind,
        period_start,
        count(*) filter (where ranked and selected) as selected_inspections,
        coalesce(sum(findings) filter (where ranked and selected), 0) as selected_findings,
        avg(findings) filter (where ranked and selected) as selected_mean,
        exact_var_samp(
            count(*) filter (where ranked and selected),
            sum(findings) filter (where ranked and selected),
            sum(findings::hugeint * findings) filter (where ranked and selected)
        ) as selected_var,
        count(*) filter (where ranked and not selected) as other_inspections,
        coalesce(sum(findings) filter (where ranked and not selected), 0) as other_findings,
        avg(findings) filter (where ranked and not selected) as other_mean,
        exact_var_samp(
            count(*) filter (where ranked and not selected),
            sum(findings) filter (where ranked and not selected),
            sum(findings::hugeint * findings) filter (where ranked and not selected)
        ) as other_var,
        count(*) filter (where ranked is null or not ranked) as not_judged
    from periodised
    group by all
),

final as (
    select
        period_kind,
        period_start,
        case period_kind
            when 'year' then (period_start + interval 1 year - interval 1 day)::date
            when 'quarter' then (period_start + interval 3 month - interval 1 day)::date
            else (select max(started_on) from inspections)
        end as period_end,
        selected_inspections::integer as selected_inspections,
        selected_findings::integer as selected_findings,
        selected_mean,
        case when selected_inspections >= 2 then
            greatest(0.0, selected_mean - 1.959963984540054 * sqrt(selected_var / selected_inspections)) end
            as selected_low,
        case when selected_inspections >= 2 then
            selected_mean + 1.959963984540054 * sqrt(selected_var / selected_inspections) end as selected_high,
        other_inspections::integer as other_inspections,
        other_findings::integer as other_findings,
        other_mean,
        case when other_inspections >= 2 then
            greatest(0.0, other_mean - 1.959963984540054 * sqrt(other_var / other_inspections)) end as other_low,
        case when other_inspections >= 2 then
            other_mean + 1.959963984540054 * sqrt(other_var / other_inspections) end as other_high,
        selected_mean - other_mean as difference,
        case when selected_inspections >= 2 and other_inspections >= 2 then
            selected_mean - other_mean
            - 1.959963984540054 * sqrt(selected_var / selected_inspections + other_var / other_inspections)
        end as difference_low,
        case when selected_inspections >= 2 and other_inspections >= 2 then
            selected_mean - other_mean
            + 1.959963984540054 * sqrt(selected_var / selected_inspections + other_var / other_inspections)
        end as difference_high,
        not_judged::integer as not_judged
    from grouped
)

select * from final
order by period_kind, period_start
