-- grain: one row for the whole warehouse: hand-overs per task (median, 90th percentile, max)
-- reads: handovers_per_task
with

per_task as (select * from handovers_per_task),

final as (
    select
        count(*) as tasks,
        sum(handovers)::bigint as handovers,
        count(*) filter (where handovers > 0) as tasks_handed_over,
        quantile_disc(handovers, 0.5) as median,
        quantile_disc(handovers, 0.9) as p90,
        max(handovers) as max,
        avg(handovers) as mean
    from per_task
)

select * from final
