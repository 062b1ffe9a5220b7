-- grain: one row per unordered pair of agencies {a, b} that bounced a task (X → Y → X) — the most first
-- reads: holder_bounces; $top: how many pairs
with

bounces as (select * from holder_bounces),

pairs as (
    select least(x, y) as agency_a, greatest(x, y) as agency_b, task_id
    from bounces
),

final as (
    select agency_a, agency_b, count(*) as bounces, count(distinct task_id) as tasks
    from pairs
    group by agency_a, agency_b
    order by bounces desc, tasks desc, agency_a, agency_b
    limit $top
)

select * from final
