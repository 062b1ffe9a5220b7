-- grain: one row per loaded agency succession (agency_successions file, validated; pipelines/sources.py)
-- reads: valid_agency_successions
select from_agency_id, to_agency_id, effective_on, kind, basis, confidence, source_note, _row as source_row
from valid_agency_successions
