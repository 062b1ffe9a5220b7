-- overview: agencies in force with the most open overdue key tasks (then open overdue tasks), as organised now
-- (agency_scorecard_current: the work of agencies merged into one is counted under it)
select agency_id, name, kind, key_open_overdue, open_overdue, tasks_total, tasks_due, on_time_rate,
    on_time_rate_low, on_time_rate_high
from wh.agency_scorecard_current
where key_open_overdue > 0 or open_overdue > 0
order by key_open_overdue desc, open_overdue desc, agency_id
limit $limit
