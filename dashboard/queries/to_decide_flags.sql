-- grain: one row per shifting flag the inspectorate has not yet decided (its flag_id not among $decided, the
--        subjects with a `flag` decision in the live decision store), newest first, the first $limit rows,
--        with the count of all undecided flags in `undecided`
-- reads: wh.shifting_flags
select
    flag_id,
    kind,
    agency_id,
    agency_name,
    task_id,
    consultation_id,
    occurred_on,
    evidence,
    count(*) over () as undecided
from wh.shifting_flags
where flag_id not in (select unnest($decided::varchar[]))
order by occurred_on desc nulls last, flag_id
limit $limit
