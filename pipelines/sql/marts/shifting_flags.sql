-- grain: one row per finding of responsibility shifting (a contract table, docs/warehouse.md): exactly the
--   contract's eight kinds, each held against one agency, with a Vietnamese evidence sentence naming
--   the agencies, the dates, the chain and the rule it breaks
-- reads: shifting_event_flags, shifting_consultation_flags, shifting_flag_kinds, stg_agencies,
--   stg_task_events, stg_consultations, task_status, decision_current
-- flag_id = kind:record:fingerprint, where record is the event_id (event kinds), the task_id (ping_pong) or
--   the consultation_id (consultation kinds), and fingerprint the first 10 hex digits of the md5 of the
--   records that raised the flag with their dates: the event and its time, the answering return and its
--   time (escalation answered "within own authority") or the bounce's return (ping_pong), the
--   consultation with its sent, deadline and answer dates, the task's due date (consultation_after_due).
--   Never a row number: the same records give the same id in every build, so a decision (contract §4)
--   still finds its flag; a record whose date changed raises, in effect, a new flag with a new id.
-- decision, decided_by, decided_on: the flag's current decision (subject_kind 'flag'), NULL when none.
-- task_title, task_is_key: the task's own title and key flag, kept here so that a page listing flags does not
--   join the 2.5 M tasks for the few rows it shows.
with

event_flags as (select * from shifting_event_flags),

consultation_flags as (select * from shifting_consultation_flags),

kinds as (select * from shifting_flag_kinds),

agencies as (select agency_id, name from stg_agencies),

consultation_dates as (select consultation_id, sent_on, deadline_on, responded_on from stg_consultations),

-- one join to the tasks for the due date (consultation_after_due's fingerprint), the title and the key flag
tasks as (select task_id, due_on, title, is_key from task_status),

verdicts as (select subject_id, outcome, decided_by, decided_on from decision_current where subject_kind = 'flag'),

flags as not materialized (
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

-- the times of the events behind the flags only (a semi-join on the flags' few ids, built on them, instead of
-- joining every event of a province twice)
event_times as (
    select event_id, occurred_at
    from stg_task_events
    where event_id in (
        select event_id from flags where event_id is not null
        union
        select related_event_id from flags where related_event_id is not null
    )
),

keyed as (
    select
        f.*,
        f.kind || ':' || case
            when f.kind = 'ping_pong' then f.task_id
            when f.consultation_id is not null then f.consultation_id
            else f.event_id
        end || ':' || left(md5(concat_ws('|',
            f.kind,
            coalesce(f.task_id, '-'),
            coalesce(f.event_id, '-'), coalesce(e.occurred_at::varchar, '-'),
            coalesce(f.related_event_id, '-'), coalesce(r.occurred_at::varchar, '-'),
            coalesce(f.consultation_id, '-'), coalesce(c.sent_on::varchar, '-'),
            coalesce(c.deadline_on::varchar, '-'), coalesce(c.responded_on::varchar, '-'),
            case when f.kind = 'consultation_after_due' then coalesce(t.due_on::varchar, '-') else '-' end
        )), 10) as flag_id,
        t.title as task_title,
        t.is_key as task_is_key
    from flags f
    left join event_times e on e.event_id = f.event_id
    left join event_times r on r.event_id = f.related_event_id
    left join consultation_dates c on c.consultation_id = f.consultation_id
    left join tasks t on t.task_id = f.task_id
),

final as (
    select
        f.flag_id,
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
        f.task_title,
        f.task_is_key,
        v.outcome as decision,
        v.decided_by,
        v.decided_on
    from keyed f
    join kinds k using (kind)
    left join agencies a using (agency_id)
    left join verdicts v on v.subject_id = f.flag_id
)

-- no order by: sorting half a million rows of evidence sentences ran out of a 1 GB build budget, and the
-- pages read the newest flags of a filter (a top-N) whatever the storage order
select * from final
