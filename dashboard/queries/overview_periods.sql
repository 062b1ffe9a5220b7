-- overview: one row per period of the given kind ('month' or 'quarter'), oldest first (mart task_trend)
select period_kind, period_start, period_end, counted_to, is_partial, tasks_due, done_on_time, done_late,
    open_overdue, on_time_rate, on_time_rate_low, on_time_rate_high, open_overdue_at_end, key_open_overdue_at_end
from wh.task_trend
where period_kind = $kind
order by period_start
