-- grain: one row per agency and year with ratings (contract §3); placeholder until the rules land
-- reads: stg_annual_ratings
select
    null::varchar as agency_id, null::integer as year, null::integer as excellent, null::integer as good,
    null::integer as complete, null::integer as incomplete, null::integer as cap_limit,
    null::boolean as cap_exceeded
from stg_annual_ratings
where false
