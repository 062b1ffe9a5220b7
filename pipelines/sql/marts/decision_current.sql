-- grain: one row per decision subject (subject_kind, subject_id): its latest decision (contract §4)
-- reads: decisions (the decision store's history, copied in at build time)
-- The latest is the one with the highest decision_id: the store assigns ids in commit order, so a later
-- decision supersedes an earlier one even when both carry the same second. decided_on is the date of
-- decided_at; decisions_count says how many decisions the subject has had (its history is in decisions).
with

history as (select * from decisions),

ranked as (
    select
        *,
        row_number() over (partition by subject_kind, subject_id order by decision_id desc) as recency,
        count(*) over (partition by subject_kind, subject_id) as decisions_count
    from history
),

final as (
    select
        decision_id,
        subject_kind,
        subject_id,
        outcome,
        reason,
        document_ref,
        vote_share,
        decided_by,
        role,
        decided_at,
        decided_at::date as decided_on,
        decisions_count::integer as decisions_count
    from ranked
    where recency = 1
)

select * from final
order by subject_kind, subject_id
