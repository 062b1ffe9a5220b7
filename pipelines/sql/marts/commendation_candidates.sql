-- grain: one row per official for the evaluation year (contract §3); placeholder until the rules land
-- reads: stg_officials
select
    null::varchar as official_id, null::varchar as agency_id, null::integer as year, null::varchar as grade,
    null::double as on_time_rate_low, null::integer as tasks_due, null::integer as key_tasks_done,
    null::integer as initiatives, null::boolean as disciplined, null::boolean as eligible,
    null::varchar as proposed_title, null::double as score, null::varchar as reasons
from stg_officials
where false
