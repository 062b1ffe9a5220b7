-- grain: the rows of agency_shifting_rate as built (one per agency), with the agency's name; ranked first
-- reads: wh.agency_shifting_rate, wh.stg_agencies
select r.*, a.name as lbl_agency_name
from wh.agency_shifting_rate r
left join wh.stg_agencies a on a.agency_id = r.agency_id
order by r.shifting_rank nulls last, r.agency_id
