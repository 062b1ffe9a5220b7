-- grain: one row per agency (for filters and labels)
-- reads: wh.stg_agencies
select agency_id, name, kind from wh.stg_agencies
order by name, agency_id
