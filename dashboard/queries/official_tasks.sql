-- grain: one row per task led by official $official_id, newest deadline first: the columns the official page shows
--        (the task, its title and key flag, deadline, completion, status, days overdue and transfers)
-- reads: wh.task_status
-- Only what the page shows: an official may lead thousands of tasks and task_status has some forty columns.
select t.task_id, t.title, t.is_key, t.due_on, t.completed_on, t.status, t.days_overdue, t.transfer_count
from wh.task_status t
where t.lead_official_id = $official_id
order by t.due_on desc nulls last, t.task_id
