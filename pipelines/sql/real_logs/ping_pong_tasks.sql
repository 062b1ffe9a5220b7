-- grain: one row per task with a ping-pong (X → Y → X in its holder sequence)
-- reads: shifting_flags (kind ping_pong), holder_bounces — the warehouse's own flags when its
--   shifting rules are built (the table has rows), else the holder sequences read here
with

flagged as (select distinct task_id from shifting_flags where kind = 'ping_pong'),

from_holders as (
    select distinct task_id from holder_bounces
    where not exists (select 1 from shifting_flags)
),

final as (
    select task_id from flagged
    union all
    select task_id from from_holders
)

select * from final
