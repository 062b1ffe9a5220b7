-- grain: one row per shifting flag raised by an act of official $official_id (the event they carried out, or
--        the event that answered it), newest first: the columns the official page shows (flag, kind, task, date, evidence)
-- reads: wh.shifting_flags
-- Two filters of one column each, not one OR of two columns: each is pushed into the scan, so the flags'
-- evidence and titles are read for this official's rows only (the OR read them for all 0.5 M flags: 0.6 s).
-- Only what the page shows (the decision on a flag is read live): an official's flags lie all over the mart,
-- and each of its twenty-odd columns read for them cost as much as the two filters (issue 16).
select flag_id, kind, task_id, occurred_on, evidence
from (
    select flag_id, kind, task_id, occurred_on, evidence
    from wh.shifting_flags
    where official_id = $official_id
    union all
    select flag_id, kind, task_id, occurred_on, evidence
    from wh.shifting_flags
    where event_official_id = $official_id and official_id is distinct from $official_id
)
order by occurred_on desc nulls last, flag_id
