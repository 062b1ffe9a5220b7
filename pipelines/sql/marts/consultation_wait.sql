-- grain: one row per consultation: how long the request waited on the consulted agency (sent_on to
--   responded_on, or to as_of while unanswered), attributed to the consulted agency
-- reads: consultation_status, task_status, build_params
-- task_wait_days stops at the task's completion (a task done before the answer no longer waited);
-- days_past_deadline is the part of the wait after the reply deadline (the consulted agency's delay,
-- domain.md §8: waiting on another agency must be visible as such, not hidden inside "late"); a deadline on
-- a day off runs to the end of the next working day (consultation_status.reply_due_on, Civil Code Art. 148(5)).
with

consultations as (select * from consultation_status),

tasks as (select task_id, owner_agency_id, due_on, completed_on from task_status),

timed as (
    select
        c.consultation_id,
        c.task_id,
        c.requesting_agency_id,
        c.consulted_agency_id,
        c.sent_on,
        c.deadline_on,
        c.reply_due_on,
        c.responded_on,
        c.status,
        c.responded_on is null as still_waiting,
        coalesce(c.responded_on, p.as_of) as waited_until,
        t.completed_on as task_completed_on,
        t.due_on as task_due_on
    from consultations c
    left join tasks t using (task_id)
    cross join build_params p
),

final as (
    select
        consultation_id,
        task_id,
        requesting_agency_id,
        consulted_agency_id,
        sent_on,
        deadline_on,
        responded_on,
        status,
        still_waiting,
        waited_until,
        greatest(date_diff('day', sent_on, waited_until), 0)::integer as wait_days,
        case when deadline_on is not null
            then greatest(date_diff('day', reply_due_on, waited_until), 0)
        end::integer as days_past_deadline,
        case when task_id is not null then
            greatest(date_diff('day', sent_on, least(waited_until, coalesce(task_completed_on, waited_until))), 0)
        end::integer as task_wait_days,
        task_due_on,
        task_completed_on,
        reply_due_on
    from timed
)

select * from final
order by consulted_agency_id, sent_on, consultation_id
