-- grain: one row per quarter of agency $agency_id's scorecard over time, from $start to $end (the quarters
--        that overlap the period), oldest first
-- reads: wh.agency_period_scores
select *
from wh.agency_period_scores
where agency_id = $agency_id and period_end >= $start and period_start <= $end
order by period_start
