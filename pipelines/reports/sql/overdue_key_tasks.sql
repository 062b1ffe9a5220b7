-- grain: one row per key task (trọng tâm) in progress past its deadline on the judging day
-- reads: period_tasks (temporary), stg_agencies, stg_officials
-- Every key task assigned on or before the judging day, whatever its period: overdue work carried over
-- from earlier periods is the first thing the report must show.
with

tasks as (select * from period_tasks where which = 'current' and is_key and status = 'open_overdue'),

final as (
    select
        t.task_id,
        t.title,
        t.source_ref,
        t.source,
        coalesce(s.label_vi, t.source) as source_label,
        t.owner_agency_id,
        coalesce(a.name, t.owner_agency_id) as agency_name,
        o.full_name as lead_official_name,
        t.assigned_on,
        t.due_on,
        t.days_overdue,
        t.in_period
    from tasks t
    left join stg_agencies a on a.agency_id = t.owner_agency_id
    left join stg_officials o on o.official_id = t.lead_official_id
    left join enum_terms s on s.domain = 'task_source' and s.code = t.source
)

select * from final
order by days_overdue desc, agency_name, task_id
