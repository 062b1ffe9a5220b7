-- grain: one row per gaming signal on task $task_id, in the order they occurred (leads, never counted in grades)
-- reads: wh.gaming_signals, wh.stg_officials
select
    g.signal_id, g.kind, g.agency_id, g.agency_name, g.official_id, o.full_name, g.task_id, g.task_title,
    g.occurred_on, g.evidence
from wh.gaming_signals g
left join wh.stg_officials o using (official_id)
where g.task_id = $task_id
order by g.occurred_on, g.signal_id
