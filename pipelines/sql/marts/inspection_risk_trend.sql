-- grain: one row per agency and judging day — the end of every quarter of the task window before as_of, and
--   as_of itself — with each component of the inspection risk over the inspection.window_months before that
--   day, its place among the ranked agencies of that day (percentile), the weighted score and the rank
-- reads: stg_agencies, task_status, shifting_flags, consultation_status, stg_task_events, stg_inspections,
--   build_params, settings (inspection.*)
-- Agencies with fewer than inspection.min_tasks tasks due in the window are not ranked: components kept,
--   score and rank NULL. Missing values: no key task, no task, no consultation, no escalation → percentile 0
--   (nothing on record against the agency); no inspection in the findings window → 0.5 (unknown, neutral);
--   never inspected → 1 (the longest time since an inspection).
with

agencies as (select agency_id, name from stg_agencies),

params as (
    select
        p.as_of,
        setting_num('inspection.window_months')::integer as window_months,
        setting_num('inspection.findings_window_months')::integer as findings_months,
        setting_num('inspection.min_tasks')::integer as min_tasks,
        setting_num('inspection.weight_key_overdue') as w_key,
        setting_num('inspection.weight_shifting') as w_shift,
        setting_num('inspection.weight_deemed') as w_deemed,
        setting_num('inspection.weight_returned') as w_returned,
        setting_num('inspection.weight_findings') as w_findings,
        setting_num('inspection.weight_time_since') as w_time
    from build_params p
),

judging_days as (
    select distinct judged_on, judged_on = p.as_of as is_current
    from (
        select (q.quarter_start + interval 3 month - interval 1 day)::date as judged_on
        from (
            select unnest(generate_series(
                date_trunc('quarter', (select min(assigned_on) from task_status)),
                date_trunc('quarter', (select as_of from build_params)),
                interval 3 month
            ))::date as quarter_start
        ) q
        union all
        select as_of from build_params
    ) d
    cross join params p
    where d.judged_on <= p.as_of
),

days as (
    select
        j.judged_on,
        j.is_current,
        (j.judged_on - to_months(p.window_months))::date as window_after,
        (j.judged_on - to_months(p.findings_months))::date as findings_after
    from judging_days j
    cross join params p
),

-- daily counts per agency, so that each window is a range sum, not a join of every task with every day
tasks_by_due as (
    select owner_agency_id as agency_id, due_on as on_day, count(*) as n, count(*) filter (where is_key) as n_key
    from task_status
    where due_on is not null
    group by all
),

tasks_by_assigned as (
    select owner_agency_id as agency_id, assigned_on as on_day, count(*) as n
    from task_status
    group by all
),

flags_by_day as (
    select
        agency_id,
        occurred_on as on_day,
        count(*) filter (where kind not in ('consultation_deemed_agreed', 'dossier_returned')) as shifting,
        count(*) filter (where kind = 'dossier_returned') as returned
    from shifting_flags
    -- flags upheld only (contract §3): one the inspectorate dismissed (decision store, §4) adds no risk
    where decision is distinct from 'dismissed'
    group by all
),

consultations_by_deadline as (
    select
        consulted_agency_id as agency_id,
        deadline_on as on_day,
        count(*) as n,
        count(*) filter (where deemed_agreed) as deemed
    from consultation_status
    where deadline_on is not null
    group by all
),

escalations_by_day as (
    select from_agency_id as agency_id, occurred_on as on_day, count(*) as n
    from stg_task_events
    where kind = 'escalate' and from_agency_id is not null
    group by all
),

key_tasks as (
    select owner_agency_id as agency_id, assigned_on, due_on, completed_on
    from task_status
    where is_key and due_on is not null
),

grid as (
    select a.agency_id, a.name, d.*
    from agencies a
    cross join days d
),

due_counts as (
    select g.agency_id, g.judged_on, sum(t.n) as tasks_due, sum(t.n_key) as key_due_in_window
    from grid g
    join tasks_by_due t on t.agency_id = g.agency_id and t.on_day > g.window_after and t.on_day <= g.judged_on
    group by all
),

