-- grain: one row per task led by official $official_id, newest deadline first, with the owner agency's name
-- reads: wh.task_status, wh.stg_agencies
select t.*, a.name as owner_agency_name
from wh.task_status t
left join wh.stg_agencies a on a.agency_id = t.owner_agency_id
where t.lead_official_id = $official_id
order by t.due_on desc nulls last, t.task_id
