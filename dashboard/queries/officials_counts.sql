-- grain: one row per agency and ranked-or-not (enough_data) of the officials page over the period $period_kind
--        starting $period_start: the number of officials, of tasks due and their outcomes — the page's agency
--        choices, KPIs and the full count of its table
-- reads: wh.official_scorecard (every official), wh.official_period_scorecard (the period's counts)
-- An official with nothing in the period has no row in the mart: counted, with no task and not ranked.
select
    o.agency_id,
    any_value(o.agency_name) as agency_name,
    coalesce(s.enough_data, false) as enough_data,
    count(*)::integer as officials,
    coalesce(sum(s.tasks_due), 0)::integer as tasks_due,
    coalesce(sum(s.done_on_time), 0)::integer as done_on_time,
    coalesce(sum(s.done_late), 0)::integer as done_late,
    coalesce(sum(s.open_overdue), 0)::integer as open_overdue,
    any_value(o.min_tasks) as min_tasks
from wh.official_scorecard o
left join wh.official_period_scorecard s
    on s.official_id = o.official_id and s.period_kind = $period_kind and s.period_start = $period_start
group by o.agency_id, coalesce(s.enough_data, false)
order by agency_name, o.agency_id, enough_data
