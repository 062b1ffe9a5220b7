-- grain: at most one row: the decision subject ($kind, $id) as the warehouse holds it, with what a decision
--   on it needs (a task's status; a candidate's proposed title and the council vote share that title needs)
-- reads: wh.shifting_flags, wh.task_status, wh.personnel_review, wh.commendation_candidates
-- Used by the dashboard's decision panel and by `congvu decide` alike (pipelines/decisions/subjects.py).
select
    $kind as subject_kind,
    flag_id as subject_id,
    kind || ' — ' || agency_id || ' — ' || evidence as description,
    null::varchar as status,
    null::varchar as proposed_title,
    null::double as vote_share_required
from wh.shifting_flags
where $kind in ('flag', 'explanation') and flag_id = $id
union all
select
    'objective_cause', task_id, task_id || ' «' || title || '»', status, null, null
from wh.task_status
where $kind = 'objective_cause' and task_id = $id
union all
select
    'review', official_id, official_id || ' — ' || reasons, severity, null, null
from wh.personnel_review
where $kind = 'review' and official_id = $id
union all
select
    'candidate', official_id || '/' || year, official_id || ' — ' || reasons, null, proposed_title,
    vote_share_required
from wh.commendation_candidates
where $kind = 'candidate' and official_id || '/' || year = $id
