-- grain: one row per X → Y → X in a task's holder sequence (the data contract: the owner, then the
--   to_agency_id of each transfer, escalate and return in order of occurred_at then event_id,
--   consecutive repeats collapsed); x is the agency that got the task back, y the one that returned it
-- reads: stg_tasks, stg_task_events
-- Used by the real-log report until it can read shifting_flags (kind ping_pong) of the warehouse.
with

tasks as (select task_id, owner_agency_id from stg_tasks),

moves as (
    select task_id, to_agency_id, occurred_at, event_id
    from stg_task_events
    where kind in ('transfer', 'escalate', 'return') and to_agency_id is not null
),

arrivals as (
    select task_id, owner_agency_id as agency_id, 0 as is_event, null::timestamp as arrived_at,
        null::varchar as event_id
    from tasks
    union all
    select task_id, to_agency_id, 1, occurred_at, event_id
    from moves
),

ordered as (
    select
        *,
        lag(agency_id) over (partition by task_id order by is_event, arrived_at, event_id) as previous
    from arrivals
),

collapsed as (
    select
        task_id,
        agency_id,
        arrived_at,
        row_number() over (partition by task_id order by is_event, arrived_at, event_id) as step
    from ordered
    where previous is null or agency_id <> previous
),

triples as (
    select
        task_id,
        step,
        agency_id as x,
        lead(agency_id) over holder as y,
        lead(agency_id, 2) over holder as x_again,
        lead(arrived_at, 2) over holder as returned_at
    from collapsed
    window holder as (partition by task_id order by step)
),

final as (
    select task_id, step, x, y, returned_at
    from triples
    where x_again = x
)

select * from final
