-- grain: one row: the evaluation year, the day its commendation rule set was chosen on (rules_judged_on: the
--        first working day after a past year, as_of for the year in progress) and that rule set's title and
--        legal basis (NULL when no rule set covers the day: the page then says so)
-- reads: wh.build_params, wh.commendation_candidates, wh.rule_sets
with

chosen as (
    select any_value(rules_judged_on) as rules_judged_on, any_value(rule_set_id) as rule_set_id
    from wh.commendation_candidates
)

select
    p.evaluation_year as year,
    p.evaluation_year >= year(p.as_of) as year_in_progress,
    c.rules_judged_on,
    c.rule_set_id,
    r.title as rule_set_title,
    r.legal_basis
from wh.build_params p
cross join chosen c
left join wh.rule_sets r on r.rule_set_id = c.rule_set_id
