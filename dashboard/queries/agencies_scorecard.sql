-- grain: one row per agency: its scorecard, the fairness minimum, and its rank on the lower bound of the
--        on-time rate among agencies with at least that many tasks due (NULL rank below it)
-- reads: wh.agency_scorecard, wh.settings
with

scorecard as (select * from wh.agency_scorecard),

minimum as (
    select coalesce(
        (select try_cast(value as integer) from wh.settings where key = 'fairness.min_tasks_for_rate'), 5
    ) as min_tasks
),

final as (
    select
        s.*,
        m.min_tasks,
        s.tasks_due >= m.min_tasks and s.on_time_rate is not null as enough_data,
        case when s.tasks_due >= m.min_tasks and s.on_time_rate is not null then
            rank() over (
                partition by s.tasks_due >= m.min_tasks and s.on_time_rate is not null
                order by s.on_time_rate_low desc, s.on_time_rate desc
            )
        end as rank_position
    from scorecard s
    cross join minimum m
)

select * from final
order by rank_position nulls last, name, agency_id
