-- grain: one row per task and holding period — who held the task when: the owner from assignment to the
--   first hand-over, then each receiving agency from that hand-over to the next (or to completion, else as_of)
-- reads: task_status, task_handovers, build_params
-- A task never handed over has one period, its owner's. handed_over_by is the official who passed the task
-- to this holder (NULL for the first period), passed_on_by the one who passed it on from this holder.
-- days_held counts calendar days of the period; outside_owner marks periods held by another agency.
with

tasks as not materialized (select task_id, owner_agency_id, assigned_on, completed_on from task_status),

handovers as not materialized (select * from task_handovers),

params as (select as_of from build_params),

first_handover as (
    select task_id, occurred_on, kind, official_id
    from handovers
    where handover_number = 1
),

-- each period carries its task's owner and completion: the owner's periods come from the task itself, the
-- others join their task (0.4 M hand-overs) — joining all 2.9 M periods to the 2.5 M tasks cost more
periods as (
    select
        t.task_id,
        0 as period_number,
        t.owner_agency_id as agency_id,
        t.assigned_on as held_from,
        f.occurred_on as passed_on,
        null::varchar as received_by_kind,
        null::varchar as received_from_agency_id,
        null::varchar as handed_over_by,
        f.kind as passed_by_kind,
        f.official_id as passed_on_by,
        t.owner_agency_id,
        t.completed_on
    from tasks t
    left join first_handover f using (task_id)
    union all
    select
        h.task_id,
        h.handover_number,
        h.to_agency_id,
        h.occurred_on,
        h.next_occurred_on,
        h.kind,
        h.from_agency_id,
        h.official_id,
        h.next_kind,
        h.next_official_id,
        t.owner_agency_id,
        t.completed_on
    from handovers h
    join tasks t using (task_id)
),

final as (
    select
        p.task_id,
        p.period_number::integer as period_number,
        p.agency_id,
        p.held_from,
        coalesce(p.passed_on, least(coalesce(p.completed_on, pa.as_of), pa.as_of)) as held_until,
        p.passed_on is null as is_last_holder,
        greatest(date_diff('day', p.held_from, coalesce(p.passed_on, least(coalesce(p.completed_on, pa.as_of),
            pa.as_of))), 0)::integer as days_held,
        p.agency_id <> p.owner_agency_id as outside_owner,
        p.received_by_kind,
        p.received_from_agency_id,
        p.handed_over_by,
        p.passed_by_kind,
        p.passed_on_by,
        p.owner_agency_id
    from periods p
    cross join params pa
)

-- stored by task: the task page reads one task's periods, and in task_id order DuckDB reads the one row group
-- that holds them instead of every one of the 2.9 M periods'
select * from final
order by task_id, period_number
