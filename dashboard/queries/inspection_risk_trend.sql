-- grain: one row per ranked agency and judging day (quarter ends and as_of) of inspection_risk_trend
-- reads: wh.inspection_risk_trend
select agency_id, name as agency_name, judged_on, period_code, is_current, risk_score, risk_rank, ranked_agencies
from wh.inspection_risk_trend
where ranked
order by judged_on, risk_rank
