-- grain: one row per loaded task; defaults of the contract applied (decided_by = agency, is_key = false)
-- reads: valid_tasks
select
    task_id,
    title,
    source,
    source_ref,
    owner_agency_id,
    lead_official_id,
    coalesce(decided_by, 'agency') as decided_by,
    assigned_on,
    due_on,
    completed_on,
    coalesce(is_key, false) as is_key,
    _row as source_row
from valid_tasks
