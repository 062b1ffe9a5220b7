-- grain: one row: the warehouse's judging day, evaluation year, city agency and latest build
-- reads: build_params, stg_agencies, build_runs
select
    p.as_of,
    p.evaluation_year,
    (select name from stg_agencies where kind = 'city' order by agency_id limit 1) as city_name,
    (select max(finished_at) from build_runs) as built_at
from build_params p
