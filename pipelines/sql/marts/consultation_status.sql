-- grain: one row per loaded consultation, judged as of as_of (a contract table, docs/warehouse.md)
-- reads: stg_consultations, build_params, consultation_responses (effective_response: the file's response,
--   else the classification of response_text by the phrase list, with the phrase that decided it), stg_tasks
--   (task_title: the consultation's task by its own title, so that a page listing consultations does not join
--   the 2.5 M tasks for the few rows it shows); evasive: the effective response is generic or deflecting (the
--   definition the consultation_evasive flags use)
with

consultations as (select * from stg_consultations),

judged as (
    select
        c.*,
        r.* exclude (consultation_id),
        t.task_title,
        case
            when c.deadline_on is null then 'no_deadline'
            when c.responded_on is not null and c.responded_on <= c.deadline_on then 'answered_on_time'
            when c.responded_on is not null then 'answered_late'
            when p.as_of > c.deadline_on then 'unanswered_overdue'
            else 'pending'
        end as status
    from consultations c
    left join (
        select consultation_id, classified_response as effective_response, matched_phrase, classified_by
        from consultation_responses
    ) r using (consultation_id)
    left join (select task_id, title as task_title from stg_tasks) t using (task_id)
    cross join build_params p
),

final as (
    select
        consultation_id,
        requesting_agency_id,
        consulted_agency_id,
        task_id,
        sent_on,
        deadline_on,
        responded_on,
        response,
        status,
        -- silence or lateness counts as agreement, and the consulted agency answers for it
        status in ('answered_late', 'unanswered_overdue') as deemed_agreed,
        -- working days from sending to answer, counted from the day after sending (Civil Code Art. 147;
        -- calendar_days: weekends, public holidays, announced swaps); calendar days kept beside it
        case when responded_on is not null then working_days_between(sent_on, responded_on) end::integer
            as response_days,
        case when responded_on is not null then date_diff('day', sent_on, responded_on) end::integer
            as response_days_calendar,
        response_text,
        effective_response,
        matched_phrase,
        classified_by,
        task_title,
        is_evasive(effective_response) as evasive
    from judged
)

select * from final
order by consulted_agency_id, sent_on, consultation_id
