-- grain: one row: the number of distinct tasks with at least one ping-pong flag
-- reads: wh.shifting_flags
select count(distinct task_id) as tasks
from wh.shifting_flags
where kind = 'ping_pong'
