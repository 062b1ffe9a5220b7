-- grain: the rows of handover_cycles as built (one per task with a cycle longer than a ping-pong)
-- reads: wh.handover_cycles (run only when the table exists)
select * from wh.handover_cycles
