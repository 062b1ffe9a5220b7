-- grain: one row per loaded agency (a contract table, docs/warehouse.md)
-- reads: stg_agencies, stg_officials, task_status, shifting_flags, stg_inspections, discipline_periods, settings
--   and agency_lineage: current_agency_id, last, is the agency that carries this one's work as of as_of (NULL when
--   abolished without successor). Counts are by the agency that held each record (organised then);
--   agency_scorecard_current adds them up by current_agency_id (organised now).
-- After the contract's columns, what the pages show beside them: tasks_due (the rate's n), the share of its
--   tasks without a deadline, the fairness minimum it was judged with (fairness.min_tasks_for_rate), whether
--   the agency has that many tasks due and a rate (enough_data), and its rank on the lower bound of the
--   on-time rate among those that do (then the rate itself; NULL below the minimum).
-- shifting_flags counts every flag held against the agency; shifting_flags_upheld (last column) those whose
--   current decision is not `dismissed` (undecided, confirmed or explained: contract §3). deemed_agreements
--   and dossiers_returned count every flag of their kind.
with

agencies as (select * from stg_agencies),

task_counts as (
    select
        owner_agency_id as agency_id,
        count(*) as tasks_total,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'open_on_time') as open_on_time,
        count(*) filter (where status = 'open_overdue') as open_overdue,
        count(*) filter (where status = 'no_deadline') as no_deadline,
        count(*) filter (where status = 'open_overdue' and is_key) as key_open_overdue
    from task_status
    group by owner_agency_id
),

flag_counts as (
    select
        agency_id,
        count(*) as shifting_flags,
        count(*) filter (where decision is distinct from 'dismissed') as shifting_flags_upheld,
        count(*) filter (where kind = 'consultation_deemed_agreed') as deemed_agreements,
        count(*) filter (where kind = 'dossier_returned') as dossiers_returned
    from shifting_flags
    group by agency_id
),

inspection_counts as (
    select
        agency_id,
        count(*) filter (where kind = 'surprise') as surprise_inspections,
        sum(findings) as inspection_findings
    from stg_inspections
    group by agency_id
),

disciplined as (
    select o.agency_id, count(distinct d.official_id) as disciplined_officials
    from discipline_periods d
    join stg_officials o using (official_id)
    where d.in_effect
    group by o.agency_id
),

counted as (
    select
        a.agency_id,
        a.name,
        a.kind,
        coalesce(t.tasks_total, 0) as tasks_total,
        coalesce(t.done_on_time, 0) as done_on_time,
        coalesce(t.done_late, 0) as done_late,
        coalesce(t.open_on_time, 0) as open_on_time,
        coalesce(t.open_overdue, 0) as open_overdue,
        coalesce(t.no_deadline, 0) as no_deadline,
        coalesce(t.key_open_overdue, 0) as key_open_overdue,
        coalesce(f.shifting_flags, 0) as shifting_flags,
        coalesce(f.deemed_agreements, 0) as deemed_agreements,
        coalesce(f.dossiers_returned, 0) as dossiers_returned,
        coalesce(i.surprise_inspections, 0) as surprise_inspections,
        coalesce(i.inspection_findings, 0) as inspection_findings,
        coalesce(d.disciplined_officials, 0) as disciplined_officials,
        coalesce(f.shifting_flags_upheld, 0) as shifting_flags_upheld
    from agencies a
    left join task_counts t using (agency_id)
    left join flag_counts f using (agency_id)
    left join inspection_counts i using (agency_id)
    left join disciplined d using (agency_id)
),

scored as (
    select
        agency_id,
        name,
        kind,
        tasks_total::integer as tasks_total,
        done_on_time::integer as done_on_time,
        done_late::integer as done_late,
        open_on_time::integer as open_on_time,
        open_overdue::integer as open_overdue,
        no_deadline::integer as no_deadline,
        key_open_overdue::integer as key_open_overdue,
        on_time_rate(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate,
        wilson_low(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate_low,
        wilson_high(done_on_time, tasks_due(done_on_time, done_late, open_overdue)) as on_time_rate_high,
        shifting_flags::integer as shifting_flags,
        deemed_agreements::integer as deemed_agreements,
        dossiers_returned::integer as dossiers_returned,
        surprise_inspections::integer as surprise_inspections,
        inspection_findings::integer as inspection_findings,
        disciplined_officials::integer as disciplined_officials,
        tasks_due(done_on_time, done_late, open_overdue)::integer as tasks_due,
        shifting_flags_upheld::integer as shifting_flags_upheld
    from counted
),

minimum as (select setting_num('fairness.min_tasks_for_rate')::integer as min_tasks),

final as (
    select
        s.* exclude (shifting_flags_upheld),
        share(s.no_deadline, s.tasks_total) as no_deadline_share,
        m.min_tasks,
        enough_data(s.tasks_due, s.on_time_rate, m.min_tasks) as enough_data,
        case when enough_data(s.tasks_due, s.on_time_rate, m.min_tasks) then
            rank() over (
                partition by enough_data(s.tasks_due, s.on_time_rate, m.min_tasks)
                order by s.on_time_rate_low desc, s.on_time_rate desc
            )
        end as rank_position,
        l.current_agency_id,
        s.shifting_flags_upheld
    from scored s
    cross join minimum m
    left join agency_lineage l using (agency_id)
)

select * from final
order by agency_id
