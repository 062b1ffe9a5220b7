-- grain: one row per decision subject whose current decision names a subject this build no longer has
--   (a flag, task, reviewed official or candidate gone after a rebuild): kept, listed for data quality
-- reads: decision_current, shifting_flags, task_status, personnel_review, commendation_candidates
-- A subject is where its kind points (contract §4): flag and explanation → shifting_flags.flag_id,
-- objective_cause → task_status.task_id, review → personnel_review.official_id, candidate →
-- commendation_candidates official_id/year. The decisions themselves stay in the store and in `decisions`.
with

current_decisions as (select * from decision_current),

subjects as (
    select 'flag' as subject_kind, flag_id as subject_id from shifting_flags
    union all
    select 'explanation', flag_id from shifting_flags
    union all
    select 'objective_cause', task_id from task_status
    union all
    select 'review', official_id from personnel_review
    union all
    select 'candidate', official_id || '/' || year from commendation_candidates
),

final as (
    select
        d.subject_kind,
        d.subject_id,
        d.decision_id,
        d.outcome,
        d.decided_by,
        d.role,
        d.decided_at,
        d.decided_on,
        d.decisions_count,
        d.reason,
        d.document_ref
    from current_decisions d
    anti join subjects s using (subject_kind, subject_id)
)

select * from final
order by subject_kind, subject_id
