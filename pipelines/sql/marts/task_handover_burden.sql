-- grain: one row per task handed over at least once: how often, how long it sat outside its owner, the chain
--   of agencies, its flags, and its rank among its owner's tasks and among all tasks ("worst tasks")
-- reads: task_handover_summary, task_custody, task_status, shifting_flags
-- Worst first: most hand-overs, then most days held outside the owner, then the task id (a stable order).
-- days_outside_owner sums the holding periods of task_custody held by an agency other than the owner.
with

summary as (select * from task_handover_summary where handover_count > 0),

-- only the periods held outside the owner (a task without one gets 0 from the coalesce below, as its NULL sum did)
custody as (
    select task_id, sum(days_held)::integer as days_outside_owner
    from task_custody
    where outside_owner
    group by task_id
),

flags as (
    select task_id, count(*)::integer as shifting_flags
    from shifting_flags
    where task_id is not null
    group by task_id
),

tasks as (select task_id, title, is_key, status, due_on, completed_on from task_status),

final as (
    select
        s.task_id,
        s.owner_agency_id,
        t.title,
        t.is_key,
        t.status,
        t.due_on,
        t.completed_on,
        s.handover_count,
        s.transfers,
        s.escalations,
        s.returns,
        coalesce(c.days_outside_owner, 0) as days_outside_owner,
        s.holder_count,
        s.chain_ids,
        s.chain,
        s.ping_pong_count,
        s.longer_cycle_count,
        s.first_handover_on,
        s.last_handover_on,
        coalesce(f.shifting_flags, 0) as shifting_flags,
        row_number() over (
            partition by s.owner_agency_id
            order by s.handover_count desc, coalesce(c.days_outside_owner, 0) desc, s.task_id
        )::integer as rank_in_owner,
        row_number() over (
            order by s.handover_count desc, coalesce(c.days_outside_owner, 0) desc, s.task_id
        )::integer as worst_rank
    from summary s
    join tasks t using (task_id)
    left join custody c using (task_id)
    left join flags f using (task_id)
)

-- stored by task_id: the task page looks up one task here (its days outside the owner)
select * from final
order by task_id
