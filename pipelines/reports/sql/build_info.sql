-- grain: one row: the warehouse's judging day, evaluation year and the city agency (the issuing level)
-- reads: build_params, stg_agencies
select
    p.as_of,
    p.evaluation_year,
    (select name from stg_agencies where kind = 'city' order by agency_id limit 1) as city_name
from build_params p
