-- grain: one row per year, and one for all inspections, of inspection_effectiveness
-- reads: wh.inspection_effectiveness
select *
from wh.inspection_effectiveness
where period_kind in ('year', 'all')
order by period_kind = 'all', period_start
