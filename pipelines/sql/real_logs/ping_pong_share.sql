-- grain: one row for the whole warehouse: tasks with a ping-pong (X → Y → X) and their share of all tasks
-- reads: stg_tasks, ping_pong_tasks, shifting_flags (whether the warehouse's own flags were used)
with

tasks as (select count(*) as tasks from stg_tasks),

bounced as (
    select
        count(distinct task_id) as ping_pong_tasks,
        case when exists (select 1 from shifting_flags) then 'shifting_flags' else 'holder_bounces' end
            as computed_from
    from ping_pong_tasks
),

final as (
    select
        bounced.ping_pong_tasks,
        bounced.computed_from,
        tasks.tasks,
        share(bounced.ping_pong_tasks, tasks.tasks) as ping_pong_share
    from tasks, bounced
)

select * from final
