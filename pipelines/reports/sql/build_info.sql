-- grain: one row: the warehouse's judging day, evaluation year and the city agency (the issuing level)
-- reads: build_params, stg_agencies, agency_lineage (the issuing city is one in force as of as_of: after the
--   2025 merger, Hải Phòng's People's Committee, not Hải Dương's)
select
    p.as_of,
    p.evaluation_year,
    (
        select a.name
        from stg_agencies a
        join agency_lineage l on l.agency_id = a.agency_id and l.current_agency_id = a.agency_id
        where a.kind = 'city'
        order by a.agency_id
        limit 1
    ) as city_name
from build_params p
