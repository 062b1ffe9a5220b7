-- grain: one row per official: scorecard with name, agency name, fairness minimum and rank on the lower
--        bound of the on-time rate among officials with at least that many tasks due (NULL rank below it),
--        all as the mart carries them (joining and ranking 30,000 officials on every view cost half the time)
-- reads: wh.official_scorecard
select *
from wh.official_scorecard
order by rank_position nulls last, agency_name, full_name, official_id
