-- grain: one row per disciplinary action against official $official_id with its in-effect period, newest first
-- reads: wh.discipline_periods
select *
from wh.discipline_periods
where official_id = $official_id
order by decided_on desc, action_id
