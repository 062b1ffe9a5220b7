-- grain: one row per agency that was assigned tasks in the period, most overdue first; then the total
-- reads: period_task_counts (temporary), stg_agencies
with

agencies as (select agency_id, name from stg_agencies),

counts as (select * from period_task_counts where which = 'current'),

by_agency as (
    select 0 as is_total, c.key as agency_id, coalesce(a.name, c.key) as label, c.* exclude (which, dimension, key)
    from counts c
    left join agencies a on a.agency_id = c.key
    where c.dimension = 'agency'
),

total as (
    select 1 as is_total, null as agency_id, 'Tổng cộng' as label, c.* exclude (which, dimension, key)
    from counts c
    where c.dimension = 'total'
),

final as (
    select * from by_agency
    union all by name
    select * from total
)

select * exclude (is_total) from final
order by is_total, open_overdue desc, overdue_share_of_deadline desc nulls last, tasks_assigned desc, label
