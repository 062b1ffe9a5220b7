-- grain: one row per loaded inspection
-- reads: valid_inspections
select inspection_id, agency_id, inspector_agency_id, started_on, kind, coalesce(findings, 0) as findings,
    _row as source_row
from valid_inspections
