-- grain: one row per loaded task: how often it was handed over and the chain of agencies that held it
-- reads: task_holder_sequence, task_handovers, stg_agencies
with

holder_steps as not materialized (select * from task_holder_sequence),

handovers as (select * from task_handovers),

agencies as (select agency_id, name from stg_agencies),

-- A task held by one agency only (most of them) has a chain of one name: aggregating it in order, as
-- the others need, cost more than the rest of the model. Every task has its holder sequence (step 0 at
-- least), so the chains give one row per task, with its owner: no join of the 2.5 M tasks to them.
chains as (
    select
        s.task_id,
        any_value(s.owner_agency_id) as owner_agency_id,
        count(*)::integer as holder_count,
        -- the holders in step order: an unordered list sorted by step per task (steps are distinct within a
        -- task) cost a fraction of string_agg(... order by step), which sorted for each of 300 k tasks
        array_to_string(list_transform(list_sort(list((s.step, s.agency_id))), lambda x: x[2]), ' → ') as chain_ids,
        array_to_string(
            list_transform(list_sort(list((s.step, coalesce(a.name, s.agency_id)))), lambda x: x[2]), ' → '
        ) as chain,
        count(*) filter (where s.cycle_length = 2)::integer as ping_pong_count,
        count(*) filter (where s.cycle_length >= 3)::integer as longer_cycle_count,
        min(s.step) filter (where s.cycle_length = 2) as first_ping_pong_step,
        min(s.step) filter (where s.cycle_length >= 3) as first_cycle_step
    from holder_steps s
    left join agencies a using (agency_id)
    where s.holders_in_sequence > 1
    group by s.task_id
    union all
    select
        s.task_id,
        s.owner_agency_id,
        1,
        s.agency_id,
        coalesce(a.name, s.agency_id),
        0,
        0,
        null,
        null
    from holder_steps s
    left join agencies a using (agency_id)
    where s.holders_in_sequence = 1
),

counts as (
    select
        task_id,
        count(*)::integer as handover_count,
        count(*) filter (where kind = 'transfer')::integer as transfers,
        count(*) filter (where kind = 'escalate')::integer as escalations,
        count(*) filter (where kind = 'return')::integer as returns,
        min(occurred_on) as first_handover_on,
        max(occurred_on) as last_handover_on
    from handovers
    group by task_id
),

final as (
    select
        c.task_id,
        c.owner_agency_id,
        coalesce(n.handover_count, 0) as handover_count,
        coalesce(n.transfers, 0) as transfers,
        coalesce(n.escalations, 0) as escalations,
        coalesce(n.returns, 0) as returns,
        c.holder_count,
        c.chain_ids,
        c.chain,
        n.first_handover_on,
        n.last_handover_on,
        c.ping_pong_count,
        c.longer_cycle_count,
        c.first_ping_pong_step,
        c.first_cycle_step
    from chains c
    left join counts n using (task_id)
)

-- stored by task_id: the task page looks up one task here, and in task_id order DuckDB reads the one row group
-- that holds it (unsorted, a lookup read up to all 21 row groups of 2.5 M rows: 20-30 ms of the task page at
-- province scale). The sort costs about 1 s of CPU here; task_status, sorted on task_id alone instead of three
-- keys, saves about as much.
select * from final
order by task_id
