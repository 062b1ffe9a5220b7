-- grain: one row per agency in force (as organised now: figures of the agencies whose work it carries added in,
--        by agency_scorecard_current): its scorecard, the fairness minimum, its rank as in agencies_scorecard
-- reads: wh.agency_scorecard_current, wh.settings, wh.stg_agencies
with

scorecard as (select * from wh.agency_scorecard_current),

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
        (
            select string_agg(p.name || ' (' || p.agency_id || ')', '; ' order by p.agency_id)
            from wh.stg_agencies p
            where list_contains(s.predecessor_ids, p.agency_id)
        ) as predecessors_text
    from scorecard s
    cross join minimum m
)

select * from final
order by rank_position nulls last, name, agency_id
