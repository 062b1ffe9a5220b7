-- grain: one row per disciplinary action in effect at some time in [$start, $end] (decided by $end, its effect not
--        ended before $start; NULL = unbounded) with its in-effect period, the official's and agency's names under lbl_* columns
--        (every column of discipline_periods, so a rule id or article added later comes through)
-- reads: wh.discipline_periods, wh.stg_officials, wh.stg_agencies, wh.build_params, wh.official_service
--        (lbl_has_left: the official has left, e.g. dismissed)
select
    d.*,
    o.full_name as lbl_official_name,
    o.agency_id as lbl_agency_id,
    a.name as lbl_agency_name,
    p.as_of as lbl_as_of,
    coalesce(s.has_left, false) as lbl_has_left
from wh.discipline_periods d
left join wh.stg_officials o on o.official_id = d.official_id
left join wh.stg_agencies a on a.agency_id = o.agency_id
left join wh.official_service s on s.official_id = d.official_id
cross join wh.build_params p
where ($end is null or d.decided_on <= $end) and ($start is null or d.effect_ends_on is null or d.effect_ends_on >= $start)
order by d.in_effect desc, d.decided_on desc, d.action_id
