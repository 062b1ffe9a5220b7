-- grain: one row per eligible official (the Board's proposal list) of the commendation years of $start to $end
--        in the agencies $agencies with the proposed titles $titles (lists, NULL = all): highest title first, then the mart's own rank, then the name; the
--        first $limit rows (NULL = every row: the download); columns as commendation_candidates
-- reads: wh.commendation_candidates, wh.stg_officials, wh.stg_agencies
select
    c.*,
    o.full_name as lbl_official_name,
    o.position as lbl_position,
    o.category as lbl_category,
    a.name as lbl_agency_name
from wh.commendation_candidates c
left join wh.stg_officials o on o.official_id = c.official_id
left join wh.stg_agencies a on a.agency_id = c.agency_id
where
    ($start is null or c.year >= year($start)) and ($end is null or c.year <= year($end))
    and ($agencies is null or list_contains($agencies, c.agency_id))
    and ($titles is null or list_contains($titles, c.proposed_title))
    and c.eligible
order by
    case c.proposed_title
        when 'city_emulation_fighter' then 0
        when 'base_emulation_fighter' then 1
        when 'advanced_worker' then 2
        else 3
    end,
    c.rank nulls last,
    o.full_name,
    c.official_id
limit $limit
