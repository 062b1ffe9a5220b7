-- grain: one row per shifting flag raised by an act of official $official_id (the event they carried out, or
--        the event that answered it), newest first
-- reads: wh.shifting_flags
-- Two filters of one column each, not one OR of two columns: each is pushed into the scan, so the flags'
-- evidence and titles are read for this official's rows only (the OR read them for all 0.5 M flags: 0.6 s).
select *
from (
    select * from wh.shifting_flags where official_id = $official_id
    union all
    select * from wh.shifting_flags
    where event_official_id = $official_id and official_id is distinct from $official_id
)
order by occurred_on desc nulls last, flag_id
