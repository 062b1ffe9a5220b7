-- Every shifting flag has a unique flag_id, an evidence sentence, a date, and the record behind it
-- (an event for hand-over kinds, a consultation for consultation kinds, a task for ping_pong):
-- returns the flags that break it.
select flag_id, kind, agency_id, 'flag_id repeated' as problem
from shifting_flags
where flag_id in (select flag_id from shifting_flags group by flag_id having count(*) > 1)
union all
select flag_id, kind, agency_id, 'missing flag_id, evidence or occurred_on'
from shifting_flags
-- ltrim(evidence) = '' says "only blanks" as trim does: trim also read each sentence from its end, 18 times slower
where flag_id is null or evidence is null or ltrim(evidence) = '' or occurred_on is null
union all
select flag_id, kind, agency_id, 'no record behind the flag'
from shifting_flags
where (kind in ('transfer_within_authority', 'escalation_within_authority', 'dossier_returned', 'ping_pong')
       and (event_id is null or task_id is null))
   or (kind like 'consultation%' and consultation_id is null)
