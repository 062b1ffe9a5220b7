-- grain: one row per shifting flag raised by an act of official $official_id (the event they carried out, or
--        the event that answered it), newest first
-- reads: wh.shifting_flags
select *
from wh.shifting_flags
where official_id = $official_id or event_official_id = $official_id
order by occurred_on desc nulls last, flag_id
