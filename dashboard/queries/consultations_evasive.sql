-- grain: one row per consultation with a generic or deflecting answer (as classified) among those the list shows
--        under the same filters ($agencies consulted, $statuses, $deemed_only, sent in [$start, $end]), with the
--        evidence of its consultation_evasive flag, newest first, the first $limit rows (NULL = all)
-- reads: wh.consultation_status, wh.shifting_flags, wh.stg_agencies
with

picked as (
    select *
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
    left join wh.shifting_flags f on f.kind = 'consultation_evasive' and f.consultation_id = c.consultation_id
    left join wh.stg_agencies a on a.agency_id = c.consulted_agency_id
)

select * from final
order by sent_on desc, consultation_id
