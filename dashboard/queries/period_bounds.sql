-- grain: one row: the first date the records hold (the earliest task assignment) and the data date, the range
--        the period control offers
-- reads: wh.task_status, wh.build_params
select (select min(assigned_on) from wh.task_status) as first_on, p.as_of
from wh.build_params p
