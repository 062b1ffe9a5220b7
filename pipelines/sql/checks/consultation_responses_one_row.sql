-- Every loaded consultation has exactly one consultation_responses row, and a classification from the
-- phrase list always names the phrase that decided it: returns the consultations that break it.
select c.consultation_id, count(r.consultation_id) as rows_in_consultation_responses, null as classified_by
from stg_consultations c
left join consultation_responses r using (consultation_id)
group by c.consultation_id
having count(r.consultation_id) <> 1
union all
select consultation_id, 1, classified_by
from consultation_responses
where (classified_by = 'phrase') <> (matched_phrase is not null)
   or (classified_by = 'phrase' and not is_evasive(classified_response))
