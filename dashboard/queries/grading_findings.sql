-- grain: one row per agency, year, grade and rule: how many officials were graded good or excellent in a year
--        in which they were disciplined (counts only: the grading page names no one)
-- reads: wh.grading_findings, wh.stg_agencies (run only when the table exists)
select
    f.agency_id,
    a.name as agency_name,
    f.year,
    f.grade,
    f.rule_id,
    f.article,
    count(distinct f.official_id)::integer as findings
from wh.grading_findings f
left join wh.stg_agencies a on a.agency_id = f.agency_id
group by all
order by f.year desc, findings desc, a.name
