-- grain: one row per loaded official
-- reads: valid_officials
select official_id, full_name, agency_id, position, category, active_from, active_to, _row as source_row
from valid_officials
