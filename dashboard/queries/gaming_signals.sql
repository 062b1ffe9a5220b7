-- grain: one row per gaming signal matching the page's filters (kinds, agencies: NULL = all) that occurred in
--        the period $start to $end (both days included; NULL = unbounded)
-- reads: wh.gaming_signals, wh.stg_officials
select
    g.signal_id, g.kind, g.agency_id, g.agency_name, g.official_id, o.full_name, g.task_id, g.task_title,
    g.occurred_on, g.evidence
from wh.gaming_signals g
left join wh.stg_officials o using (official_id)
where ($kinds is null or list_contains($kinds, g.kind))
    and ($agencies is null or list_contains($agencies, g.agency_id))
    and ($start is null or g.occurred_on >= $start) and ($end is null or g.occurred_on <= $end)
order by g.occurred_on desc, g.signal_id
