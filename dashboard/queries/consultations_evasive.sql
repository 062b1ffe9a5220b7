-- grain: one row per consultation_evasive flag, with its evidence (the answer and the phrase it matched)
-- reads: wh.shifting_flags, wh.stg_agencies
select f.flag_id, f.consultation_id, f.agency_id, a.name as agency_name, f.occurred_on, f.evidence
from wh.shifting_flags f
left join wh.stg_agencies a on a.agency_id = f.agency_id
where f.kind = 'consultation_evasive'
order by f.occurred_on desc nulls last, f.flag_id
