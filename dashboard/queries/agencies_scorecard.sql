-- grain: one row per agency: its scorecard with the fairness minimum, enough_data and its rank, as the mart
--        carries them, ranked first
-- reads: wh.agency_scorecard
select *
from wh.agency_scorecard
order by rank_position nulls last, name, agency_id
