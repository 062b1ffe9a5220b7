-- grain: one row per eligible official (the Board's proposal list) of the commendation years of $start to $end
--        in the agencies $agencies with the proposed titles $titles (lists, NULL = all): highest title first, then the mart's own rank, then the name; the
--        first $limit rows (NULL = every row: the download); the columns of commendation_candidates the page
--        shows and its grounds panel reads, names under lbl_* columns
-- reads: wh.commendation_candidates, wh.stg_officials, wh.stg_agencies
-- Picked on a few narrow columns, read whole only for the rows kept (as commendation_candidates.sql, which says
-- why); the name to sort on is the mart's full_name, stg_officials' own.
with

picked as (
    select
        c.rowid as row_id,
        c.official_id,
        c.rank as sort_rank,
        c.full_name as lbl_official_name,
        case c.proposed_title
            when 'city_emulation_fighter' then 0
            when 'base_emulation_fighter' then 1
            when 'advanced_worker' then 2
            else 3
        end as title_order
    from wh.commendation_candidates c
    where
        ($start is null or c.year >= year($start)) and ($end is null or c.year <= year($end))
        and ($agencies is null or list_contains($agencies, c.agency_id))
        and ($titles is null or list_contains($titles, c.proposed_title))
        and c.eligible
    order by title_order, c.rank nulls last, lbl_official_name, c.official_id
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
        p.lbl_official_name,
        o.position as lbl_position,
        o.category as lbl_category,
        a.name as lbl_agency_name,
        p.title_order,
        p.sort_rank
    from candidates c
    join picked p using (row_id)
    left join wh.stg_officials o on o.official_id = c.official_id
    left join wh.stg_agencies a on a.agency_id = c.agency_id
)

select * exclude (title_order, sort_rank)
from final
order by title_order, sort_rank nulls last, lbl_official_name, official_id
