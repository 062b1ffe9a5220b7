-- grain: one row per owner agency, source, aging bucket and key flag among the overdue tasks (open and overdue;
--        also done late when $include_done_late) whose deadline fell in [$start, $end] (NULL = unbounded), with the number of tasks: the page's filter choices, KPIs,
--        chart and the full count of its filtered table, without reading the tasks themselves
-- reads: wh.task_overdue_list
select
    owner_agency_id,
    any_value(owner_agency_name) as owner_agency_name,
    source,
    bucket,
    is_key,
    count(*) as tasks
from wh.task_overdue_list
where (status = 'open_overdue' or ($include_done_late and status = 'done_late'))
    and ($start is null or due_on >= $start)
    and ($end is null or due_on <= $end)
group by owner_agency_id, source, bucket, is_key
