-- grain: one row per (from agency, to agency, kind) pair of the hand-overs of task_handovers that occurred in
--        [$start, $end] (NULL = unbounded) and involve the agencies $agencies (as sender or receiver; NULL = all):
--        the counts and median days held of handover_network, taken over the period's hand-overs only
-- reads: wh.task_handovers, wh.stg_agencies
with

handovers as (
    select *
    from wh.task_handovers
    where ($start is null or occurred_on >= $start)
        and ($end is null or occurred_on <= $end)
        and ($agencies is null or list_contains($agencies, from_agency_id) or list_contains($agencies, to_agency_id))
),

pairs as (
    select
        from_agency_id,
        to_agency_id,
        kind,
        count(*)::integer as handovers,
        count(distinct task_id)::integer as tasks,
        median(days_held)::double as median_days_held
    from handovers
    group by from_agency_id, to_agency_id, kind
),

final as (
    select p.from_agency_id, fa.name as from_name, p.to_agency_id, ta.name as to_name, p.kind, p.handovers,
        p.tasks, p.median_days_held
    from pairs p
    left join wh.stg_agencies fa on fa.agency_id = p.from_agency_id
    left join wh.stg_agencies ta on ta.agency_id = p.to_agency_id
)

select * from final
order by handovers desc, from_agency_id, to_agency_id, kind
