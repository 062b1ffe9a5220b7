-- grain: one row per decision subject whose current decision names a subject the last build no longer has
-- reads: wh.decision_orphans
select * from wh.decision_orphans
order by subject_kind, subject_id
