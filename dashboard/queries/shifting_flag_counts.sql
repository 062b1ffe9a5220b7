-- grain: one row per agency and kind of shifting flag that occurred in [$start, $end] (NULL = unbounded), with
--        the number of flags: the page's filter choices, KPIs, chart and the full count of its filtered tables
-- reads: wh.shifting_flags, wh.stg_agencies
select f.agency_id, any_value(a.name) as agency_name, f.kind, count(*) as flags
from wh.shifting_flags f
left join wh.stg_agencies a on a.agency_id = f.agency_id
where ($start is null or f.occurred_on >= $start) and ($end is null or f.occurred_on <= $end)
group by f.agency_id, f.kind
