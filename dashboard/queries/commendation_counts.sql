-- grain: one row per agency, proposed title and standing (eligible, not_eligible, insufficient_data — the mart's
--        eligible and insufficient_data flags in one word) among the commendation candidates of the years of
--        $start to $end, with the number of officials: the page's filter choices, KPIs and the full counts of
--        its filtered tables
-- reads: wh.commendation_candidates, wh.stg_agencies
select
    c.agency_id,
    any_value(a.name) as agency_name,
    c.proposed_title,
    coalesce(c.eligible, false) as eligible,
    case
        when c.eligible then 'eligible'
        when c.insufficient_data then 'insufficient_data'
        else 'not_eligible'
    end as standing,
    count(*) as officials
from wh.commendation_candidates c
left join wh.stg_agencies a on a.agency_id = c.agency_id
where ($start is null or c.year >= year($start)) and ($end is null or c.year <= year($end))
group by all
