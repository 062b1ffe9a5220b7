-- grain: one row per agency of inspection_risk, with its components as columns (the page's risk table)
-- reads: wh.inspection_risk
select * exclude (components)
from wh.inspection_risk
order by risk_rank nulls last, agency_id
