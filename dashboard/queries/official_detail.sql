-- grain: one row for official $official_id (none when they do not exist): who they are (name, agency,
--        position, category, service dates) and their scorecard as official_scorecard carries it
-- reads: wh.stg_officials, wh.official_scorecard, wh.stg_agencies
select
    o.official_id,
    o.full_name,
    o.agency_id,
    a.name as agency_name,
    o.position,
    o.category,
    o.active_from,
    o.active_to,
    s.* exclude (official_id, agency_id, full_name, agency_name),
    s.min_tasks as lbl_min_tasks  -- the fairness minimum the scorecard judged with
from wh.stg_officials o
left join wh.stg_agencies a on a.agency_id = o.agency_id
left join wh.official_scorecard s on s.official_id = o.official_id
where o.official_id = $official_id
