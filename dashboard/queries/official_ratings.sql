-- grain: one row per year with an annual rating or a commendation of official $official_id, newest first: the
--        grade and the titles received that year
-- reads: wh.stg_annual_ratings, wh.stg_commendations
with

ratings as (select year, grade from wh.stg_annual_ratings where official_id = $official_id),

titles as (
    select year, list(title order by title) as titles
    from wh.stg_commendations
    where official_id = $official_id
    group by year
),

final as (
    select coalesce(r.year, c.year) as year, r.grade, array_to_string(c.titles, '; ') as titles
    from ratings r
    full join titles c on c.year = r.year
)

select * from final
order by year desc
