-- grain: one row: the minimum number of tasks due below which a rate is "insufficient data"
-- reads: wh.settings (key fairness.min_tasks_for_rate; 5 when absent)
select coalesce(
    (select try_cast(value as integer) from wh.settings where key = 'fairness.min_tasks_for_rate'), 5
) as min_tasks
