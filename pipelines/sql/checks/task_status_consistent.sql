-- A status agrees with its dates and days_overdue is never negative: returns the rows that do not.
select task_id, status, due_on, completed_on, days_overdue
from task_status
where days_overdue < 0
   or (status = 'no_deadline') <> (due_on is null)
   or (status in ('done_on_time', 'done_late') and completed_on is null)
   or (status in ('open_on_time', 'open_overdue') and completed_on is not null)
   or (status not in ('done_late', 'open_overdue') and days_overdue <> 0)
