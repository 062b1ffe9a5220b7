-- Read as organised now, no task is lost or counted twice: returns a row when the two readings disagree.
select then_tasks, now_tasks
from (
    select
        (select coalesce(sum(tasks_total), 0) from agency_scorecard where current_agency_id is not null)
            as then_tasks,
        (select coalesce(sum(tasks_total), 0) from agency_scorecard_current) as now_tasks
)
where then_tasks <> now_tasks
