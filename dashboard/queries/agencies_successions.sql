-- grain: one row per loaded agency succession (stg_agency_successions), with the agencies' names
-- reads: wh.stg_agency_successions, wh.stg_agencies
select
    s.effective_on,
    s.from_agency_id,
    f.name as from_name,
    s.kind,
    s.to_agency_id,
    t.name as to_name,
    s.basis,
    s.confidence,
    s.source_note
from wh.stg_agency_successions s
left join wh.stg_agencies f on f.agency_id = s.from_agency_id
left join wh.stg_agencies t on t.agency_id = s.to_agency_id
order by s.effective_on, s.from_agency_id, s.kind, s.to_agency_id
