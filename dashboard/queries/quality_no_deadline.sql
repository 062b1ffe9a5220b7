-- data-quality: per agency, tasks without a deadline and their share of its tasks (agency_scorecard)
select agency_id, name, kind, tasks_total, no_deadline, no_deadline_share
from wh.agency_scorecard
where tasks_total > 0
order by no_deadline_share desc nulls last, no_deadline desc, agency_id
