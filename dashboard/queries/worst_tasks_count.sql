-- grain: one row: the number of tasks worst_tasks lists under the same filters ($agencies, $start, $end)
-- reads: wh.task_handover_burden
select count(*)::integer as tasks
from wh.task_handover_burden b
where ($agencies is null or list_contains($agencies, b.owner_agency_id))
    and b.first_handover_on <= $end
    and b.last_handover_on >= $start
