-- grain: one row per holding period of task $task_id (who held it when), in order, with the holder's name and
--        the names of the officials who handed it over to that holder and passed it on
-- reads: wh.task_custody, wh.stg_agencies, wh.stg_officials
select
    c.*,
    a.name as agency_name,
    fa.name as received_from_agency_name,
    hb.full_name as handed_over_by_name,
    pb.full_name as passed_on_by_name
from wh.task_custody c
left join wh.stg_agencies a on a.agency_id = c.agency_id
left join wh.stg_agencies fa on fa.agency_id = c.received_from_agency_id
left join wh.stg_officials hb on hb.official_id = c.handed_over_by
left join wh.stg_officials pb on pb.official_id = c.passed_on_by
where c.task_id = $task_id
order by c.period_number
