-- grain: one row: shifting findings dated in the current window and in the previous one
-- reads: shifting_flags
select
    count(*) filter (where occurred_on between $start::date and $cutoff::date)::integer as current_findings,
    count(*) filter (where occurred_on between $prev_start::date and $prev_cutoff::date)::integer
        as previous_findings
from shifting_flags
