-- grain: one row per official for the evaluation year in the agencies $agencies with the proposed titles $titles
--        (lists, NULL = all), only the eligible when $eligible_only (every column of commendation_candidates, so
--        the criteria met/missed, rank and rule columns come through), with names under lbl_* columns; eligible
--        and highest score first, the first $limit rows (NULL = every row: the download)
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
    ($agencies is null or list_contains($agencies, c.agency_id))
    and ($titles is null or list_contains($titles, c.proposed_title))
    and (not $eligible_only or c.eligible)
order by c.eligible desc nulls last, c.score desc nulls last, a.name, o.full_name, c.official_id
limit $limit
