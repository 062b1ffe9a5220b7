-- grain: one row per official with at least one review reason, judged as of as_of (a contract table, docs/warehouse.md)
-- reads: stg_officials, official_service, task_status, shifting_flags, decision_current, discipline_periods,
--   stg_annual_ratings, build_params,
--   settings ([review] thresholds), rules (review set: the rule and article of each reason)
-- Reasons (domain.md §7; thresholds are the settings named, in settings.toml):
--   low_on_time: ≥ review.min_tasks tasks led and due in the last review.window_months months,
--     and the Wilson upper bound of their on-time rate < review.low_on_time_upper_bound;
--   repeated_shifting: ≥ review.shifting_actions_min distinct actions (task events) by the official
--     that produced a shifting flag, in the last review.shifting_window_months months;
--   key_task_long_overdue: leads a key task still open and overdue by > review.key_task_overdue_days
--     calendar days;
--   disciplined_shirking_or_delay: a disciplinary action for shirking or delay in effect as of as_of;
--   two_years_incomplete: graded incomplete in two consecutive years, the later one being the year of
--     as_of or the year before (an older pair has already had its consequences).
--   (a flag the inspectorate dismissed — decision `dismissed` — does not count)
-- decision, decided_by, decided_on: the official's current review decision (decision store), NULL when none.
-- Severity: high with two or more reasons or any disciplinary action in effect, else medium.
-- After the contract's columns: the official's name, the window's rate with its interval and n (NULL below
--   review.min_tasks), the rules and records behind the reasons, and min_tasks (the minimum it judged with).
-- Officials who have left (official_service: active_to before as_of, or a dismissal in effect) are not listed:
-- there is nobody to replace, transfer or discipline (input file officials, pipelines/sources.py).
with

params as (
    select
        p.as_of,
        setting_num('review.min_tasks') as min_tasks,
        setting_num('review.low_on_time_upper_bound') as upper_bound_max,
        setting_num('review.window_months')::integer as window_months,
        setting_num('review.shifting_actions_min') as shifting_min,
        setting_num('review.shifting_window_months')::integer as shifting_months,
        setting_num('review.key_task_overdue_days') as key_overdue_days
    from build_params p
),

officials as (
    select o.official_id, o.agency_id, o.full_name
    from stg_officials o
    join official_service s using (official_id)
    where not s.has_left
),

cites as (
    select
        r.value as reason_code,
        r.rule_id,
        r.article,
        ' [' || r.rule_id || ' — ' || r.article || ']' as cite
    from rules r, params p
    where r.domain = 'review'
      and p.as_of >= r.effective_from and (r.effective_to is null or p.as_of <= r.effective_to)
),

window_tasks as (
    select
        t.lead_official_id as official_id,
        count(*) as tasks_due,
        count(*) filter (where t.status = 'done_on_time') as done_on_time,
        list(t.task_id || ' (hạn ' || strftime(t.due_on, '%d/%m/%Y') || ')' order by t.due_on, t.task_id)
            filter (where t.status <> 'done_on_time') as late_refs
    from task_status t, params p
    where t.lead_official_id is not null
      and t.status in ('done_on_time', 'done_late', 'open_overdue')
      and t.due_on <= p.as_of
      and (p.window_months = 0 or t.due_on > (p.as_of - to_months(p.window_months))::date)
    group by t.lead_official_id
),

low_on_time as (
    select
        w.official_id,
        'low_on_time' as reason_code,
        'Tỷ lệ hoàn thành đúng hạn thấp: ' || w.done_on_time || '/' || w.tasks_due
            || ' nhiệm vụ đến hạn đúng hạn' || case when p.window_months > 0
                then ' trong ' || p.window_months || ' tháng gần nhất' else '' end
            || ', khoảng tin cậy 95% ' || replace(printf('%.2f', wilson_low(w.done_on_time, w.tasks_due)), '.', ',')
            || '–' || replace(printf('%.2f', wilson_high(w.done_on_time, w.tasks_due)), '.', ',')
            || ' (cận trên dưới ' || replace(printf('%.2f', p.upper_bound_max), '.', ',') || '); trễ hoặc quá hạn: '
            || array_to_string(w.late_refs[1:10], ', ')
            || case when len(w.late_refs) > 10 then ' và ' || (len(w.late_refs) - 10) || ' nhiệm vụ khác' else '' end
            as detail,
        w.late_refs as records
    from window_tasks w, params p
    where w.tasks_due >= p.min_tasks
      and wilson_high(w.done_on_time, w.tasks_due) < p.upper_bound_max
),

repeated_shifting as (
    select
        f.official_id,
        'repeated_shifting' as reason_code,
        count(distinct f.event_id) || ' hành vi đùn đẩy trong ' || any_value(p.shifting_months) || ' tháng gần nhất: '
            || array_to_string(list(distinct f.event_id || ' (' || f.kind || ', nhiệm vụ ' || coalesce(f.task_id, '—')
                || ', ' || strftime(f.occurred_on, '%d/%m/%Y') || ')' order by f.event_id || ' (' || f.kind
                || ', nhiệm vụ ' || coalesce(f.task_id, '—') || ', ' || strftime(f.occurred_on, '%d/%m/%Y') || ')'),
                ', ') as detail,
        list(distinct f.event_id order by f.event_id) as records
    from shifting_flags f, params p
    where f.official_id is not null and f.event_id is not null
      and f.decision is distinct from 'dismissed'
      and f.occurred_on <= p.as_of
      and f.occurred_on > (p.as_of - to_months(p.shifting_months))::date
    group by f.official_id
    having count(distinct f.event_id) >= any_value(p.shifting_min)
),

