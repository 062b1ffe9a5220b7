-- grain: one row per agency and year with ratings (every column of grading_cap_check), with the agency name (lbl_*)
-- reads: wh.grading_cap_check, wh.stg_agencies
select g.*, a.name as lbl_agency_name
from wh.grading_cap_check g
left join wh.stg_agencies a on a.agency_id = g.agency_id
order by g.year desc, g.cap_exceeded desc, a.name, g.agency_id
