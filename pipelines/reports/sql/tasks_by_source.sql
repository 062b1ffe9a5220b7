-- grain: one row per task source (every source of the vocabulary, zeros included), then the total
-- reads: period_task_counts (temporary), enum_terms
with

sources as (select code, label_vi from enum_terms where domain = 'task_source'),

counts as (select * from period_task_counts where which = 'current'),

by_source as (
    select
        0 as is_total,
        list_position($source_order, s.code) as sort_key,
        s.code,
        s.label_vi as label,
        coalesce(c.tasks_assigned, 0) as tasks_assigned,
        coalesce(c.done_on_time, 0) as done_on_time,
        coalesce(c.done_late, 0) as done_late,
        coalesce(c.done_no_deadline, 0) as done_no_deadline,
        coalesce(c.open_on_time, 0) as open_on_time,
        coalesce(c.open_no_deadline, 0) as open_no_deadline,
        coalesce(c.open_overdue, 0) as open_overdue,
        coalesce(c.with_deadline, 0) as with_deadline,
        coalesce(c.key_open_overdue, 0) as key_open_overdue,
        c.overdue_share_of_deadline,
        c.overdue_share_of_all
    from sources s
    left join counts c on c.dimension = 'source' and c.key = s.code
),

total as (
    select 1 as is_total, 0 as sort_key, null as code, 'Tổng cộng' as label, c.* exclude (which, dimension, key)
    from counts c
    where c.dimension = 'total'
),

final as (
    select * from by_source
    union all by name
    select * from total
)

select * exclude (is_total, sort_key) from final
order by is_total, sort_key
