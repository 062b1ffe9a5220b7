-- grain: one row per agency in force as of as_of (its agency_lineage leads to itself): agency_scorecard as organised now
-- reads: agency_scorecard, agency_lineage, stg_agencies, settings
-- Every count of agency_scorecard (tasks by owner, flags held against, inspections, disciplined officials) is
-- added up over the agencies whose work this one carries now (current_agency_id), itself included; the rates
-- come from the same macros as agency_scorecard (macros.sql). A record keeps the agency that held it: only the
-- reading changes. Agencies abolished without a successor carry to none and are left out here (their figures
-- stay in agency_scorecard, with current_agency_id NULL).
with

in_force as (
    select agency_id from agency_lineage where current_agency_id = agency_id
),

carried as (
    select
        s.current_agency_id as agency_id,
        sum(s.tasks_total) as tasks_total,
        sum(s.done_on_time) as done_on_time,
        sum(s.done_late) as done_late,
        sum(s.open_on_time) as open_on_time,
        sum(s.open_overdue) as open_overdue,
        sum(s.no_deadline) as no_deadline,
        sum(s.key_open_overdue) as key_open_overdue,
        sum(s.shifting_flags) as shifting_flags,
        sum(s.deemed_agreements) as deemed_agreements,
        sum(s.dossiers_returned) as dossiers_returned,
        sum(s.surprise_inspections) as surprise_inspections,
        sum(s.inspection_findings) as inspection_findings,
        sum(s.disciplined_officials) as disciplined_officials,
        count(*) filter (where s.agency_id <> s.current_agency_id) as predecessors,
        list(s.agency_id order by s.agency_id) filter (where s.agency_id <> s.current_agency_id)
            as predecessor_ids
    from agency_scorecard s
    where s.current_agency_id is not null
    group by s.current_agency_id
),

scored as (
    select
        a.agency_id,
        a.name,
        a.kind,
        c.tasks_total::integer as tasks_total,
        c.done_on_time::integer as done_on_time,
        c.done_late::integer as done_late,
        c.open_on_time::integer as open_on_time,
        c.open_overdue::integer as open_overdue,
        c.no_deadline::integer as no_deadline,
        c.key_open_overdue::integer as key_open_overdue,
        on_time_rate(c.done_on_time, tasks_due(c.done_on_time, c.done_late, c.open_overdue)) as on_time_rate,
        wilson_low(c.done_on_time, tasks_due(c.done_on_time, c.done_late, c.open_overdue)) as on_time_rate_low,
        wilson_high(c.done_on_time, tasks_due(c.done_on_time, c.done_late, c.open_overdue)) as on_time_rate_high,
        c.shifting_flags::integer as shifting_flags,
        c.deemed_agreements::integer as deemed_agreements,
        c.dossiers_returned::integer as dossiers_returned,
        c.surprise_inspections::integer as surprise_inspections,
        c.inspection_findings::integer as inspection_findings,
        c.disciplined_officials::integer as disciplined_officials,
        tasks_due(c.done_on_time, c.done_late, c.open_overdue)::integer as tasks_due,
        c.predecessors::integer as predecessors,
        coalesce(c.predecessor_ids, []::varchar[]) as predecessor_ids
    from in_force f
    join stg_agencies a using (agency_id)
    join carried c using (agency_id)
),

minimum as (select setting_num('fairness.min_tasks_for_rate')::integer as min_tasks),

-- the same extra columns as agency_scorecard, from the same macros, ranked among the agencies in force
final as (
    select
        s.* exclude (predecessors, predecessor_ids),
        share(s.no_deadline, s.tasks_total) as no_deadline_share,
        m.min_tasks,
        enough_data(s.tasks_due, s.on_time_rate, m.min_tasks) as enough_data,
        case when enough_data(s.tasks_due, s.on_time_rate, m.min_tasks) then
            rank() over (
                partition by enough_data(s.tasks_due, s.on_time_rate, m.min_tasks)
                order by s.on_time_rate_low desc, s.on_time_rate desc
            )
        end as rank_position,
        s.agency_id as current_agency_id,
        s.predecessors,
        s.predecessor_ids
    from scored s
    cross join minimum m
)

select * from final
order by agency_id
