-- grain: one row per agency and year with ratings (a contract table, docs/warehouse.md)
-- reads: stg_annual_ratings, stg_officials, settings, rules (grading rule set in force on 31/12 of the year)
-- cap_limit = floor(cap_ratio × good): at most that many excellent grades (Decree 90/2020 as amended by
-- Decree 48/2023 with Guidance 21-HD/BTCTW to 2025; Decree 335/2025 Art. 20(5)(a) from 2026).
-- cap_ratio is the rule set's unless --config sets grading.cap_ratio_overrides.<agency_id> (the
-- outstanding-unit exception of Regulation 366-QĐ/TW, up to 0.25). The agency of a grade is the
-- official's agency in stg_officials. A year no grading rule set covers has no cap (cap_limit NULL).
with

ratings as (select * from stg_annual_ratings),

officials as (select official_id, agency_id from stg_officials),

counted as (
    select
        o.agency_id,
        r.year,
        count(*) filter (where r.grade = 'excellent') as excellent,
        count(*) filter (where r.grade = 'good') as good,
        count(*) filter (where r.grade = 'complete') as complete,
        count(*) filter (where r.grade = 'incomplete') as incomplete
    from ratings r
    join officials o using (official_id)
    group by o.agency_id, r.year
),

ruled as (
    select
        c.*,
        rule_for('grading', 'cap_ratio', make_date(c.year, 12, 31)) as cap_rule,
        setting_num('grading.cap_ratio_overrides.' || c.agency_id) as cap_override
    from counted c
),

capped as (
    select
        r.*,
        coalesce(cap_override, cap_rule.value_num) as cap_ratio,
        case when cap_override is not null then 'config' when cap_rule.rule_id is not null then 'rule' end
            as cap_ratio_origin
    from ruled r
),

final as (
    select
        agency_id,
        year::integer as year,
        excellent::integer as excellent,
        good::integer as good,
        complete::integer as complete,
        incomplete::integer as incomplete,
        -- rounded before the floor so that a ratio like 0.29 × 100 is 29, not 28.999…
        floor(round(cap_ratio * good, 9))::integer as cap_limit,
        excellent > floor(round(cap_ratio * good, 9)) as cap_exceeded,
        cap_ratio,
        cap_ratio_origin,
        greatest(excellent - floor(round(cap_ratio * good, 9)), 0)::integer as excess,
        (excellent + good + complete + incomplete)::integer as graded,
        cap_rule.rule_set_id as rule_set_id,
        cap_rule.rule_id as rule_id,
        cap_rule.article as article
    from capped
)

select * from final
order by year, agency_id
