-- grain: one row per period ('current', 'previous'): the totals of tasks assigned in it
-- reads: period_task_counts (temporary)
select * exclude (dimension, key)
from period_task_counts
where dimension = 'total'
