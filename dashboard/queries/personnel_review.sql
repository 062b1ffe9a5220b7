-- grain: one row per official under review (every column of personnel_review), with names and the
--        official's on-time rate, interval and n from official_scorecard under lbl_* columns; the list columns
--        reason_codes, rule_ids and records come as text "a; b" (a frame of list cells is slow to read and to
--        cache: ~0.1 s for 5,600 officials on a province warehouse; the page shows them joined anyway)
-- reads: wh.personnel_review, wh.stg_officials, wh.stg_agencies, wh.official_scorecard, wh.settings
select
    r.* replace (
        array_to_string(r.reason_codes, '; ') as reason_codes,
        array_to_string(r.rule_ids, '; ') as rule_ids,
        array_to_string(r.records, '; ') as records
    ),
    o.full_name as lbl_official_name,
    o.position as lbl_position,
    o.category as lbl_category,
    a.name as lbl_agency_name,
    s.tasks_due as lbl_tasks_due,
    s.on_time_rate as lbl_on_time_rate,
    s.on_time_rate_low as lbl_on_time_rate_low,
    s.on_time_rate_high as lbl_on_time_rate_high,
    coalesce(
        (select try_cast(value as integer) from wh.settings where key = 'fairness.min_tasks_for_rate'), 5
    ) as lbl_min_tasks
from wh.personnel_review r
left join wh.stg_officials o on o.official_id = r.official_id
left join wh.stg_agencies a on a.agency_id = r.agency_id
left join wh.official_scorecard s on s.official_id = r.official_id
order by case r.severity when 'high' then 0 when 'medium' then 1 else 2 end, a.name, o.full_name, r.official_id
