-- grain: one row per official, year and disciplinary action where the official was graded good or
--   excellent in a year in which they were disciplined (a finding for the reviewer, not a regrade)
-- reads: stg_annual_ratings, stg_officials, stg_disciplinary_actions, rules (grading set of that year)
-- Disciplined in the evaluation year → incomplete (Decree 90/2020 Art. 2(5) added by Decree 48/2023,
-- to 2025; Decree 335/2025 from 2026: reprimand or above). "In the year" = decided in that calendar
-- year; a discipline is counted once, in the year of its decision. Where the violation was committed
-- in an earlier year (violation_year) the row says so: whether that earlier year's grading already
-- counted it is for the reviewer to check.
with

ratings as (select * from stg_annual_ratings where grade in ('good', 'excellent')),

officials as (select official_id, agency_id, full_name from stg_officials),

actions as (select * from stg_disciplinary_actions),

matched as (
    select
        r.official_id,
        o.agency_id,
        o.full_name,
        r.year,
        r.grade,
        a.action_id,
        a.decided_on,
        a.form,
        a.violation,
        a.violation_year,
        rule_for('grading', 'disciplined_in_year_grade', make_date(r.year, 12, 31)) as rule
    from ratings r
    join actions a on a.official_id = r.official_id and year(a.decided_on) = r.year
    join officials o on o.official_id = r.official_id
),

final as (
    select
        'graded_while_disciplined:' || official_id || ':' || year || ':' || action_id as finding_id,
        'graded_while_disciplined' as kind,
        official_id,
        agency_id,
        year::integer as year,
        grade,
        coalesce(rule.value, 'incomplete') as expected_grade,
        action_id,
        decided_on,
        form,
        violation,
        violation_year,
        rule.rule_set_id as rule_set_id,
        rule.rule_id as rule_id,
        rule.article as article,
        full_name || ' (' || official_id || ') được xếp loại '
            || case grade when 'excellent' then 'Hoàn thành xuất sắc nhiệm vụ' else 'Hoàn thành tốt nhiệm vụ' end
            || ' năm ' || year || ' nhưng bị kỷ luật ' || coalesce(e.label_vi, form)
            || ' theo quyết định ' || action_id || ' ngày ' || strftime(decided_on, '%d/%m/%Y')
            || case when violation_year is not null and violation_year < year
                then ' (vi phạm năm ' || violation_year || ': kiểm tra việc đã tính khi xếp loại năm đó)' else '' end
            || '; theo ' || coalesce(rule.article, 'quy định xếp loại') || ' [' || coalesce(rule.rule_id, '—')
            || '] phải xếp loại Không hoàn thành nhiệm vụ.' as evidence
    from matched
    left join enum_terms e on e.domain = 'discipline_form' and e.code = form
)

select * from final
order by year, agency_id, official_id, action_id
