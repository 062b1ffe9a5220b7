-- grain: one row per task handed over more often than is usual for its owner agency: hand-overs
--   (transfer, escalate, return) > threshold = greatest(owner's own percentile of hand-overs per task,
--   floor); percentile and floor are settings shifting.excessive_handovers_percentile (0.95) and
--   shifting.excessive_handovers_floor
-- reads: task_handover_summary, stg_tasks, stg_agencies, settings
-- The percentile is taken over all the owner's tasks, those never handed over included. The floor
-- exists because an agency that almost never hands over has a percentile of 0, which would make every
-- single transfer "excessive"; hand-overs above the floor are unusual anywhere.
with

summary as not materialized (select * from task_handover_summary),

tasks as (select task_id, title from stg_tasks),

agencies as (select agency_id, name from stg_agencies),

params as (
    select
        setting_num('shifting.excessive_handovers_percentile') as percentile,
        setting_num('shifting.excessive_handovers_floor') as floor_handovers
),

-- how many of the owner's tasks have each hand-over count, and how many rank below them: the owner's tasks
-- in order of hand-overs, without sorting its tasks (a window over all 2.5 M tasks cost most of the model)
counts as (
    select owner_agency_id, handover_count, count(*) as tasks
    from summary
    group by owner_agency_id, handover_count
),

ranked as (
    select
        c.owner_agency_id,
        c.handover_count,
        sum(c.tasks) over (partition by c.owner_agency_id order by c.handover_count) - c.tasks as first_idx,
        sum(c.tasks) over (partition by c.owner_agency_id order by c.handover_count) - 1 as last_idx,
        (sum(c.tasks) over (partition by c.owner_agency_id) - 1) * p.percentile as position
    from counts c
    cross join params p
),

agency_tasks as (
    select owner_agency_id, count(*) as agency_tasks, avg(handover_count) as agency_mean_handovers
    from summary
    group by owner_agency_id
),

-- the percentile by linear interpolation, as quantile_cont does (which only takes a constant fraction): the
-- hand-over counts of the tasks at 0-based places floor(position) and ceil(position) in the owner's order
agency_distribution as (
    select
        r.owner_agency_id,
        any_value(t.agency_tasks) as agency_tasks,
        any_value(t.agency_mean_handovers) as agency_mean_handovers,
        max(r.handover_count) filter (where floor(r.position) between r.first_idx and r.last_idx) as value_below,
        max(r.handover_count) filter (where ceil(r.position) between r.first_idx and r.last_idx) as value_above,
        any_value(r.position - floor(r.position)) as fraction
    from ranked r
    join agency_tasks t using (owner_agency_id)
    group by r.owner_agency_id
),

judged as (
    select
        s.*,
        d.agency_tasks,
        d.agency_mean_handovers,
        d.value_below + d.fraction * (d.value_above - d.value_below) as agency_percentile_handovers,
        p.percentile,
        p.floor_handovers,
        greatest(d.value_below + d.fraction * (d.value_above - d.value_below), p.floor_handovers) as threshold
    from summary s
    join agency_distribution d using (owner_agency_id)
    cross join params p
),

final as (
    select
        j.task_id,
        j.owner_agency_id,
        a.name as owner_name,
        j.handover_count,
        j.transfers,
        j.escalations,
        j.returns,
        j.agency_tasks::integer as agency_tasks,
        j.agency_mean_handovers::double as agency_mean_handovers,
        j.agency_percentile_handovers::double as agency_percentile_handovers,
        j.percentile,
        j.floor_handovers,
        j.threshold::double as threshold,
        j.first_handover_on,
        j.last_handover_on,
        j.chain,
        'Nhiệm vụ ' || j.task_id || ' «' || t.title || '» được chuyển ' || j.handover_count || ' lần ('
            || j.transfers || ' chuyển xử lý, ' || j.escalations || ' trình, ' || j.returns || ' trả lại), '
            || strftime(j.first_handover_on, '%d/%m/%Y') || '–' || strftime(j.last_handover_on, '%d/%m/%Y')
            || ', vượt ngưỡng ' || round(j.threshold, 1) || ' lần của ' || coalesce(a.name, j.owner_agency_id)
            || ' (phân vị ' || round(j.percentile * 100)::integer || ' của ' || j.agency_tasks
            || ' nhiệm vụ, tối thiểu ' || j.floor_handovers || '); chuỗi xử lý: ' || j.chain as evidence
    from judged j
    join tasks t using (task_id)
    left join agencies a on a.agency_id = j.owner_agency_id
    where j.handover_count > j.threshold
)

select * from final
order by owner_agency_id, handover_count desc, task_id
