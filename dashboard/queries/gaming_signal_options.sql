-- grain: one row per agency with gaming signals (the page's agency filter), with its signal count
-- reads: wh.gaming_signals
select agency_id, any_value(agency_name) as agency_name, count(*) as signals
from wh.gaming_signals
group by agency_id
order by agency_id
