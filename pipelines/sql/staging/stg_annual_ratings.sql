-- grain: one row per official and year graded
-- reads: valid_annual_ratings
select official_id, year::integer as year, grade, _row as source_row
from valid_annual_ratings
