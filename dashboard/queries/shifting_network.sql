-- grain: the rows of handover_network as built (one per pair of agencies and kind), columns as they are
-- reads: wh.handover_network (run only when the table exists)
select * from wh.handover_network
