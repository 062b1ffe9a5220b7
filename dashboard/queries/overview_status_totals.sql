-- overview: tasks by status as of as_of (counts of task_status, the whole warehouse)
select status, count(*)::integer as tasks, count(*) filter (where is_key)::integer as key_tasks
from wh.task_status
group by status
order by status