assigned_counts as (
    select g.agency_id, g.judged_on, sum(t.n) as tasks_assigned
    from grid g
    join tasks_by_assigned t
        on t.agency_id = g.agency_id and t.on_day > g.window_after and t.on_day <= g.judged_on
    group by all
),

key_overdue as (
    -- key tasks open and past due at the judging day (judged with the deadline in force now), and of them
    -- those that fell due before the window (they are added to the window's key tasks due)
    select
        g.agency_id,
        g.judged_on,
        count(*) as key_overdue,
        count(*) filter (where k.due_on <= g.window_after) as key_overdue_before_window
    from grid g
    join key_tasks k
        on k.agency_id = g.agency_id
        and k.assigned_on <= g.judged_on
        and k.due_on < g.judged_on
        and (k.completed_on is null or k.completed_on > g.judged_on)
    group by all
),

flag_counts as (
    select g.agency_id, g.judged_on, sum(f.shifting) as shifting_flags, sum(f.returned) as dossiers_returned
    from grid g
    join flags_by_day f on f.agency_id = g.agency_id and f.on_day > g.window_after and f.on_day <= g.judged_on
    group by all
),

consultation_counts as (
    select g.agency_id, g.judged_on, sum(c.n) as consultations, sum(c.deemed) as deemed_agreements
    from grid g
    join consultations_by_deadline c
        on c.agency_id = g.agency_id and c.on_day > g.window_after and c.on_day <= g.judged_on
    group by all
),

escalation_counts as (
    select g.agency_id, g.judged_on, sum(e.n) as escalations
    from grid g
    join escalations_by_day e
        on e.agency_id = g.agency_id and e.on_day > g.window_after and e.on_day <= g.judged_on
    group by all
),

inspection_counts as (
    select
        g.agency_id,
        g.judged_on,
        count(*) filter (where i.started_on > g.findings_after) as inspections,
        sum(i.findings) filter (where i.started_on > g.findings_after) as findings,
        max(i.started_on) as last_inspected_on
    from grid g
    join stg_inspections i on i.agency_id = g.agency_id and i.started_on <= g.judged_on
    group by all
),

valued as (
    select
        g.agency_id,
        g.name,
        g.judged_on,
        g.is_current,
        g.window_after,
        coalesce(d.tasks_due, 0)::integer as tasks_due,
        coalesce(k.key_overdue, 0)::integer as key_overdue,
        (coalesce(d.key_due_in_window, 0) + coalesce(k.key_overdue_before_window, 0))::integer as key_tasks,
        coalesce(f.shifting_flags, 0)::integer as shifting_flags,
        coalesce(t.tasks_assigned, 0)::integer as tasks_assigned,
        coalesce(c.deemed_agreements, 0)::integer as deemed_agreements,
        coalesce(c.consultations, 0)::integer as consultations,
        coalesce(f.dossiers_returned, 0)::integer as dossiers_returned,
        coalesce(e.escalations, 0)::integer as escalations,
        coalesce(i.inspections, 0)::integer as inspections,
        coalesce(i.findings, 0)::integer as findings,
        i.last_inspected_on,
        coalesce(d.tasks_due, 0) >= p.min_tasks as ranked
    from grid g
    cross join params p
    left join due_counts d using (agency_id, judged_on)
    left join assigned_counts t using (agency_id, judged_on)
    left join key_overdue k using (agency_id, judged_on)
    left join flag_counts f using (agency_id, judged_on)
    left join consultation_counts c using (agency_id, judged_on)
    left join escalation_counts e using (agency_id, judged_on)
    left join inspection_counts i using (agency_id, judged_on)
),

rated as (
    select
        *,
        share(key_overdue, key_tasks) as key_overdue_value,
        share(shifting_flags, tasks_assigned) as shifting_value,
        share(deemed_agreements, consultations) as deemed_value,
        share(dossiers_returned, escalations) as returned_value,
        share(findings, inspections) as findings_value,
        date_diff('day', last_inspected_on, judged_on) as time_since_value
    from valued
),

-- each component's place among the ranked agencies of the same day: percent_rank among those with a value
placed as (
    select
        r.*,
        case when key_overdue_value is not null then percent_rank() over (
            partition by judged_on, ranked, key_overdue_value is null order by key_overdue_value) end as key_p,
        case when shifting_value is not null then percent_rank() over (
            partition by judged_on, ranked, shifting_value is null order by shifting_value) end as shift_p,
        case when deemed_value is not null then percent_rank() over (
            partition by judged_on, ranked, deemed_value is null order by deemed_value) end as deemed_p,
        case when returned_value is not null then percent_rank() over (
            partition by judged_on, ranked, returned_value is null order by returned_value) end as returned_p,
        case when findings_value is not null then percent_rank() over (
            partition by judged_on, ranked, findings_value is null order by findings_value) end as findings_p,
        case when time_since_value is not null then percent_rank() over (
            partition by judged_on, ranked, time_since_value is null order by time_since_value) end as time_p
    from rated r
),

scored as (
    select
        pl.* exclude (key_p, shift_p, deemed_p, returned_p, findings_p, time_p),
        case when ranked then coalesce(key_p, 0) end as key_overdue_percentile,
        case when ranked then coalesce(shift_p, 0) end as shifting_percentile,
        case when ranked then coalesce(deemed_p, 0) end as deemed_percentile,
        case when ranked then coalesce(returned_p, 0) end as returned_percentile,
        case when ranked then coalesce(findings_p, 0.5) end as findings_percentile,
        case when ranked then coalesce(time_p, 1) end as time_since_percentile,
        p.w_key / (p.w_key + p.w_shift + p.w_deemed + p.w_returned + p.w_findings + p.w_time) as key_overdue_weight,
        p.w_shift / (p.w_key + p.w_shift + p.w_deemed + p.w_returned + p.w_findings + p.w_time) as shifting_weight,
        p.w_deemed / (p.w_key + p.w_shift + p.w_deemed + p.w_returned + p.w_findings + p.w_time) as deemed_weight,
        p.w_returned / (p.w_key + p.w_shift + p.w_deemed + p.w_returned + p.w_findings + p.w_time)
            as returned_weight,
        p.w_findings / (p.w_key + p.w_shift + p.w_deemed + p.w_returned + p.w_findings + p.w_time)
            as findings_weight,
        p.w_time / (p.w_key + p.w_shift + p.w_deemed + p.w_returned + p.w_findings + p.w_time) as time_since_weight
    from placed pl
    cross join params p
),

final as (
    select
        agency_id,
        name,
        judged_on,
        year(judged_on) || '-Q' || quarter(judged_on) as period_code,
        is_current,
        window_after,
        ranked,
        tasks_due,
        key_overdue, key_tasks, key_overdue_value, key_overdue_percentile, key_overdue_weight,
        shifting_flags, tasks_assigned, shifting_value, shifting_percentile, shifting_weight,
        deemed_agreements, consultations, deemed_value, deemed_percentile, deemed_weight,
        dossiers_returned, escalations, returned_value, returned_percentile, returned_weight,
        inspections, findings, findings_value, findings_percentile, findings_weight,
        last_inspected_on, time_since_value, time_since_percentile, time_since_weight,
        -- NULL when not ranked (its percentiles are NULL); least/greatest only guard rounding
        case when ranked then least(1.0, greatest(0.0,
            key_overdue_weight * key_overdue_percentile + shifting_weight * shifting_percentile
            + deemed_weight * deemed_percentile + returned_weight * returned_percentile
            + findings_weight * findings_percentile + time_since_weight * time_since_percentile
        )) end as risk_score
    from scored
)

select
    *,
    case when ranked then row_number() over (
        partition by judged_on, ranked order by risk_score desc, agency_id) end::integer as risk_rank,
    count(*) filter (where ranked) over (partition by judged_on)::integer as ranked_agencies
from final
order by judged_on, agency_id
