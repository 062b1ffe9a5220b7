-- grain: one row per shifting flag of the kinds $kinds held against the agencies $agencies (lists, NULL = all),
--        newest first, the first $limit rows (NULL = every row: the download), with the agency's name and the
--        task's title (picked by row id first, so that only the rows shown are read whole)
-- reads: wh.shifting_flags, wh.stg_agencies, wh.task_status
with

picked as (
    select rowid as row_id
    from wh.shifting_flags
    where ($kinds is null or list_contains($kinds, kind))
        and ($agencies is null or list_contains($agencies, agency_id))
    order by occurred_on desc nulls last, flag_id
    limit $limit
),

flags as (
    select flag_id, kind, agency_id, task_id, consultation_id, occurred_on, evidence, event_id
    from wh.shifting_flags
    where rowid in (select row_id from picked)
),

agencies as (select agency_id, name from wh.stg_agencies),

tasks as (select task_id, title, is_key from wh.task_status where task_id in (select task_id from flags)),

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
