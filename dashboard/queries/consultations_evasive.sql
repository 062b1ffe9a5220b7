-- grain: one row per consultation with a generic or deflecting answer (as classified) among those the list shows
--        under the same filters ($agencies consulted, $statuses, $deemed_only, sent in [$start, $end]), with the
--        evidence of its consultation_evasive flag, newest first, the first $limit rows (NULL = all)
-- reads: wh.consultation_status, wh.shifting_flags, wh.stg_agencies
-- The flags are matched on two narrow columns first and read whole (their evidence) only for the rows shown:
-- reading the evidence of every consultation_evasive flag to keep a thousand cost most of the query.
with

picked as (
    select consultation_id, consulted_agency_id, task_id, sent_on, responded_on
    from wh.consultation_status
    where evasive
        and ($agencies is null or list_contains($agencies, consulted_agency_id))
        and ($statuses is null or list_contains($statuses, status))
        and (not $deemed_only or deemed_agreed)
        and ($start is null or sent_on >= $start)
        and ($end is null or sent_on <= $end)
    order by sent_on desc, consultation_id
    limit $limit
),

flag_rows as (
    select f.rowid as row_id
    from wh.shifting_flags f
    join picked p on p.consultation_id = f.consultation_id
    where f.kind = 'consultation_evasive'
),

flags as (
    select flag_id, consultation_id, occurred_on, evidence
    from wh.shifting_flags
    where rowid in (select row_id from flag_rows)
),

final as (
    select
        f.flag_id,
        c.consultation_id,
        c.consulted_agency_id as agency_id,
        a.name as agency_name,
        c.task_id,
        c.sent_on,
        coalesce(f.occurred_on, c.responded_on) as occurred_on,
        f.evidence
    from picked c
    left join flags f on f.consultation_id = c.consultation_id
    left join wh.stg_agencies a on a.agency_id = c.consulted_agency_id
)

select * from final
order by sent_on desc, consultation_id
