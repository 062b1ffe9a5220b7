-- grain: one row per task assigned on or before $cutoff, its status judged on the day $cutoff
-- reads: task_status, stg_task_events, build_params
-- The rules of task_status (the data contract, docs/warehouse.md) applied on $cutoff instead of the build's as_of. When $cutoff
-- is the build's as_of the rows are task_status's own (deadline, status, days overdue); on an earlier
-- day a task counts as completed only when completed_on <= $cutoff, and the deadline in force is the
-- one set by the latest extension decided on or before $cutoff (else the original deadline).
-- $which labels the rows ('current' or 'previous' period); in_period: assigned between $start and $cutoff.
with

tasks as (select * from task_status),

params as (select as_of from build_params),

extensions_by_cutoff as (
    select
        task_id,
        arg_max(new_due_on, (occurred_at, event_id)) as extended_due_on
    from stg_task_events
    where kind = 'extend' and occurred_on <= $cutoff
    group by task_id
),

judged as (
    select
        t.task_id,
        t.title,
        t.source,
        t.source_ref,
        t.owner_agency_id,
        t.lead_official_id,
        t.is_key,
        t.assigned_on,
        t.status as status_as_of_build,
        $cutoff::date >= p.as_of as cutoff_is_as_of,
        case
            when $cutoff::date >= p.as_of then t.due_on
            else coalesce(x.extended_due_on, t.original_due_on)
        end as due_on,
        case when t.completed_on <= $cutoff::date then t.completed_on end as completed_on,
        t.days_overdue as days_overdue_as_of_build
    from tasks t
    cross join params p
    left join extensions_by_cutoff x using (task_id)
    where t.assigned_on <= $cutoff::date
),

final as (
    select
        $which::varchar as which,
        task_id,
        title,
        source,
        source_ref,
        owner_agency_id,
        lead_official_id,
        is_key,
        assigned_on,
        assigned_on >= $start::date as in_period,
        due_on,
        completed_on,
        case
            when cutoff_is_as_of then status_as_of_build
            when due_on is null then 'no_deadline'
            when completed_on is not null and completed_on <= due_on then 'done_on_time'
            when completed_on is not null then 'done_late'
            when $cutoff::date <= due_on then 'open_on_time'
            else 'open_overdue'
        end as status,
        case
            when cutoff_is_as_of then days_overdue_as_of_build
            when due_on is null then 0
            when completed_on is not null then greatest(date_diff('day', due_on, completed_on), 0)
            else greatest(date_diff('day', due_on, $cutoff::date), 0)
        end::integer as days_overdue
    from judged
)

select * from final
