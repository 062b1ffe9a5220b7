-- grain: one row per inspection started in [$start, $end] (NULL = unbounded), with the inspected and the inspecting agency's names
-- reads: wh.stg_inspections, wh.stg_agencies
select
    i.inspection_id,
    i.agency_id,
    a.name as agency_name,
    i.inspector_agency_id,
    ia.name as inspector_agency_name,
    i.started_on,
    i.kind,
    i.findings
from wh.stg_inspections i
left join wh.stg_agencies a on a.agency_id = i.agency_id
left join wh.stg_agencies ia on ia.agency_id = i.inspector_agency_id
where ($start is null or i.started_on >= $start) and ($end is null or i.started_on <= $end)
order by i.started_on desc, i.inspection_id
