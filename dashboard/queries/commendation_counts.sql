-- grain: one row per agency, proposed title and eligibility among the commendation candidates, with the number
--        of officials: the page's filter choices, KPIs and the full counts of its filtered tables
-- reads: wh.commendation_candidates, wh.stg_agencies
select c.agency_id, any_value(a.name) as agency_name, c.proposed_title, c.eligible, count(*) as officials
from wh.commendation_candidates c
left join wh.stg_agencies a on a.agency_id = c.agency_id
group by c.agency_id, c.proposed_title, c.eligible
