-- grain: one row per consultation with both agencies' names (lbl_*) (every column of consultation_status, so
--        columns added later — e.g. a matched phrase — come through)
-- reads: wh.consultation_status, wh.stg_agencies, wh.task_status
select
    c.*,
    ra.name as lbl_requesting_agency_name,
    ca.name as lbl_consulted_agency_name,
    t.title as lbl_task_title
from wh.consultation_status c
left join wh.stg_agencies ra on ra.agency_id = c.requesting_agency_id
left join wh.stg_agencies ca on ca.agency_id = c.consulted_agency_id
left join wh.task_status t on t.task_id = c.task_id
order by c.sent_on desc, c.consultation_id
