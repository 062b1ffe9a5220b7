-- grain: one row per task handed over at least once, owned by the agencies $agencies (NULL = all) and handed
--        over within [$start, $end] (its first hand-over on or before $end, its last on or after $start): worst
--        first — most hand-overs, then most days held outside the owner — the first $limit rows (NULL = all)
-- reads: wh.task_handover_burden, wh.stg_agencies
select
    b.*,
    a.name as owner_agency_name
from wh.task_handover_burden b
left join wh.stg_agencies a on a.agency_id = b.owner_agency_id
where ($agencies is null or list_contains($agencies, b.owner_agency_id))
    and b.first_handover_on <= $end
    and b.last_handover_on >= $start
order by b.worst_rank
limit $limit
