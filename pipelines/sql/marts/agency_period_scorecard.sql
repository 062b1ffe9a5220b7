-- grain: one row per agency, reading (organised 'then' or 'now'), period kind (year, quarter, month) and period from the first task's year up to as_of: agency_scorecard's figures within the period, ranked within it
-- reads: stg_agencies, stg_officials, task_status, shifting_flags, stg_inspections, discipline_periods, agency_lineage, scorecard_periods, build_params, settings
-- The agencies page's scorecard for the period it is asked about. A period ends at as_of at the latest
-- (period_end), as the page's period control does. Within a period:
--   done_on_time, done_late, open_overdue (the rate's n, tasks_due): tasks due in it (by due_on, statuses as
--     of as_of), as in agency_period_scores; open_on_time and no_deadline (no deadline passed yet): tasks
--     assigned in it; tasks_total: all of those; key_open_overdue: key tasks among open_overdue;
--   shifting_flags, deemed_agreements, dossiers_returned: flags that occurred in it;
--   surprise_inspections, inspection_findings: inspections started in it;
--   disciplined_officials: officials of the agency with a disciplinary action in effect on a day of it.
-- organised = 'then': every loaded agency, by the agency that held each record (agency_scorecard);
-- organised = 'now': every agency in force, with the records of the agencies whose work it carries now added
--   in (agency_lineage.current_agency_id; agency_scorecard_current). Rates come from the metric macros; the
--   rank is on the lower bound of the on-time rate among the agencies of the same reading and period with
--   at least fairness.min_tasks_for_rate tasks due (NULL below it), as in agency_scorecard.
with

params as (
    select p.as_of, setting_num('fairness.min_tasks_for_rate')::integer as min_tasks
    from build_params p
),

kinds as (select * from (values ('year'), ('quarter'), ('month')) k(period_kind)),

periods as (select * from scorecard_periods),

task_months as (
    select
        t.owner_agency_id as agency_id,
        date_trunc(
            'month', case when t.status in ('open_on_time', 'no_deadline') then t.assigned_on else t.due_on end
        )::date as month_start,
        count(*) filter (where t.status = 'done_on_time') as done_on_time,
        count(*) filter (where t.status = 'done_late') as done_late,
        count(*) filter (where t.status = 'open_on_time') as open_on_time,
        count(*) filter (where t.status = 'open_overdue') as open_overdue,
        count(*) filter (where t.status = 'no_deadline') as no_deadline,
        count(*) filter (where t.status = 'open_overdue' and t.is_key) as key_open_overdue
    from task_status t, params p
    where case when t.status in ('open_on_time', 'no_deadline') then t.assigned_on else t.due_on end <= p.as_of
    group by all
),

flag_months as (
    select
        f.agency_id,
        date_trunc('month', f.occurred_on)::date as month_start,
        count(*) as shifting_flags,
        count(*) filter (where f.kind = 'consultation_deemed_agreed') as deemed_agreements,
        count(*) filter (where f.kind = 'dossier_returned') as dossiers_returned
    from shifting_flags f, params p
    where f.occurred_on <= p.as_of
    group by all
),

inspection_months as (
    select
        i.agency_id,
        date_trunc('month', i.started_on)::date as month_start,
        count(*) filter (where i.kind = 'surprise') as surprise_inspections,
        sum(i.findings) as inspection_findings
    from stg_inspections i, params p
    where i.started_on <= p.as_of
    group by all
),

-- one row per agency, month and source; the figures a source does not have are NULL (sum skips them)
monthly as (
    select * from task_months
    union all by name select * from flag_months
    union all by name select * from inspection_months
),

-- each agency's records count for the agency that held them (then) and for the one that carries its work now
carriers as (
    select 'then' as organised, agency_id, agency_id as reading_agency_id from stg_agencies
    union all
    select 'now' as organised, agency_id, current_agency_id as reading_agency_id
    from agency_lineage
    where current_agency_id is not null
),

readings as (
    select c.organised, m.* replace (c.reading_agency_id as agency_id)
    from monthly m
    join carriers c using (agency_id)
),

