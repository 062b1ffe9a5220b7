-- grain: one row per agency with candidates of year $year not assessed for lack of data, most first
-- reads: commendation_candidates (its extra column insufficient_data: run only when the mart has it), stg_agencies
with

insufficient as (
    select * from commendation_candidates
    where year = $year and not coalesce(eligible, false) and insufficient_data and not coalesce(disciplined, false)
),

final as (
    select
        coalesce(a.name, i.agency_id) as agency_name,
        count(*)::integer as officials,
        min(i.tasks_due)::integer as min_tasks_due,
        max(i.tasks_due)::integer as max_tasks_due
    from insufficient i
    left join stg_agencies a on a.agency_id = i.agency_id
    group by all
)

select * from final
order by officials desc, agency_name
