-- grain: one row per task and position in its holder sequence (the data contract): step 0 is the owner at
--   assignment, then the to_agency_id of each transfer, escalate and return event in order of
--   occurred_at (then event_id), consecutive repeats collapsed
-- reads: stg_tasks, stg_task_events, build_params
-- next_visit_step: the step at which the same agency holds the task again (NULL if never): a
--   difference of 2 is a ping-pong (X → Y → X), 3 or more a longer cycle (X → Y → Z → X).
with

tasks as not materialized (select * from stg_tasks),

-- not materialized: read twice, by the narrow aggregate below and for the few moving tasks; DuckDB
-- materialised all 9.6 M moves with every column otherwise
moves as not materialized (
    select *
    from stg_task_events
    where kind in ('transfer', 'escalate', 'return') and to_agency_id is not null
),

-- A task whose every hand-over goes to its own owner (never handed over, or routed only inside the owner
-- agency) has the owner as its whole sequence: every later arrival repeats it and collapses. Most tasks
-- are such; only the others need the ordered pass below, which is the costly part.
move_targets as (
    select task_id, min(to_agency_id) as lowest, max(to_agency_id) as highest
    from moves
    group by task_id
),

moving_tasks as (
    select t.task_id
    from tasks t
    join move_targets m using (task_id)
    where m.lowest <> t.owner_agency_id or m.highest <> t.owner_agency_id
),

arrivals as (
    select
        task_id,
        owner_agency_id as agency_id,
        0 as is_event,
        assigned_on::timestamp as arrived_at,
        null::varchar as event_id,
        null::varchar as event_kind,
        null::varchar as from_agency_id,
        null::varchar as official_id,
        null::varchar as reason
    from tasks
    semi join moving_tasks using (task_id)
    union all
    select
        task_id,
        to_agency_id,
        1,
        occurred_at,
        event_id,
        kind,
        from_agency_id,
        official_id,
        reason
    from moves
    semi join moving_tasks using (task_id)
),

ordered as (
    select
        *,
        lag(agency_id) over (partition by task_id order by is_event, arrived_at, event_id) as raw_previous
    from arrivals
),

collapsed as (
    select
        *,
        (row_number() over (partition by task_id order by is_event, arrived_at, event_id) - 1)::integer as step
    from ordered
    where raw_previous is null or agency_id <> raw_previous
),

moved as (
    select
        c.task_id,
        c.step,
        c.agency_id,
        c.event_id,
        c.event_kind,
        c.from_agency_id,
        c.official_id,
        c.reason,
        c.arrived_at,
        t.owner_agency_id,
        t.completed_on,
        lag(c.agency_id) over w as previous_agency_id,
        lead(c.agency_id) over w as next_agency_id,
        lead(c.arrived_at) over w as left_at,
        lead(c.event_id) over w as left_by_event_id,
        lead(c.step) over (partition by c.task_id, c.agency_id order by c.step) as next_visit_step,
        count(*) over (partition by c.task_id) as holders_in_sequence
    from collapsed c
    join tasks t using (task_id)
    window w as (partition by c.task_id order by c.step)
),

stayed as (
    select
        task_id,
        0 as step,
        owner_agency_id as agency_id,
        null::varchar as event_id,
        null::varchar as event_kind,
        null::varchar as from_agency_id,
        null::varchar as official_id,
        null::varchar as reason,
        assigned_on::timestamp as arrived_at,
        owner_agency_id,
        completed_on,
        null::varchar as previous_agency_id,
        null::varchar as next_agency_id,
        null::timestamp as left_at,
        null::varchar as left_by_event_id,
        null::integer as next_visit_step,
        1 as holders_in_sequence
    from tasks
    anti join moving_tasks using (task_id)
),

placed as (
    select * from moved
    union all by name
    select * from stayed
),

final as (
    select
        task_id,
        step,
        agency_id,
        owner_agency_id,
        event_id,
        event_kind,
        from_agency_id,
        official_id,
        reason,
        arrived_at,
        arrived_at::date as arrived_on,
        left_at,
        left_at::date as left_on,
        left_by_event_id,
        previous_agency_id,
        next_agency_id,
        next_visit_step,
        (next_visit_step - step)::integer as cycle_length,
        -- days this agency held the task: until it passed it on, else until completion or as_of
        greatest(date_diff('day', arrived_at::date, coalesce(left_at::date, completed_on, p.as_of)), 0)::integer
            as days_held,
        left_at is null as is_current_holder,
        holders_in_sequence::integer as holders_in_sequence
    from placed
    cross join build_params p
)

-- no order by: an intermediate table read by joins, never by range; sorting its rows cost more than the
-- rest of the model
select * from final
