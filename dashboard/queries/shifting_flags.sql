-- grain: one row per shifting flag of the kinds $kinds held against the agencies $agencies (lists, NULL = all),
--        that occurred in [$start, $end] (NULL = unbounded),
--        newest first, the first $limit rows (NULL = every row: the download), with the agency's name and the
--        task's title and key flag as the mart carries them (picked by row id first, so that only the rows
--        shown are read whole)
-- reads: wh.shifting_flags
with

picked as (
    select rowid as row_id
    from wh.shifting_flags
    where ($kinds is null or list_contains($kinds, kind))
        and ($agencies is null or list_contains($agencies, agency_id))
        and ($start is null or occurred_on >= $start)
        and ($end is null or occurred_on <= $end)
    order by occurred_on desc nulls last, flag_id
    limit $limit
),

final as (
    select
        flag_id,
        kind,
        agency_id,
        agency_name,
        task_id,
        task_title,
        task_is_key as is_key,
        consultation_id,
        occurred_on,
        evidence,
        event_id
    from wh.shifting_flags
    where rowid in (select row_id from picked)
)

select * from final
order by occurred_on desc nulls last, flag_id
