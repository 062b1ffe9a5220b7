-- grain: one row per official for the evaluation year (when it is a year of $start to $end) in the agencies
--        $agencies with the standings $standings (eligible, not_eligible, insufficient_data; lists, NULL = all); $titles (NULL = all) narrows the eligible
--        to those titles and keeps everyone not eligible (they have no title: choosing a title never hides who
--        is excluded); the columns of commendation_candidates the page shows and its grounds panel reads, with
--        the standing and names under lbl_* columns; sorted over all rows by $sort (standing: eligible and
--        highest score first; score; rate: lower bound of the on-time rate; agency; name), the first $limit
--        rows (NULL = every row: the download)
-- reads: wh.commendation_candidates, wh.stg_officials, wh.stg_agencies
-- The rows are picked on a few narrow columns and read whole only for the rows kept: sorting 30,000 whole rows
-- (each with its grounds: a reasons sentence and two lists of criteria) to keep a thousand cost most of the
-- query. The official's name to sort on is the mart's full_name (stg_officials' own, copied by the mart);
-- the scores, the decision columns and the discipline list are not read: the page shows none of them (the
-- council's decision is read live from the decision store).
with

picked as (
    select
        c.rowid as row_id,
        c.official_id,
        c.eligible,
        c.score,
        c.on_time_rate_low,
        c.full_name as lbl_official_name,
        a.name as lbl_agency_name,
        case
            when c.eligible then 'eligible'
            when c.insufficient_data then 'insufficient_data'
            else 'not_eligible'
        end as standing
    from wh.commendation_candidates c
    left join wh.stg_agencies a on a.agency_id = c.agency_id
    where
        ($start is null or c.year >= year($start)) and ($end is null or c.year <= year($end))
        and ($agencies is null or list_contains($agencies, c.agency_id))
        and ($standings is null or list_contains($standings, standing))
        and ($titles is null or not coalesce(c.eligible, false) or list_contains($titles, c.proposed_title))
    order by
        case when $sort = 'score' then c.score end desc nulls last,
        case when $sort = 'rate' then c.on_time_rate_low end desc nulls last,
        case when $sort = 'agency' then lbl_agency_name end,
        case when $sort = 'name' then lbl_official_name end,
        c.eligible desc nulls last,
        c.score desc nulls last,
        lbl_agency_name,
        lbl_official_name,
        c.official_id
    limit $limit
),

candidates as (
    select
        rowid as row_id,
        official_id,
        agency_id,
        year,
        grade,
        on_time_rate_low,
        tasks_due,
        key_tasks_done,
        initiatives,
        disciplined,
        proposed_title,
        reasons,
        provisional,
        on_time_rate,
        on_time_rate_high,
        early_completions,
        criteria_met,
        criteria_missed,
        rank,
        rule_set_id,
        has_left,
        min_tasks
    from wh.commendation_candidates
    where rowid in (select row_id from picked)
),

final as (
    select
        c.* exclude (row_id),
        p.standing,
        p.lbl_official_name,
        o.position as lbl_position,
        o.category as lbl_category,
        p.lbl_agency_name,
        p.eligible as sort_eligible,
        p.score as sort_score
    from candidates c
    join picked p using (row_id)
    left join wh.stg_officials o on o.official_id = c.official_id
)

select * exclude (sort_eligible, sort_score)
from final
order by
    case when $sort = 'score' then sort_score end desc nulls last,
    case when $sort = 'rate' then on_time_rate_low end desc nulls last,
    case when $sort = 'agency' then lbl_agency_name end,
    case when $sort = 'name' then lbl_official_name end,
    sort_eligible desc nulls last,
    sort_score desc nulls last,
    lbl_agency_name,
    lbl_official_name,
    official_id
