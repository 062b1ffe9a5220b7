-- grain: one row per official under review (personnel_review), most severe first
-- reads: personnel_review, stg_officials, stg_agencies, enum_terms
-- r.* keeps the mart's own columns (contract and extras: its own on-time rate, interval and n).
with

review as (select * from personnel_review),

final as (
    select
        r.*,
        coalesce(o.full_name, r.official_id) as official_name,
        coalesce(pos.label_vi, o.position) as position_label,
        coalesce(cat.label_vi, o.category) as category_label,
        coalesce(a.name, r.agency_id) as agency_name,
        case r.severity when 'high' then 'Cao' when 'medium' then 'Trung bình' else r.severity end
            as severity_label
    from review r
    left join stg_officials o using (official_id)
    left join stg_agencies a on a.agency_id = r.agency_id
    left join enum_terms pos on pos.domain = 'post' and pos.code = o.position
    left join enum_terms cat on cat.domain = 'category' and cat.code = o.category
)

select * from final
order by case severity when 'high' then 0 when 'medium' then 1 else 2 end, agency_name, official_name, official_id
