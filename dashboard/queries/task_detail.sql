-- grain: one row for task $task_id (none when it does not exist): its status row, the owner agency's and lead
--        official's names, its hand-over summary (count, chain of agencies) and the days it was held outside
--        its owner under lbl_* columns
-- reads: wh.task_status, wh.stg_agencies, wh.stg_officials, wh.task_handover_summary, wh.task_handover_burden
select
    t.*,
    a.name as lbl_owner_agency_name,
    o.full_name as lbl_lead_official_name,
    s.handover_count as lbl_handover_count,
    s.chain as lbl_chain,
    s.chain_ids as lbl_chain_ids,
    coalesce(b.days_outside_owner, 0) as lbl_days_outside_owner
from wh.task_status t
left join wh.stg_agencies a on a.agency_id = t.owner_agency_id
left join wh.stg_officials o on o.official_id = t.lead_official_id
left join wh.task_handover_summary s on s.task_id = t.task_id
left join wh.task_handover_burden b on b.task_id = t.task_id
where t.task_id = $task_id
