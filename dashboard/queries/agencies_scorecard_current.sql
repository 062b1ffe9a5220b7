-- grain: one row per agency in force, as organised now (agency_scorecard_current: the figures of the agencies whose
--        work it carries added in), with the fairness minimum, enough_data and rank the mart carries; ranked first
-- reads: wh.agency_scorecard_current, wh.stg_agencies
select
    s.*,
    (
        select string_agg(p.name || ' (' || p.agency_id || ')', '; ' order by p.agency_id)
        from wh.stg_agencies p
        where list_contains(s.predecessor_ids, p.agency_id)
    ) as predecessors_text
from wh.agency_scorecard_current s
order by s.rank_position nulls last, s.name, s.agency_id
