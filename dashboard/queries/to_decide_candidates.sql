-- grain: one row per eligible commendation candidate of the evaluation year the board has not yet voted on
--        (official_id/year not among $decided, read live from the decision store), highest title and score
--        first, the first $limit rows, with the count of all in `undecided` and names under lbl_* columns
-- reads: wh.commendation_candidates, wh.stg_officials, wh.stg_agencies
select
    c.official_id || '/' || c.year as subject_id,
    c.official_id,
    c.agency_id,
    c.year,
    c.proposed_title,
    c.vote_share_required,
    c.reasons,
    o.full_name as lbl_official_name,
    o.position as lbl_position,
    a.name as lbl_agency_name,
    count(*) over () as undecided
from wh.commendation_candidates c
left join wh.stg_officials o on o.official_id = c.official_id
left join wh.stg_agencies a on a.agency_id = c.agency_id
where c.eligible and c.official_id || '/' || c.year not in (select unnest($decided::varchar[]))
order by c.proposed_title desc, c.rank nulls last, c.official_id
limit $limit
