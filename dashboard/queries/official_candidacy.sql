-- grain: one row (or none) for official $official_id in the evaluation year's commendation candidates: every
--        column of commendation_candidates, list columns as text "a; b"
-- reads: wh.commendation_candidates
select *
from wh.commendation_candidates
where official_id = $official_id
