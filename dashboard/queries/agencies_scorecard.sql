-- grain: one row per agency (as organised then: the agency that held each record): its scorecard, the fairness
--        minimum, its rank on the lower bound of the on-time rate among agencies with at least that many tasks
--        due (NULL rank below it), and the agency that carries its work now (NULL: abolished, no successor)
-- reads: wh.agency_scorecard, wh.settings, wh.stg_agencies
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
        end as rank_position,
        c.name as current_name
    from scorecard s
    cross join minimum m
    left join wh.stg_agencies c on c.agency_id = s.current_agency_id
)

select * from final
order by rank_position nulls last, name, agency_id
