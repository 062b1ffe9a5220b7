-- grain: one row per official under review with a record behind a reason covering a day from $start to $end
--        (NULL = unbounded)
--        (personnel_review_periods; every column of personnel_review, its own on-time rate and the
--        minimum it judged with among them), with names under lbl_* columns; the list columns
--        reason_codes, rule_ids and records come as text "a; b" (a frame of list cells is slow to read and to
--        cache: ~0.1 s for 5,600 officials on a province warehouse; the page shows them joined anyway)
-- reads: wh.personnel_review, wh.personnel_review_periods, wh.stg_officials, wh.stg_agencies
select
    r.* replace (
        array_to_string(r.reason_codes, '; ') as reason_codes,
        array_to_string(r.rule_ids, '; ') as rule_ids,
        array_to_string(r.records, '; ') as records
    ),
    o.full_name as lbl_official_name,
    o.position as lbl_position,
    o.category as lbl_category,
    a.name as lbl_agency_name
from wh.personnel_review r
left join wh.stg_officials o on o.official_id = r.official_id
left join wh.stg_agencies a on a.agency_id = r.agency_id
where r.official_id in (
    select p.official_id from wh.personnel_review_periods p where ($end is null or p.covers_from <= $end) and ($start is null or p.covers_to >= $start)
)
order by case r.severity when 'high' then 0 when 'medium' then 1 else 2 end, a.name, o.full_name, r.official_id
