-- grain: one row per loaded consultation, judged as of as_of (a contract table, docs/warehouse.md)
-- reads: stg_consultations, build_params, calendar_days (next_working_day), consultation_responses
--   (effective_response: the file's response, else the classification of response_text by the phrase list,
--   with the phrase that decided it), stg_tasks (task_title: the consultation's task by its own title, so
--   that a page listing consultations does not join the 2.5 M tasks for the few rows it shows); evasive: the
--   effective response is generic or deflecting (the definition the consultation_evasive flags use)
-- A reply deadline that falls on a day off (weekend, public holiday, swapped day off) runs to the end of the
-- next working day (Civil Code Art. 148(5); domain.md §3): reply_due_on is that day (deadline_on itself on a
-- working day). Answered on or before it is on time; unanswered, the request is pending until it has passed.
with

consultations as (
    select *, coalesce(next_working_day(deadline_on), deadline_on) as reply_due_on
    from stg_consultations
),

judged as (
    select
        c.*,
        r.* exclude (consultation_id),
        t.task_title,
        case
            when c.deadline_on is null then 'no_deadline'
            when c.responded_on is not null and c.responded_on <= c.reply_due_on then 'answered_on_time'
            when c.responded_on is not null then 'answered_late'
            when p.as_of > c.reply_due_on then 'unanswered_overdue'
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
        is_evasive(effective_response) as evasive,
        reply_due_on
    from judged
)

-- stored by sent_on: the consultations page lists the newest of a period first, and reads whole only the rows
-- it picked — in sent_on order they lie together at the end (in agency order they were spread over every row
-- group, and the page read all 0.77 M rows to show a thousand)
select * from final
order by sent_on, consultation_id
