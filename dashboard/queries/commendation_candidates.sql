-- grain: one row per official for the evaluation year (every column of commendation_candidates), with
--        names, ranked among the eligible by score then the lower bound of the on-time rate
-- reads: wh.commendation_candidates, wh.stg_officials, wh.stg_agencies, wh.settings
select
    c.*,
    o.full_name,
    o.position,
    a.name as agency_name,
    coalesce(
        (select try_cast(value as integer) from wh.settings where key = 'fairness.min_tasks_for_rate'), 5
    ) as min_tasks,
    case when c.eligible then
        rank() over (partition by c.eligible order by c.score desc nulls last, c.on_time_rate_low desc nulls last)
    end as rank_position
from wh.commendation_candidates c
left join wh.stg_officials o on o.official_id = c.official_id
left join wh.stg_agencies a on a.agency_id = c.agency_id
order by c.eligible desc nulls last, rank_position nulls last, a.name, o.full_name, c.official_id
