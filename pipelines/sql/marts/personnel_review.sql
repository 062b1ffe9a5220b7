-- grain: one row per official with at least one review reason (contract §3); placeholder until the rules land
-- reads: stg_officials
select null::varchar as official_id, null::varchar as agency_id, null::varchar as reasons, null::varchar as severity
from stg_officials
where false
