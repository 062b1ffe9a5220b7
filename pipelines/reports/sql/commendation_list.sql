-- grain: one row per commendation candidate of year $year with eligible = $eligible, best first
-- reads: commendation_candidates, stg_officials, stg_agencies, enum_terms
-- c.* keeps every column the mart has (contract columns and any extras, used when present).
with

candidates as (select * from commendation_candidates where year = $year and eligible = $eligible),

final as (
    select
        c.*,
        coalesce(o.full_name, c.official_id) as official_name,
        coalesce(pos.label_vi, o.position) as position_label,
        coalesce(cat.label_vi, o.category) as category_label,
        coalesce(a.name, c.agency_id) as agency_name,
        coalesce(g.label_vi, c.grade) as grade_label,
        coalesce(t.label_vi, c.proposed_title) as title_label,
        list_position($title_order, c.proposed_title) as title_rank
    from candidates c
    left join stg_officials o using (official_id)
    left join stg_agencies a on a.agency_id = c.agency_id
    left join enum_terms pos on pos.domain = 'post' and pos.code = o.position
    left join enum_terms cat on cat.domain = 'category' and cat.code = o.category
    left join enum_terms g on g.domain = 'grade' and g.code = c.grade
    left join enum_terms t on t.domain = 'commendation_title' and t.code = c.proposed_title
)

select * from final
order by title_rank desc nulls last, score desc nulls last, on_time_rate_low desc nulls last, agency_name,
    official_name, official_id
