-- grain: one row per agency: how much of its own work it shifted, normalised by its volume, with a 95%
--   Wilson interval, and how it answered the consultations it received; the shifting ranking
-- reads: stg_agencies, task_status, shifting_flags, consultation_status, settings
-- Every rate, count by kind and the ranking count the flags upheld (current decision not `dismissed`,
--   contract §4); shifting_flags is every flag, shifting_flags_upheld those upheld.
-- shifting_rate = tasks_flagged / tasks_owned, where tasks_flagged counts the agency's own tasks with at
--   least one shifting flag held against it (a share, so the Wilson interval applies; flags_per_task
--   = shifting_flags_upheld / tasks_owned is the raw intensity and may exceed 1).
-- consultation_flag_rate = consultations received that were deemed agreed or answered evasively /
--   consultations received. Below shifting.min_tasks_for_rate tasks owned: insufficient_data, the rates
--   are NULL and the agency is not ranked (domain.md §8).
with

agencies as (select agency_id, name, kind from stg_agencies),

tasks as not materialized (select task_id, owner_agency_id from task_status),

all_flags as (select agency_id from shifting_flags),

-- the rate, the counts by kind and the ranking count the flags upheld: all but those dismissed
flags as (select * from shifting_flags where decision is distinct from 'dismissed'),

consultations as (select consultation_id, consulted_agency_id from consultation_status),

params as (select setting_num('shifting.min_tasks_for_rate') as min_tasks),

owned as (
    select owner_agency_id as agency_id, count(*) as tasks_owned
    from tasks
    group by owner_agency_id
),

flag_counts as (
    select
        agency_id,
        count(*) as shifting_flags,
        count(*) filter (where kind = 'transfer_within_authority') as transfer_within_authority,
        count(*) filter (where kind = 'escalation_within_authority') as escalation_within_authority,
        count(*) filter (where kind = 'dossier_returned') as dossier_returned,
        count(*) filter (where kind = 'ping_pong') as ping_pong,
        count(*) filter (where kind = 'consultation_deemed_agreed') as consultation_deemed_agreed,
        count(*) filter (where kind = 'consultation_evasive') as consultation_evasive,
        count(*) filter (where kind = 'consultation_without_deadline') as consultation_without_deadline,
        count(*) filter (where kind = 'consultation_after_due') as consultation_after_due,
        count(distinct consultation_id) filter (
            where kind in ('consultation_deemed_agreed', 'consultation_evasive')
        ) as consultations_flagged
    from flags
    group by agency_id
),

flagged_tasks as (
    select f.agency_id, count(distinct f.task_id) as tasks_flagged
    from flags f
    join tasks t on t.task_id = f.task_id and t.owner_agency_id = f.agency_id
    group by f.agency_id
),

all_counts as (select agency_id, count(*) as shifting_flags_all from all_flags group by agency_id),

received as (
    select consulted_agency_id as agency_id, count(*) as consultations_received
    from consultations
    group by consulted_agency_id
),

counted as (
    select
        a.agency_id,
        a.name,
        a.kind,
        coalesce(o.tasks_owned, 0) as tasks_owned,
        coalesce(ft.tasks_flagged, 0) as tasks_flagged,
        coalesce(ac.shifting_flags_all, 0) as shifting_flags,
        coalesce(fc.shifting_flags, 0) as shifting_flags_upheld,
        coalesce(fc.transfer_within_authority, 0) as transfer_within_authority,
        coalesce(fc.escalation_within_authority, 0) as escalation_within_authority,
        coalesce(fc.dossier_returned, 0) as dossier_returned,
        coalesce(fc.ping_pong, 0) as ping_pong,
        coalesce(fc.consultation_deemed_agreed, 0) as consultation_deemed_agreed,
        coalesce(fc.consultation_evasive, 0) as consultation_evasive,
        coalesce(fc.consultation_without_deadline, 0) as consultation_without_deadline,
        coalesce(fc.consultation_after_due, 0) as consultation_after_due,
        coalesce(r.consultations_received, 0) as consultations_received,
        coalesce(fc.consultations_flagged, 0) as consultations_flagged,
        p.min_tasks,
        coalesce(o.tasks_owned, 0) < p.min_tasks as insufficient_data
    from agencies a
    left join owned o using (agency_id)
    left join flagged_tasks ft using (agency_id)
    left join flag_counts fc using (agency_id)
    left join all_counts ac using (agency_id)
    left join received r using (agency_id)
    cross join params p
),

rated as (
    select
        *,
        case when not insufficient_data then share(tasks_flagged, tasks_owned) end as shifting_rate,
        case when not insufficient_data then wilson_low(tasks_flagged, tasks_owned) end as shifting_rate_low,
        case when not insufficient_data then wilson_high(tasks_flagged, tasks_owned) end as shifting_rate_high,
        case when not insufficient_data then share(shifting_flags_upheld, tasks_owned) end as flags_per_task,
        share(consultations_flagged, consultations_received) as consultation_flag_rate,
        wilson_low(consultations_flagged, consultations_received) as consultation_flag_rate_low,
        wilson_high(consultations_flagged, consultations_received) as consultation_flag_rate_high
    from counted
),

final as (
    select
        agency_id,
        name,
        kind,
        tasks_owned::integer as tasks_owned,
        tasks_flagged::integer as tasks_flagged,
        shifting_flags::integer as shifting_flags,
        shifting_rate::double as shifting_rate,
        shifting_rate_low::double as shifting_rate_low,
        shifting_rate_high::double as shifting_rate_high,
        flags_per_task::double as flags_per_task,
        insufficient_data,
        min_tasks::integer as min_tasks,
        case when not insufficient_data then
            rank() over (
                partition by insufficient_data
                order by shifting_rate_low desc, shifting_rate desc, shifting_flags_upheld desc
            )
        end::integer as shifting_rank,
        transfer_within_authority::integer as transfer_within_authority,
        escalation_within_authority::integer as escalation_within_authority,
        dossier_returned::integer as dossier_returned,
        ping_pong::integer as ping_pong,
        consultation_deemed_agreed::integer as consultation_deemed_agreed,
        consultation_evasive::integer as consultation_evasive,
        consultation_without_deadline::integer as consultation_without_deadline,
        consultation_after_due::integer as consultation_after_due,
        consultations_received::integer as consultations_received,
        consultations_flagged::integer as consultations_flagged,
        consultation_flag_rate::double as consultation_flag_rate,
        consultation_flag_rate_low::double as consultation_flag_rate_low,
        consultation_flag_rate_high::double as consultation_flag_rate_high,
        shifting_flags_upheld::integer as shifting_flags_upheld
    from rated
)

select * from final
order by shifting_rank nulls last, agency_id