key_overdue as (
    select
        t.lead_official_id as official_id,
        'key_task_long_overdue' as reason_code,
        'Chủ trì nhiệm vụ trọng tâm quá hạn trên ' || any_value(p.key_overdue_days)::integer || ' ngày: '
            || array_to_string(list(t.task_id || ' (hạn ' || strftime(t.due_on, '%d/%m/%Y') || ', quá '
                || t.days_overdue || ' ngày)' order by t.days_overdue desc, t.task_id), ', ') as detail,
        list(t.task_id order by t.days_overdue desc, t.task_id) as records
    from task_status t, params p
    where t.lead_official_id is not null
      and t.is_key and t.status = 'open_overdue' and t.days_overdue > p.key_overdue_days
    group by t.lead_official_id
),

disciplined_shirking as (
    select
        d.official_id,
        'disciplined_shirking_or_delay' as reason_code,
        'Đang trong thời hạn kỷ luật vì ' || string_agg(
            coalesce(v.label_vi, d.violation) || ': ' || coalesce(f.label_vi, d.form) || ' theo quyết định '
            || d.action_id || ' ngày ' || strftime(d.decided_on, '%d/%m/%Y')
            || coalesce(' (đến hết ' || strftime(d.effect_ends_on, '%d/%m/%Y') || ')', ''), '; '
            order by d.decided_on) as detail,
        list(d.action_id order by d.decided_on) as records
    from discipline_periods d
    left join enum_terms v on v.domain = 'violation' and v.code = d.violation
    left join enum_terms f on f.domain = 'discipline_form' and f.code = d.form
    where d.in_effect and d.violation in ('shirking', 'delay')
    group by d.official_id
),

two_years as (
    select
        r1.official_id,
        'two_years_incomplete' as reason_code,
        'Xếp loại Không hoàn thành nhiệm vụ hai năm liên tiếp: ' || max(r1.year) || ' và ' || max(r2.year) as detail,
        [max(r1.year)::varchar, max(r2.year)::varchar] as records
    from stg_annual_ratings r1
    join stg_annual_ratings r2 on r2.official_id = r1.official_id and r2.year = r1.year + 1
    cross join params p
    where r1.grade = 'incomplete' and r2.grade = 'incomplete' and r2.year >= year(p.as_of) - 1
    group by r1.official_id
),

reasons as (
    select * from low_on_time
    union all select * from repeated_shifting
    union all select * from key_overdue
    union all select * from disciplined_shirking
    union all select * from two_years
),

order_of_reasons as (
    select * from (values
        ('low_on_time', 1, 'Tỷ lệ đúng hạn thấp'),
        ('repeated_shifting', 2, 'Đùn đẩy nhiều lần'),
        ('key_task_long_overdue', 3, 'Nhiệm vụ trọng tâm quá hạn lâu'),
        ('disciplined_shirking_or_delay', 4, 'Kỷ luật vì né tránh, chậm trễ'),
        ('two_years_incomplete', 5, 'Hai năm không hoàn thành nhiệm vụ')
    ) o(reason_code, position, title_vi)
),

any_discipline as (
    select distinct official_id from discipline_periods where in_effect
),

grouped as (
    select
        r.official_id,
        list(r.reason_code order by o.position) as reason_codes,
        string_agg(o.title_vi || ' — ' || r.detail || coalesce(c.cite, ''), '; ' order by o.position) as reasons,
        list(c.rule_id order by o.position) as rule_ids,
        flatten(list(r.records order by o.position)) as records,
        count(*) as reason_count
    from reasons r
    join order_of_reasons o using (reason_code)
    left join cites c using (reason_code)
    group by r.official_id
),

final as (
    select
        g.official_id,
        o.agency_id,
        g.reasons,
        case when g.reason_count >= 2 or d.official_id is not null then 'high' else 'medium' end as severity,
        g.reason_codes,
        g.reason_count::integer as reason_count,
        d.official_id is not null as disciplined_in_effect,
        o.full_name,
        w.tasks_due::integer as tasks_due,
        case when w.tasks_due >= p.min_tasks then on_time_rate(w.done_on_time, w.tasks_due) end as on_time_rate,
        case when w.tasks_due >= p.min_tasks then wilson_low(w.done_on_time, w.tasks_due) end as on_time_rate_low,
        case when w.tasks_due >= p.min_tasks then wilson_high(w.done_on_time, w.tasks_due) end as on_time_rate_high,
        g.rule_ids,
        g.records,
        v.outcome as decision,
        v.decided_by,
        v.decided_on,
        p.min_tasks::integer as min_tasks
    from grouped g
    join officials o using (official_id)
    cross join params p
    left join any_discipline d on d.official_id = g.official_id
    left join window_tasks w on w.official_id = g.official_id
    left join decision_current v on v.subject_kind = 'review' and v.subject_id = g.official_id
)

select * from final
order by severity, reason_count desc, agency_id, official_id
