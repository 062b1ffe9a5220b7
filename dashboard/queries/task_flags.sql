-- grain: one row per shifting flag on task $task_id (its hand-overs, ping-pong and its consultations), in the
--        order they occurred, every column of the mart (decisions on them come through when built)
-- reads: wh.shifting_flags
select *
from wh.shifting_flags
where task_id = $task_id
order by occurred_on nulls last, flag_id
