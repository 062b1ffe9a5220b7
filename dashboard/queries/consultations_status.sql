-- grain: one row per consultation sent to the agencies $agencies with the statuses $statuses (lists, NULL = all),
--        only those deemed agreed when $deemed_only, sent in [$start, $end] (NULL = unbounded), newest first, the first $limit rows (NULL = every row: the
--        download); every column of consultation_status (columns added later — e.g. a matched phrase — come
--        through), both agencies' names and the task's title as the mart carries it (lbl_*), read whole only
--        for the rows picked
-- reads: wh.consultation_status, wh.stg_agencies
with

picked as (
    select rowid as row_id
    from wh.consultation_status
    where ($agencies is null or list_contains($agencies, consulted_agency_id))
        and ($statuses is null or list_contains($statuses, status))
        and (not $deemed_only or deemed_agreed)
        and ($start is null or sent_on >= $start)
        and ($end is null or sent_on <= $end)
    order by sent_on desc, consultation_id
    limit $limit
),

consultations as (select * from wh.consultation_status where rowid in (select row_id from picked)),

final as (
    select
        c.* exclude (task_title),
        ra.name as lbl_requesting_agency_name,
        ca.name as lbl_consulted_agency_name,
        c.task_title as lbl_task_title
    from consultations c
    left join wh.stg_agencies ra on ra.agency_id = c.requesting_agency_id
    left join wh.stg_agencies ca on ca.agency_id = c.consulted_agency_id
)

select * from final
order by sent_on desc, consultation_id
