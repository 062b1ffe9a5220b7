-- grain: one row per consulted agency (every agency, zero where it was never consulted): the time
--   requests for its opinion waited on it, in total and per request
-- reads: consultation_wait, stg_agencies
with

waits as (select * from consultation_wait),

agencies as (select agency_id, name, kind from stg_agencies),

per_agency as (
    select
        consulted_agency_id as agency_id,
        count(*) as consultations,
        count(*) filter (where not still_waiting) as answered,
        count(*) filter (where still_waiting) as still_waiting,
        count(distinct task_id) as tasks_waited_on,
        sum(wait_days) as total_wait_days,
        median(wait_days) as median_wait_days,
        avg(wait_days) as mean_wait_days,
        max(wait_days) as max_wait_days,
        sum(days_past_deadline) as total_days_past_deadline,
        sum(task_wait_days) as total_task_wait_days
    from waits
    group by consulted_agency_id
),

final as (
    select
        a.agency_id,
        a.name,
        a.kind,
        coalesce(p.consultations, 0)::integer as consultations,
        coalesce(p.answered, 0)::integer as answered,
        coalesce(p.still_waiting, 0)::integer as still_waiting,
        coalesce(p.tasks_waited_on, 0)::integer as tasks_waited_on,
        coalesce(p.total_wait_days, 0)::bigint as total_wait_days,
        p.median_wait_days::double as median_wait_days,
        p.mean_wait_days::double as mean_wait_days,
        p.max_wait_days::integer as max_wait_days,
        coalesce(p.total_days_past_deadline, 0)::bigint as total_days_past_deadline,
        coalesce(p.total_task_wait_days, 0)::bigint as total_task_wait_days
    from agencies a
    left join per_agency p using (agency_id)
)

select * from final
order by total_wait_days desc, agency_id
