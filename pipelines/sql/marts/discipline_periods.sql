-- grain: one row per disciplinary action, with the period during which it is in effect
-- reads: stg_disciplinary_actions, build_params, rules (rule set in force on the decision date)
-- The length of the period comes from the discipline rule set in force on decided_on: 12 months for
-- reprimand, warning and salary reduction, 24 for demotion and removal (Law on Cadres and Civil
-- Servants Art. 82 as amended 2019; Law on Public Employees Art. 56); dismissal ends service and has
-- no end. The decision is taken to have effect on decided_on (the inputs carry no separate date).
-- Counting (Civil Code Art. 147-148): the period starts the day after the decision and ends at the
-- end (24:00) of the corresponding day of its last month, or that month's last day when it has no
-- such day. So a reprimand decided on 30/06/2022 is in effect through 30/06/2023 inclusive, and over
-- from 01/07/2023; one decided 29/02/2024 ends 28/02/2025. effect_ends_on is that last day. Art.
-- 148(5) (a last day off runs to the next working day) is not applied: it serves deadlines for
-- acting, and stretching a restriction over a holiday would only weigh on the official.
with

actions as (select * from stg_disciplinary_actions),

ruled as (
    select
        a.*,
        rule_for('discipline', 'effect_months.' || a.form, a.decided_on) as months_rule,
        rule_for('discipline', 'ends_service.' || a.form, a.decided_on) as ends_rule
    from actions a
),

periods as (
    select
        r.*,
        months_rule.value_num::integer as effect_months,
        coalesce(ends_rule.value = 'true', false) as ends_service,
        case
            when months_rule.value_num is not null
                then (r.decided_on + to_months(months_rule.value_num::integer))::date
        end as effect_ends_on,
        coalesce(months_rule.rule_id, ends_rule.rule_id) as rule_id,
        coalesce(months_rule.rule_set_id, ends_rule.rule_set_id) as rule_set_id,
        coalesce(months_rule.article, ends_rule.article) as article
    from ruled r
),

final as (
    select
        action_id,
        official_id,
        decided_on,
        form,
        violation,
        violation_year,
        effect_ends_on,
        coalesce(decided_on <= p.as_of and (ends_service or p.as_of <= effect_ends_on), false) as in_effect,
        effect_months,
        ends_service,
        rule_set_id,
        rule_id,
        article
    from periods
    cross join build_params p
)

select * from final
