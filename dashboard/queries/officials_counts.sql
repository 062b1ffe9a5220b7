-- grain: one row per agency and ranked-or-not (enough_data) of the officials page over the period $period_kind
--        starting $period_start: the number of officials, of tasks due and their outcomes — the page's agency
--        choices, KPIs and the full count of its table
-- reads: wh.official_period_scorecard, wh.stg_agencies
with

counted as (
    select
        agency_id,
        enough_data,
        count(*)::integer as officials,
        sum(tasks_due)::integer as tasks_due,
        sum(done_on_time)::integer as done_on_time,
        sum(done_late)::integer as done_late,
        sum(open_overdue)::integer as open_overdue,
        any_value(min_tasks) as min_tasks
    from wh.official_period_scorecard
    where period_kind = $period_kind and period_start = $period_start
    group by agency_id, enough_data
)

select c.agency_id, a.name as agency_name, c.* exclude (agency_id)
from counted c
left join wh.stg_agencies a on a.agency_id = c.agency_id
order by agency_name, c.agency_id, c.enough_data
