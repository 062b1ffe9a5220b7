-- grain: one row per task whose holder sequence contains a cycle longer than a ping-pong
--   (X → Y → Z → X, or longer: the task comes back to an agency after passing through two or more
--   others); the first such cycle is described, cycle_count counts them all
-- reads: task_handover_summary, task_holder_sequence, stg_tasks, stg_agencies
-- Ping-pongs (X → Y → X) are shifting_flags of kind ping_pong, not rows here.
with

summary as (select * from task_handover_summary where longer_cycle_count > 0),

holder_steps as not materialized (select * from task_holder_sequence),

tasks as (select task_id, title from stg_tasks),

agencies as (select agency_id, name from stg_agencies),

first_cycle as (
    select
        m.task_id,
        m.owner_agency_id,
        m.longer_cycle_count,
        m.chain,
        m.chain_ids,
        m.handover_count,
        s.step as cycle_start_step,
        s.cycle_length,
        s.agency_id as cycle_agency_id
    from summary m
    join holder_steps s on s.task_id = m.task_id and s.step = m.first_cycle_step
),

cycle_steps as (
    select
        f.task_id,
        string_agg(coalesce(a.name, h.agency_id), ' → ' order by h.step) as cycle_chain,
        string_agg(h.agency_id, ' → ' order by h.step) as cycle_chain_ids,
        min(h.arrived_on) filter (where h.step = f.cycle_start_step + 1) as cycle_started_on,
        max(h.arrived_on) as cycle_closed_on,
        max(h.event_id) filter (where h.step = f.cycle_start_step + f.cycle_length) as closing_event_id
    from first_cycle f
    join holder_steps h
        on h.task_id = f.task_id and h.step between f.cycle_start_step and f.cycle_start_step + f.cycle_length
    left join agencies a on a.agency_id = h.agency_id
    group by f.task_id
),

final as (
    select
        f.task_id,
        f.owner_agency_id,
        oa.name as owner_name,
        f.longer_cycle_count::integer as cycle_count,
        f.cycle_agency_id,
        f.cycle_length,
        c.cycle_chain,
        c.cycle_chain_ids,
        c.cycle_started_on,
        c.cycle_closed_on,
        c.closing_event_id,
        f.handover_count,
        f.chain,
        'Nhiệm vụ ' || f.task_id || ' «' || t.title || '» quay vòng qua ' || f.cycle_length || ' cơ quan rồi trở lại '
            || coalesce(ca.name, f.cycle_agency_id) || ': ' || c.cycle_chain || ', '
            || strftime(c.cycle_started_on, '%d/%m/%Y') || '–' || strftime(c.cycle_closed_on, '%d/%m/%Y')
            || '; chuỗi xử lý: ' || f.chain || '; cơ quan chủ trì: ' || coalesce(oa.name, f.owner_agency_id)
            || ' (Công điện 280/CĐ-TTg; Công văn 966/UBND-KSTTHC: không đùn đẩy công việc).' as evidence
    from first_cycle f
    join cycle_steps c using (task_id)
    join tasks t using (task_id)
    left join agencies oa on oa.agency_id = f.owner_agency_id
    left join agencies ca on ca.agency_id = f.cycle_agency_id
)

select * from final
order by owner_agency_id, task_id