counted as (
    select
        r.organised,
        r.agency_id,
        k.period_kind,
        date_trunc(k.period_kind, r.month_start)::date as period_start,
        sum(r.done_on_time) as done_on_time,
        sum(r.done_late) as done_late,
        sum(r.open_on_time) as open_on_time,
        sum(r.open_overdue) as open_overdue,
        sum(r.no_deadline) as no_deadline,
        sum(r.key_open_overdue) as key_open_overdue,
        sum(r.shifting_flags) as shifting_flags,
        sum(r.deemed_agreements) as deemed_agreements,
        sum(r.dossiers_returned) as dossiers_returned,
        sum(r.surprise_inspections) as surprise_inspections,
        sum(r.inspection_findings) as inspection_findings
    from readings r, kinds k
    group by all
),

discipline as (
    select o.agency_id, d.official_id, d.decided_on, d.effect_ends_on
    from discipline_periods d
    join stg_officials o using (official_id)
),

disciplined as (
    select x.organised, x.agency_id, p.period_kind, p.period_start, count(distinct x.official_id) as officials
    from (
        select c.organised, d.* replace (c.reading_agency_id as agency_id)
        from discipline d
        join carriers c using (agency_id)
    ) x
    join periods p
        on x.decided_on <= p.period_end and (x.effect_ends_on is null or x.effect_ends_on >= p.period_start)
    group by all
),

frame as (
    select 'then' as organised, a.agency_id, a.name, a.kind from stg_agencies a
    union all
    select 'now' as organised, a.agency_id, a.name, a.kind
    from stg_agencies a
    join agency_lineage l on l.agency_id = a.agency_id and l.current_agency_id = a.agency_id
),

scored as (
    select
        f.organised,
        f.agency_id,
        f.name,
        f.kind,
        p.period_kind,
        p.period_start,
        p.period_end,
        coalesce(c.done_on_time, 0)::integer as done_on_time,
        coalesce(c.done_late, 0)::integer as done_late,
        coalesce(c.open_on_time, 0)::integer as open_on_time,
        coalesce(c.open_overdue, 0)::integer as open_overdue,
        coalesce(c.no_deadline, 0)::integer as no_deadline,
        coalesce(c.key_open_overdue, 0)::integer as key_open_overdue,
        coalesce(c.shifting_flags, 0)::integer as shifting_flags,
        coalesce(c.deemed_agreements, 0)::integer as deemed_agreements,
        coalesce(c.dossiers_returned, 0)::integer as dossiers_returned,
        coalesce(c.surprise_inspections, 0)::integer as surprise_inspections,
        coalesce(c.inspection_findings, 0)::integer as inspection_findings,
        coalesce(d.officials, 0)::integer as disciplined_officials
    from frame f
    cross join periods p
    left join counted c
        on c.organised = f.organised and c.agency_id = f.agency_id
        and c.period_kind = p.period_kind and c.period_start = p.period_start
    left join disciplined d
        on d.organised = f.organised and d.agency_id = f.agency_id
        and d.period_kind = p.period_kind and d.period_start = p.period_start
),

rated as (
    select
        s.*,
        (tasks_due(s.done_on_time, s.done_late, s.open_overdue) + s.open_on_time + s.no_deadline)::integer
            as tasks_total,
        tasks_due(s.done_on_time, s.done_late, s.open_overdue)::integer as tasks_due,
        on_time_rate(s.done_on_time, tasks_due(s.done_on_time, s.done_late, s.open_overdue)) as on_time_rate,
        wilson_low(s.done_on_time, tasks_due(s.done_on_time, s.done_late, s.open_overdue)) as on_time_rate_low,
        wilson_high(s.done_on_time, tasks_due(s.done_on_time, s.done_late, s.open_overdue)) as on_time_rate_high,
        p.min_tasks
    from scored s, params p
),

final as (
    select
        r.*,
        enough_data(r.tasks_due, r.on_time_rate, r.min_tasks) as enough_data,
        case when enough_data(r.tasks_due, r.on_time_rate, r.min_tasks) then
            rank() over (
                partition by
                    r.organised,
                    r.period_kind,
                    r.period_start,
                    enough_data(r.tasks_due, r.on_time_rate, r.min_tasks)
                order by r.on_time_rate_low desc, r.on_time_rate desc
            )
        end as rank_position
    from rated r
)

select * from final
order by organised, period_kind, period_start, rank_position nulls last, agency_id
