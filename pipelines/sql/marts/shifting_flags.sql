-- grain: one row per finding of responsibility shifting (a contract table, docs/warehouse.md): exactly the
--   contract's eight kinds, each held against one agency, with a Vietnamese evidence sentence naming
--   the agencies, the dates, the chain and the rule it breaks
-- reads: shifting_event_flags, shifting_consultation_flags, shifting_flag_kinds, stg_agencies, stg_tasks
-- flag_id = kind:event_id (event kinds), kind:task_id (ping_pong), kind:consultation_id (consultations):
--   stable across builds of the same data.
-- task_title, task_is_key: the task's own title and key flag, kept here so that a page listing flags does not
--   join the 2.5 M tasks for the few rows it shows.
with

event_flags as (select * from shifting_event_flags),

consultation_flags as (select * from shifting_consultation_flags),

kinds as (select * from shifting_flag_kinds),

agencies as (select agency_id, name from stg_agencies),

tasks as (select task_id, title, is_key from stg_tasks),

flags as (
    select
        kind, agency_id, task_id, null::varchar as consultation_id, occurred_on, event_id, official_id,
        event_official_id, related_event_id, chain, what
    from event_flags
    union all
    select
        kind, agency_id, task_id, consultation_id, occurred_on, null::varchar, null::varchar,
        null::varchar, null::varchar, chain, what
    from consultation_flags
),

final as (
    select
        f.kind || ':' || case
            when f.kind = 'ping_pong' then f.task_id
            when f.consultation_id is not null then f.consultation_id
            else f.event_id
        end as flag_id,
        f.kind,
        f.agency_id,
        f.task_id,
        f.consultation_id,
        f.occurred_on,
        k.label_vi || ': ' || f.what || ' — trái yêu cầu ' || k.demand_vi
            || ' (Công điện 280/CĐ-TTg; Công văn 966/UBND-KSTTHC).' as evidence,
        f.event_id,
        f.official_id,
        a.name as agency_name,
        k.label_vi as kind_label_vi,
        k.label_en as kind_label_en,
        f.chain,
        f.related_event_id,
        f.event_official_id,
        k.rule_ref,
        k.demand_vi,
        t.title as task_title,
        t.is_key as task_is_key
    from flags f
    join kinds k using (kind)
    left join agencies a using (agency_id)
    left join tasks t using (task_id)
)

-- no order by: sorting half a million rows of evidence sentences ran out of a 1 GB build budget, and the
-- pages read the newest flags of a filter (a top-N) whatever the storage order
select * from final
