-- grain: one row per recognised initiative (sáng kiến)
-- reads: valid_initiatives
select initiative_id, official_id, title, recognized_on, scope, _row as source_row
from valid_initiatives
