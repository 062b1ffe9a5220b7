-- Every loaded task has exactly one task_status row: returns tasks missing or repeated.
select t.task_id, count(s.task_id) as rows_in_task_status
from stg_tasks t
left join task_status s using (task_id)
group by t.task_id
having count(s.task_id) <> 1
