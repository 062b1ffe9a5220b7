-- grain: one row per official on the personnel review list without a review outcome (official_id not among
--        $decided, read live from the decision store), most severe first, the first $limit rows, with the
--        count of all in `undecided` and the names under lbl_* columns
-- reads: wh.personnel_review, wh.stg_officials, wh.stg_agencies
select
    r.official_id,
    r.agency_id,
    r.severity,
    r.reasons,
    o.full_name as lbl_official_name,
    o.position as lbl_position,
    a.name as lbl_agency_name,
    count(*) over () as undecided
from wh.personnel_review r
left join wh.stg_officials o on o.official_id = r.official_id
left join wh.stg_agencies a on a.agency_id = r.agency_id
where r.official_id not in (select unnest($decided::varchar[]))
order by r.severity, r.reason_count desc, r.agency_id, r.official_id
limit $limit
