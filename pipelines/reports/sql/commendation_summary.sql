-- grain: one row per proposed title (most senior first), then the blocked and the total, for year $year
-- reads: commendation_candidates, enum_terms
with

candidates as (select * from commendation_candidates where year = $year),

titles as (
    select code, label_vi, list_position($title_order, code) as title_rank
    from enum_terms
    where domain = 'commendation_title' and list_contains($title_order, code)
),

by_title as (
    select 0 as part, t.title_rank, t.label_vi as label, count(c.official_id)::integer as officials
    from titles t
    left join candidates c on c.eligible and c.proposed_title = t.code
    group by t.title_rank, t.label_vi
),

others as (
    select 1 as part, 0 as title_rank, 'Không đề xuất (không đủ điều kiện hoặc chưa đủ dữ liệu)' as label,
        count(*) filter (where not coalesce(eligible, false))::integer as officials
    from candidates
    union all
    select 2, 0, 'Tổng số cán bộ, công chức được xét', count(*)::integer from candidates
),

final as (
    select * from by_title
    union all
    select * from others
)

select label, officials from final
order by part, title_rank desc
