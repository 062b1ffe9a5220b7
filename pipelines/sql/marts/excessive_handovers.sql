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

ranked as (
    select
        s.owner_agency_id,
        s.handover_count,
        row_number() over (partition by s.owner_agency_id order by s.handover_count) - 1 as idx,
        count(*) over (partition by s.owner_agency_id) as n,
        (count(*) over (partition by s.owner_agency_id) - 1) * p.percentile as position
    from summary s
    cross join params p
),

-- the percentile by linear interpolation, as quantile_cont does (which only takes a constant fraction)
agency_distribution as (
    select
        owner_agency_id,
        any_value(n) as agency_tasks,
        avg(handover_count) as agency_mean_handovers,
        max(handover_count) filter (where idx = floor(position)) as value_below,
        max(handover_count) filter (where idx = ceil(position)) as value_above,
        any_value(position - floor(position)) as fraction
    from ranked
    group by owner_agency_id
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
