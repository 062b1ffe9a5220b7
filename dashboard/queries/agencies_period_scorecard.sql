-- grain: one row per agency of the reading $organised ('then': as organised then; 'now': in force, with the work
--        it carries) for the period $period_kind starting $period_start (agency_period_scorecard), ranked first;
--        as organised then, who carries its work now; as organised now, the agencies whose work it carries
-- reads: wh.agency_period_scorecard, wh.agency_lineage, wh.stg_agencies
select
    s.*,
    l.current_agency_id,
    c.name as current_name,
    (
        select string_agg(p.name || ' (' || p.agency_id || ')', '; ' order by p.agency_id)
        from wh.agency_lineage pl
        join wh.stg_agencies p on p.agency_id = pl.agency_id
        where $organised = 'now' and pl.current_agency_id = s.agency_id and pl.agency_id <> s.agency_id
    ) as predecessors_text
from wh.agency_period_scorecard s
left join wh.agency_lineage l on l.agency_id = s.agency_id
left join wh.stg_agencies c on c.agency_id = l.current_agency_id
where s.organised = $organised and s.period_kind = $period_kind and s.period_start = $period_start
order by s.rank_position nulls last, s.name, s.agency_id
