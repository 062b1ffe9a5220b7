-- grain: one row per loaded task event; occurred_at keeps the time where the file gave one
-- reads: valid_task_events
select
    event_id,
    task_id,
    occurred_on as occurred_at,
    occurred_on::date as occurred_on,
    kind,
    from_agency_id,
    to_agency_id,
    official_id,
    reason,
    new_due_on,
    _row as source_row
from valid_task_events
