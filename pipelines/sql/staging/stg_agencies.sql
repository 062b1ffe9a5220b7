-- grain: one row per loaded agency (agencies file, validated)
-- reads: valid_agencies
select agency_id, name, kind, parent_id, _row as source_row
from valid_agencies
