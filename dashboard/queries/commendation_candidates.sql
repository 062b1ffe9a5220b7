-- grain: one row per official for the evaluation year (when it is a year of $start to $end) in the agencies
--        $agencies with the standings $standings (eligible, not_eligible, insufficient_data; lists, NULL = all); $titles (NULL = all) narrows the eligible
--        to those titles and keeps everyone not eligible (they have no title: choosing a title never hides who
--        is excluded); every column of commendation_candidates with names under lbl_* columns; sorted over all
--        rows by $sort (standing: eligible and highest score first; score; rate: lower bound of the on-time
--        rate; agency; name), the first $limit rows (NULL = every row: the download)
-- reads: wh.commendation_candidates, wh.stg_officials, wh.stg_agencies
with

candidates as (
    select
        c.*,
        case
            when c.eligible then 'eligible'
            when c.insufficient_data then 'insufficient_data'
            else 'not_eligible'
        end as standing
    from wh.commendation_candidates c
),

final as (
    select
        c.*,
        o.full_name as lbl_official_name,
        o.position as lbl_position,
        o.category as lbl_category,
        a.name as lbl_agency_name
    from candidates c
    left join wh.stg_officials o on o.official_id = c.official_id
    left join wh.stg_agencies a on a.agency_id = c.agency_id
    where
        ($start is null or c.year >= year($start)) and ($end is null or c.year <= year($end))
        and ($agencies is null or list_contains($agencies, c.agency_id))
        and ($standings is null or list_contains($standings, c.standing))
        and ($titles is null or not coalesce(c.eligible, false) or list_contains($titles, c.proposed_title))
)

select * from final
order by
    case when $sort = 'score' then score end desc nulls last,
    case when $sort = 'rate' then on_time_rate_low end desc nulls last,
    case when $sort = 'agency' then lbl_agency_name end,
    case when $sort = 'name' then lbl_official_name end,
    eligible desc nulls last,
    score desc nulls last,
    lbl_agency_name,
    lbl_official_name,
    official_id
limit $limit
