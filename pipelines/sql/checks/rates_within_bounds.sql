-- Rates are fractions in [0, 1] with low <= rate <= high: returns the scorecard rows that break it.
select 'agency' as scorecard, agency_id as id, on_time_rate, on_time_rate_low, on_time_rate_high
from agency_scorecard
where on_time_rate not between 0 and 1
   or on_time_rate_low > on_time_rate + 1e-9 or on_time_rate_high < on_time_rate - 1e-9
union all
select 'official', official_id, on_time_rate, on_time_rate_low, on_time_rate_high
from official_scorecard
where on_time_rate not between 0 and 1
   or on_time_rate_low > on_time_rate + 1e-9 or on_time_rate_high < on_time_rate - 1e-9
union all
select 'agency_current', agency_id, on_time_rate, on_time_rate_low, on_time_rate_high
from agency_scorecard_current
where on_time_rate not between 0 and 1
   or on_time_rate_low > on_time_rate + 1e-9 or on_time_rate_high < on_time_rate - 1e-9
