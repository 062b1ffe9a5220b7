-- grain: one row per agency: where its work is carried now (agency_lineage), with the names to show
-- reads: wh.agency_lineage, wh.stg_agencies
select
    l.agency_id,
    a.name,
    a.kind,
    l.current_agency_id,
    c.name as current_name,
    l.current_since,
    l.path,
    l.changes,
    l.confidence,
    l.cycle,
    (select count(*) from wh.agency_lineage p where p.current_agency_id = l.agency_id and p.agency_id <> l.agency_id)
        as predecessors
from wh.agency_lineage l
join wh.stg_agencies a on a.agency_id = l.agency_id
left join wh.stg_agencies c on c.agency_id = l.current_agency_id
order by a.name, l.agency_id
