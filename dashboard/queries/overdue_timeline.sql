-- grain: one row per step in the life of task $task_id: assignment, every task event (hand-over, return,
--        extension, reopening), every consultation sent and answered, the deadline in force, completion
-- reads: wh.task_status, wh.stg_task_events, wh.consultation_status, wh.stg_agencies
with

task as (select * from wh.task_status where task_id = $task_id),

events as (select * from wh.stg_task_events where task_id = $task_id),

consultations as (select * from wh.consultation_status where task_id = $task_id),

agencies as (select agency_id, name from wh.stg_agencies),

steps as (
    select 0 as step_rank, assigned_on as on_date, 'assigned' as step, null::varchar as event_kind,
        null::varchar as from_agency_id, owner_agency_id as to_agency_id, null::varchar as reason,
        original_due_on as deadline_on, null::varchar as response, null::varchar as consultation_status,
        task_id as ref_id
    from task
    union all
    select 1, occurred_on, 'event', kind, from_agency_id, to_agency_id, reason, new_due_on, null, null, event_id
    from events
    union all
    select 2, sent_on, 'consultation_sent', null, requesting_agency_id, consulted_agency_id, null, deadline_on,
        null, status, consultation_id
    from consultations
    union all
    select 3, responded_on, 'consultation_answered', null, consulted_agency_id, requesting_agency_id, null,
        deadline_on, response, status, consultation_id
    from consultations
    where responded_on is not null
    union all
    select 4, due_on, 'due', null, null, owner_agency_id, null, due_on, null, null, task_id
    from task
    where due_on is not null
    union all
    select 5, completed_on, 'completed', null, null, owner_agency_id, null, due_on, null, null, task_id
    from task
    where completed_on is not null
),

final as (
    select
        s.on_date,
        s.step,
        s.event_kind,
        s.from_agency_id,
        fa.name as from_agency_name,
        s.to_agency_id,
        ta.name as to_agency_name,
        s.reason,
        s.deadline_on,
        s.response,
        s.consultation_status,
        s.ref_id,
        s.step_rank
    from steps s
    left join agencies fa on fa.agency_id = s.from_agency_id
    left join agencies ta on ta.agency_id = s.to_agency_id
)

select * from final
order by on_date nulls last, step_rank, ref_id
