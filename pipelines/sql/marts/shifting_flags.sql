-- grain: one row per finding of responsibility shifting (contract §3 shifting_flags)
-- reads: stg_tasks (placeholder until the shifting rules land: the table exists with its columns, empty)
select
    null::varchar as flag_id,
    null::varchar as kind,
    null::varchar as agency_id,
    null::varchar as task_id,
    null::varchar as consultation_id,
    null::date as occurred_on,
    null::varchar as evidence,
    null::varchar as event_id,
    null::varchar as official_id
from stg_tasks
where false
