-- grain: one row per loaded official in agencies $agencies (NULL = all), only those ranked when $enough_only, over
--        the period $period_kind starting $period_start (official_period_scorecard), ranked first; the first $limit
-- reads: wh.official_scorecard (every official: names, agency, discipline and service as on the data date),
--        wh.official_period_scorecard (the period's counts, rate and rank; ranked among every official of the
--        period, before the agency filter)
-- An official with nothing in the period has no row in the mart: no task (0), no rate, no rank.
select
    o.official_id,
    o.agency_id,
    coalesce(s.tasks_led, 0) as tasks_led,
    coalesce(s.done_on_time, 0) as done_on_time,
    coalesce(s.done_late, 0) as done_late,
    coalesce(s.open_overdue, 0) as open_overdue,
    coalesce(s.key_tasks_done, 0) as key_tasks_done,
    coalesce(s.early_completions, 0) as early_completions,
    coalesce(s.shifting_actions, 0) as shifting_actions,
    coalesce(s.tasks_due, 0) as tasks_due,
    s.on_time_rate,
    s.on_time_rate_low,
    s.on_time_rate_high,
    o.min_tasks,
    coalesce(s.enough_data, false) as enough_data,
    s.rank_position,
    o.full_name,
    o.position,
    o.category,
    o.agency_name,
    o.disciplined_in_effect,
    o.has_left,
    o.left_on,
    o.left_label
from wh.official_scorecard o
left join wh.official_period_scorecard s
    on s.official_id = o.official_id and s.period_kind = $period_kind and s.period_start = $period_start
where ($agencies is null or list_contains($agencies, o.agency_id)) and (not $enough_only or s.enough_data)
order by s.rank_position nulls last, o.agency_name, o.full_name, o.official_id
limit $limit
