-- grain: one row per official: scorecard with name, agency name, fairness minimum and rank on the lower
--        bound of the on-time rate among officials with at least that many tasks due (NULL rank below it)
-- reads: wh.official_scorecard, wh.stg_officials, wh.stg_agencies, wh.settings
with

scorecard as (select * from wh.official_scorecard),

officials as (select official_id, full_name, position, category from wh.stg_officials),

agencies as (select agency_id, name from wh.stg_agencies),

minimum as (
    select coalesce(
        (select try_cast(value as integer) from wh.settings where key = 'fairness.min_tasks_for_rate'), 5
    ) as min_tasks
),

final as (
    select
        s.*,
        o.full_name,
        o.position,
        o.category,
        a.name as agency_name,
        m.min_tasks,
        s.tasks_due >= m.min_tasks and s.on_time_rate is not null as enough_data,
        case when s.tasks_due >= m.min_tasks and s.on_time_rate is not null then
            rank() over (
                partition by s.tasks_due >= m.min_tasks and s.on_time_rate is not null
                order by s.on_time_rate_low desc, s.key_tasks_done desc, s.early_completions desc
            )
        end as rank_position
    from scorecard s
    left join officials o using (official_id)
    left join agencies a on a.agency_id = s.agency_id
    cross join minimum m
)

select * from final
order by rank_position nulls last, agency_name, full_name, official_id
