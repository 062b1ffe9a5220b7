-- grain: one row per consultation_evasive flag held against the agencies $agencies (NULL = all), with its
--        evidence (the answer and the phrase it matched), newest first, the first $limit rows (NULL = all)
-- reads: wh.shifting_flags, wh.stg_agencies
select f.flag_id, f.consultation_id, f.agency_id, a.name as agency_name, f.occurred_on, f.evidence
from wh.shifting_flags f
left join wh.stg_agencies a on a.agency_id = f.agency_id
where f.kind = 'consultation_evasive'
    and ($agencies is null or list_contains($agencies, f.agency_id))
order by f.occurred_on desc nulls last, f.flag_id
limit $limit
