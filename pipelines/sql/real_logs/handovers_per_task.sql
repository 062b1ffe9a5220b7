-- grain: one row per task: how many times it was handed over (transfer, escalate and return events)
-- reads: stg_tasks, stg_task_events
with

tasks as (select task_id from stg_tasks),

moves as (
    select task_id, count(*) as handovers
    from stg_task_events
    where kind in ('transfer', 'escalate', 'return')
    group by task_id
),

final as (
    select tasks.task_id, coalesce(moves.handovers, 0)::integer as handovers
    from tasks
    left join moves using (task_id)
)

select * from final
