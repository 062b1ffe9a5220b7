-- grain: one row per kind of gaming signal matching the page's filters (kinds, agencies: NULL = all; $start,
--        $end: NULL = unbounded), with the number of signals: the page's KPIs and the full count of its list (gaming_signals)
-- reads: wh.gaming_signals
select g.kind, count(*)::integer as signals
from wh.gaming_signals g
where ($kinds is null or list_contains($kinds, g.kind))
    and ($agencies is null or list_contains($agencies, g.agency_id))
    and ($start is null or g.occurred_on >= $start) and ($end is null or g.occurred_on <= $end)
group by g.kind
order by g.kind
