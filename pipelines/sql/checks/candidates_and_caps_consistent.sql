-- commendation_candidates: eligible exactly when a title is proposed, never ranked without a score;
-- grading_cap_check: cap_exceeded agrees with excellent > cap_limit. Returns the rows that break it.
select 'commendation_candidates' as table_name, official_id as id, proposed_title as detail
from commendation_candidates
where eligible <> (proposed_title is not null) or (rank is not null and score is null)
union all
select 'grading_cap_check', agency_id || ':' || year, cap_limit::varchar
from grading_cap_check
where cap_limit is not null and cap_exceeded <> (excellent > cap_limit)
