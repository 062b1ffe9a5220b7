-- grain: one row per (from_agency_id, to_agency_id, kind) pair of hand-overs (kind: transfer, escalate,
--   return): how often the from-agency passed tasks to the to-agency that way, and how long it had held
--   them before passing them on
-- reads: task_handovers, stg_agencies
-- days_held: from the task's previous hand-over (or its assignment) to this hand-over; a hand-over to
--   the same agency (from = to) is not a hand-over and is left out.
with

handovers as not materialized (select * from task_handovers),

agencies as (select agency_id, name from stg_agencies),

pairs as (
    select
        from_agency_id,
        to_agency_id,
        kind,
        count(*) as handovers,
        count(distinct task_id) as tasks,
        count(*) filter (where from_owner) as handovers_by_owner,
        count(*) filter (where reason = 'within_own_authority') as within_own_authority,
        median(days_held) as median_days_held,
        avg(days_held) as mean_days_held,
        quantile_cont(days_held, 0.9) as p90_days_held,
        min(occurred_on) as first_on,
        max(occurred_on) as last_on
    from handovers
    group by from_agency_id, to_agency_id, kind
),

final as (
    select
        p.from_agency_id,
        fa.name as from_name,
        p.to_agency_id,
        ta.name as to_name,
        p.kind,
        p.handovers::integer as handovers,
        p.tasks::integer as tasks,
        p.handovers_by_owner::integer as handovers_by_owner,
        p.within_own_authority::integer as within_own_authority,
        p.median_days_held::double as median_days_held,
        p.mean_days_held::double as mean_days_held,
        p.p90_days_held::double as p90_days_held,
        p.first_on,
        p.last_on
    from pairs p
    left join agencies fa on fa.agency_id = p.from_agency_id
    left join agencies ta on ta.agency_id = p.to_agency_id
)

select * from final
order by handovers desc, from_agency_id, to_agency_id, kind
