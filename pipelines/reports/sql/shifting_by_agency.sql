-- grain: one row per agency with shifting findings (shifting_flags) dated in $start..$cutoff, most first
-- reads: shifting_flags, stg_agencies
with

flags as (select * from shifting_flags where occurred_on between $start::date and $cutoff::date),

counted as (
    select
        agency_id,
        count(*) as findings,
        count(*) filter (where kind in ('transfer_within_authority', 'escalation_within_authority'))
            as within_authority,
        count(*) filter (where kind = 'ping_pong') as ping_pong,
        count(*) filter (where kind = 'dossier_returned') as dossiers_returned,
        count(*) filter (where kind like 'consultation_%') as consultation_findings,
        count(distinct task_id) as tasks_involved
    from flags
    group by agency_id
),

final as (
    select
        c.agency_id,
        coalesce(a.name, c.agency_id) as agency_name,
        c.findings::integer as findings,
        c.within_authority::integer as within_authority,
        c.ping_pong::integer as ping_pong,
        c.dossiers_returned::integer as dossiers_returned,
        c.consultation_findings::integer as consultation_findings,
        c.tasks_involved::integer as tasks_involved
    from counted c
    left join stg_agencies a using (agency_id)
)

select * from final
order by findings desc, agency_name
limit $limit
