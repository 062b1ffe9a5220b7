-- grain: one row per gaming signal matching the page's filters (kinds, agencies: NULL = all) that occurred in
--        the period $start to $end (both days included; NULL = unbounded), latest first, the first $limit rows
-- reads: wh.gaming_signals, wh.stg_officials
-- The rows are picked first by row id, then read whole and named: the evidence and the officials' names are read
-- for the rows shown only (joining first named all 276,215 signals of a province for the first 1,000: 0.5 s).
-- gaming_signal_counts counts them under the same filters.
with

ids as (
    select g.rowid as row_id
    from wh.gaming_signals g
    where ($kinds is null or list_contains($kinds, g.kind))
        and ($agencies is null or list_contains($agencies, g.agency_id))
        and ($start is null or g.occurred_on >= $start) and ($end is null or g.occurred_on <= $end)
    order by g.occurred_on desc, g.signal_id
    limit $limit
),

picked as (
    select signal_id, kind, agency_id, agency_name, official_id, task_id, task_title, occurred_on, evidence
    from wh.gaming_signals
    where rowid in (select row_id from ids)
)

select
    p.signal_id, p.kind, p.agency_id, p.agency_name, p.official_id, o.full_name, p.task_id, p.task_title,
    p.occurred_on, p.evidence
from picked p
left join wh.stg_officials o using (official_id)
order by p.occurred_on desc, p.signal_id
