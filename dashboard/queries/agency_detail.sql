-- grain: one row for agency $agency_id (none when it does not exist): its scorecard, its parent's name and
--        the fairness minimum under lbl_* columns
-- reads: wh.agency_scorecard, wh.stg_agencies, wh.settings
select
    s.*,
    a.parent_id as lbl_parent_id,
    p.name as lbl_parent_name,
    coalesce(
        (select try_cast(value as integer) from wh.settings where key = 'fairness.min_tasks_for_rate'), 5
    ) as lbl_min_tasks
from wh.agency_scorecard s
left join wh.stg_agencies a on a.agency_id = s.agency_id
left join wh.stg_agencies p on p.agency_id = a.parent_id
where s.agency_id = $agency_id
