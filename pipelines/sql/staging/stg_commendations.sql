-- grain: one row per official, year and title awarded
-- reads: valid_commendations
select official_id, year::integer as year, title, decided_on, _row as source_row
from valid_commendations
