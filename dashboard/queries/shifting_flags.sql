-- grain: one row per shifting flag, with the agency it is held against and the task it concerns
-- reads: wh.shifting_flags, wh.stg_agencies, wh.task_status
with

flags as (select * from wh.shifting_flags),

agencies as (select agency_id, name from wh.stg_agencies),

tasks as (select task_id, title, is_key from wh.task_status),

final as (
    select
        f.flag_id,
        f.kind,
        f.agency_id,
        a.name as agency_name,
        f.task_id,
        t.title as task_title,
        t.is_key,
        f.consultation_id,
        f.occurred_on,
        f.evidence,
        f.event_id
    from flags f
    left join agencies a on a.agency_id = f.agency_id
    left join tasks t on t.task_id = f.task_id
)

select * from final
order by occurred_on desc nulls last, flag_id
