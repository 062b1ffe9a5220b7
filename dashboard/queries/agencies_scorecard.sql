-- grain: one row per agency as organised then (the agency that held each record): its scorecard with the fairness
--        minimum, enough_data and its rank, as the mart carries them, ranked first; and who carries its work now
-- reads: wh.agency_scorecard, wh.stg_agencies
select s.*, c.name as current_name
from wh.agency_scorecard s
left join wh.stg_agencies c on c.agency_id = s.current_agency_id
order by s.rank_position nulls last, s.name, s.agency_id
