-- grain: one row per hand-over event (task_events of kind transfer, escalate or return from one agency to
--   another), with the task's owner and authority, both agencies' kinds, how long the task sat before
--   this hand-over, and the hand-over that followed it (to tell an escalation answered by a return)
-- reads: stg_task_events, stg_tasks, stg_agencies
-- An event from an agency to itself (routing inside the agency) hands nothing over: it is left out, so
--   it neither counts as a hand-over nor hides the answer to an escalation (a city clerk routing the
--   file internally between "escalate" and "return"). Exports of document systems hold many of them.
-- days_held: days from the previous hand-over of the task (or its assignment) to this one — the time
--   the passing agency held the task before passing it on.
with

events as (
    select *
    from stg_task_events
    where kind in ('transfer', 'escalate', 'return') and from_agency_id <> to_agency_id
),

tasks as (select * from stg_tasks),

agencies as (select * from stg_agencies),

sequenced as (
    select
        e.*,
        t.owner_agency_id,
        t.decided_by,
        t.assigned_on,
        row_number() over w as handover_number,
        lag(e.occurred_at) over w as previous_handover_at,
        lead(e.event_id) over w as next_event_id,
        lead(e.kind) over w as next_kind,
        lead(e.from_agency_id) over w as next_from_agency_id,
        lead(e.to_agency_id) over w as next_to_agency_id,
        lead(e.reason) over w as next_reason,
        lead(e.occurred_on) over w as next_occurred_on,
        lead(e.official_id) over w as next_official_id
    from events e
    join tasks t using (task_id)
    window w as (partition by e.task_id order by e.occurred_at, e.event_id)
),

final as (
    select
        s.event_id,
        s.task_id,
        s.handover_number::integer as handover_number,
        s.kind,
        s.from_agency_id,
        s.to_agency_id,
        fa.kind as from_agency_kind,
        ta.kind as to_agency_kind,
        s.official_id,
        s.reason,
        s.occurred_at,
        s.occurred_on,
        s.owner_agency_id,
        s.decided_by,
        s.from_agency_id = s.owner_agency_id as from_owner,
        coalesce(s.previous_handover_at::date, s.assigned_on) as held_since_on,
        greatest(date_diff('day', coalesce(s.previous_handover_at::date, s.assigned_on), s.occurred_on), 0)::integer
            as days_held,
        s.next_event_id,
        s.next_kind,
        s.next_from_agency_id,
        s.next_to_agency_id,
        s.next_reason,
        s.next_occurred_on,
        s.next_official_id
    from sequenced s
    left join agencies fa on fa.agency_id = s.from_agency_id
    left join agencies ta on ta.agency_id = s.to_agency_id
)

-- no order by: an intermediate table read by joins, never by range; sorting its rows cost more than the
-- rest of the model
select * from final
