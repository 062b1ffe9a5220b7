-- grain: one row per ranked agency of inspection_risk (the candidates of a surprise-inspection plan), by rank
-- reads: inspection_risk, stg_agencies
select
    r.agency_id,
    coalesce(a.name, r.agency_id) as agency_name,
    r.risk_rank,
    r.risk_score,
    r.last_inspected_on,
    r.evidence
from inspection_risk r
left join stg_agencies a using (agency_id)
where r.risk_rank is not null
order by r.risk_rank
