-- grain: one row per loaded task, judged as of the build's as_of date (a contract table, docs/warehouse.md)
-- reads: stg_tasks, stg_task_events, build_params, decision_current, calendar_days
-- due_on: the new_due_on of the latest extend event by occurred_on (its time where the file gave one), then
--   event_id — even when it sets an earlier date than the one before (input file task_events, pipelines/sources.py).
-- A reopen dated after completed_on (and not after as_of) voids that completion: the work was sent back, the
--   task is open again and judged against its due_on as of as_of, until a later completion, which the export
--   carries as a completed_on after the reopen. The voided date is kept as voided_completed_on. A reopen on
--   the completion day itself does not void it: "dated after" compares days, and the export's completed_on
--   has no time to order the two within a day.
-- decision, decision_by, decided_on (at the end): the task's current objective-cause decision (contract §4:
--   `certified` or `refused` by home_affairs), NULL when none. The status stays the raw one: a certified
--   late task is still done_late here; official_period_scores is where it stops counting as late. The
--   contract names the second column decided_by, which task_status already uses for the authority that
--   decides the matter (agency or city): here it is decision_by.
with

tasks as (select * from stg_tasks),

events as not materialized (select * from stg_task_events),

-- counts over all 10 M events; the dates only over the 0.4 M extend and reopen events (the sort key of arg_max
-- built for every event cost more than the counts)
event_counts as (
    select
        task_id,
        count(*) filter (where kind = 'transfer') as transfer_count,
        count(*) filter (where kind = 'escalate') as escalation_count,
        count(*) filter (where kind = 'extend') as extension_count,
        count(*) filter (where kind = 'reopen') as reopen_count
    from events
    group by task_id
    -- a task whose events count nothing here (returns only) gets its zeros from the coalesce below; the filter
    -- also makes DuckDB build the join's hash table on these narrow counts, not on the 2.5 M tasks with their
    -- titles (4 s -> 1 s)
    having count(*) filter (where kind in ('transfer', 'escalate', 'extend', 'reopen')) > 0
),

event_dates as (
    select
        task_id,
        max(occurred_on) filter (where kind = 'reopen' and occurred_on <= p.as_of) as last_reopen_on,
        -- the deadline in force is the one set by the most recent extension
        arg_max(new_due_on, (occurred_at, event_id)) filter (where kind = 'extend') as extended_due_on
    from events
    cross join build_params p
    where kind in ('extend', 'reopen')
    group by task_id
),

dated as (
    select
        t.* replace (
            case when t.completed_on < e.last_reopen_on then null else t.completed_on end as completed_on
        ),
        case when t.completed_on < e.last_reopen_on then t.completed_on end as voided_completed_on,
        t.due_on as original_due_on,
        coalesce(e.extended_due_on, t.due_on) as effective_due_on,
        coalesce(n.transfer_count, 0) as transfer_count,
        coalesce(n.escalation_count, 0) as escalation_count,
        coalesce(n.extension_count, 0) as extension_count,
        coalesce(n.reopen_count, 0) as reopen_count,
        p.as_of
    from tasks t
    left join event_counts n using (task_id)
    left join event_dates e using (task_id)
    cross join build_params p
),

working_days as (select day, working_day_index from calendar_days),

causes as (
    select subject_id as task_id, outcome, decided_by as decision_by, decided_on
    from decision_current
    where subject_kind = 'objective_cause'
),

final as (
    select
        task_id,
        owner_agency_id,
        lead_official_id,
        source,
        is_key,
        decided_by,
        assigned_on,
        original_due_on,
        effective_due_on as due_on,
        completed_on,
        case
            when effective_due_on is null then 'no_deadline'
            when completed_on is not null and completed_on <= effective_due_on then 'done_on_time'
            when completed_on is not null then 'done_late'
            when as_of <= effective_due_on then 'open_on_time'
            else 'open_overdue'
        end as status,
        case
            when effective_due_on is null then 0
            when completed_on is not null then greatest(date_diff('day', effective_due_on, completed_on), 0)
            else greatest(date_diff('day', effective_due_on, as_of), 0)
        end::integer as days_overdue,
        -- the same delay in working days (calendar_days; counted from the day after due_on, Civil Code Art. 147)
        case
            when effective_due_on is null then 0
            else greatest(until_day.working_day_index - due_day.working_day_index, 0)
        end::integer as days_overdue_working,
        transfer_count::integer as transfer_count,
        escalation_count::integer as escalation_count,
        extension_count::integer as extension_count,
        reopen_count::integer as reopen_count,
        completed_on is not null and effective_due_on is not null and completed_on < effective_due_on
            as completed_early,
        title,
        source_ref,
        voided_completed_on,
        c.outcome as decision,
        c.decision_by,
        c.decided_on
    from dated
    left join causes c using (task_id)
    -- working_days_between(due, until) as two plain joins: the macro's scalar subqueries made DuckDB
    -- materialise every row of the model to deduplicate their arguments
    left join working_days due_day on due_day.day = dated.effective_due_on
    left join working_days until_day on until_day.day = coalesce(dated.completed_on, dated.as_of)
)

-- stored by task_id: the task page looks up one task in each of its marts (task_custody, task_handover_burden
-- too), and DuckDB skips every row group whose task_id range misses it (in agency order one task's lookup read
-- up to every row group of 2.5 M rows); no page reads this table by an agency's range
select * from final
order by task_id
