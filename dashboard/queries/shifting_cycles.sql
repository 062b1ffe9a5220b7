-- grain: the rows of handover_cycles as built (one per task with a cycle longer than a ping-pong) of tasks owned
--        by the agencies $agencies (NULL = all) whose cycle started in [$start, $end] (NULL = unbounded)
-- reads: wh.handover_cycles (run only when the table exists)
select *
from wh.handover_cycles
where ($agencies is null or list_contains($agencies, owner_agency_id))
    and ($start is null or cycle_started_on >= $start)
    and ($end is null or cycle_started_on <= $end)
