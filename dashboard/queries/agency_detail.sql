-- grain: one row for agency $agency_id (none when it does not exist): its scorecard, its parent's name and
--        the fairness minimum under lbl_* columns
-- reads: wh.agency_scorecard, wh.stg_agencies
select
    s.*,
    a.parent_id as lbl_parent_id,
    p.name as lbl_parent_name,
    s.min_tasks as lbl_min_tasks  -- the fairness minimum the scorecard judged with
from wh.agency_scorecard s
left join wh.stg_agencies a on a.agency_id = s.agency_id
left join wh.stg_agencies p on p.agency_id = a.parent_id
where s.agency_id = $agency_id
