-- grain: one row per pattern that makes a record look better than the work was (a contract table, docs/warehouse.md):
--   an extend event (retroactive_extension, extension_near_due), a task (repeated_extensions), a reopen event
--   (reopened_after_done) or an agency and quarter (period_end_closing); leads for the inspectorate, never
--   counted in grades. Thresholds: settings gaming.*; working days: calendar_days.
-- reads: stg_task_events, stg_tasks, task_status, stg_agencies, calendar_days, build_params, settings
-- signal_id = kind:event_id (event kinds), kind:task_id (repeated_extensions),
--   kind:agency_id:YYYY-Qn (period_end_closing): stable across builds of the same records.
with

events as (select * from stg_task_events),

tasks as not materialized (select task_id, title, owner_agency_id, lead_official_id, due_on as original_due_on from stg_tasks),

status as not materialized (select task_id, owner_agency_id, completed_on, voided_completed_on, status from task_status),

agencies as (select agency_id, name from stg_agencies),

params as (
    select
        p.as_of,
        setting_num('gaming.near_due_days')::integer as near_due_days,
        setting_num('gaming.max_extensions')::integer as max_extensions,
        setting_num('gaming.period_end_days')::integer as period_end_days,
        setting_num('gaming.period_end_min_tasks')::integer as min_tasks,
        setting_num('gaming.period_end_ratio') as ratio
    from build_params p
),

-- every extension with the deadline it replaces: the one set by the extension before it (by occurred_at,
-- then event_id, as task_status orders them), else the task's own due_on
extensions as (
    select
        e.event_id,
        e.task_id,
        e.occurred_on,
        e.official_id,
        e.new_due_on,
        coalesce(
            lag(e.new_due_on) over (partition by e.task_id order by e.occurred_at, e.event_id),
            t.original_due_on
        ) as replaced_due_on,
        row_number() over (partition by e.task_id order by e.occurred_at, e.event_id) as extension_no,
        count(*) over (partition by e.task_id) as extensions,
        t.owner_agency_id,
        t.lead_official_id,
        t.title,
        t.original_due_on
    from events e
    join tasks t using (task_id)
    where e.kind = 'extend'
),

retroactive as (
    select
        'retroactive_extension' as kind,
        event_id as key,
        owner_agency_id as agency_id,
        coalesce(official_id, lead_official_id) as official_id,
        task_id,
        occurred_on,
        event_id,
        'Nhiệm vụ ' || task_id || ' được gia hạn ngày ' || strftime(occurred_on, '%d/%m/%Y')
            || ', sau khi hạn ' || strftime(replaced_due_on, '%d/%m/%Y') || ' đã qua '
            || date_diff('day', replaced_due_on, occurred_on) || ' ngày; hạn mới '
            || strftime(new_due_on, '%d/%m/%Y')
            || ' — gia hạn hồi tố có thể biến một nhiệm vụ đã trễ hạn thành đúng hạn (sự kiện '
            || event_id || ').' as evidence,
        title as task_title
    from extensions
    where replaced_due_on is not null and occurred_on > replaced_due_on
),

near_due as (
    select
        'extension_near_due' as kind,
        x.event_id as key,
        x.owner_agency_id as agency_id,
        coalesce(x.official_id, x.lead_official_id) as official_id,
        x.task_id,
        x.occurred_on,
        x.event_id,
        'Nhiệm vụ ' || x.task_id || ' được gia hạn ngày ' || strftime(x.occurred_on, '%d/%m/%Y') || ', '
            || case
                when working_days_between(x.occurred_on, x.replaced_due_on) = 0 then 'đúng ngày hết hạn '
                else 'còn ' || working_days_between(x.occurred_on, x.replaced_due_on)
                    || ' ngày làm việc trước hạn '
            end
            || strftime(x.replaced_due_on, '%d/%m/%Y') || ' (ngưỡng: ' || p.near_due_days
            || ' ngày làm việc); hạn mới ' || strftime(x.new_due_on, '%d/%m/%Y') || ' (sự kiện '
            || x.event_id || ').' as evidence,
        x.title as task_title
    from extensions x
    cross join params p
    where x.replaced_due_on is not null
        and x.occurred_on <= x.replaced_due_on
        and working_days_between(x.occurred_on, x.replaced_due_on) <= p.near_due_days
),

repeated as (
    select
        'repeated_extensions' as kind,
        x.task_id as key,
        x.owner_agency_id as agency_id,
        x.lead_official_id as official_id,
        x.task_id,
        x.occurred_on,
        null::varchar as event_id,
        'Nhiệm vụ ' || x.task_id || ' được gia hạn ' || x.extensions || ' lần (ngưỡng: ' || p.max_extensions
            || ' lần); hạn ban đầu ' || coalesce(strftime(x.original_due_on, '%d/%m/%Y'), 'không có')
            || ', lần gia hạn thứ ' || p.max_extensions || ' ngày ' || strftime(x.occurred_on, '%d/%m/%Y')
            || '.' as evidence,
        x.title as task_title
    from extensions x
    cross join params p
    where x.extensions >= p.max_extensions and x.extension_no = p.max_extensions
),

reopened as (
    select
        'reopened_after_done' as kind,
        e.event_id as key,
        t.owner_agency_id as agency_id,
        coalesce(e.official_id, t.lead_official_id) as official_id,
        e.task_id,
        e.occurred_on,
        e.event_id,
        'Nhiệm vụ ' || e.task_id || ' đã báo cáo hoàn thành rồi bị mở lại ngày '
            || strftime(e.occurred_on, '%d/%m/%Y') || ' (sự kiện ' || e.event_id || '): '
            || case
                when s.completed_on > e.occurred_on
                    then 'hoàn thành lại ngày ' || strftime(s.completed_on, '%d/%m/%Y') || '.'
                when s.voided_completed_on is not null
                    then 'ngày hoàn thành ' || strftime(s.voided_completed_on, '%d/%m/%Y')
                    || ' trong tệp không còn giá trị (công việc bị trả lại sau ngày đó); đến nay chưa hoàn thành lại.'
                when s.completed_on is null then 'đến nay chưa hoàn thành lại.'
                else 'ngày hoàn thành ' || strftime(s.completed_on, '%d/%m/%Y')
                    || ' trong tệp không còn giá trị (công việc bị trả lại sau ngày đó).'
            end as evidence,
        t.title as task_title
    from events e
    join tasks t using (task_id)
    left join status s using (task_id)
    where e.kind = 'reopen'
),

-- period_end_closing: completions per agency and complete quarter; the last period_end_days working days
-- of a quarter are the days whose working_day_index is above that of the quarter's last day minus N
first_day as (select min(assigned_on) as first_assigned from stg_tasks),

completions as (
    select
        s.owner_agency_id as agency_id,
        date_trunc('quarter', s.completed_on)::date as quarter_start,
        s.completed_on
    from status s
    cross join params p
    where s.completed_on is not null and s.completed_on <= p.as_of
),

quarters as (
    select
        q.quarter_start,
        (q.quarter_start + interval 3 month - interval 1 day)::date as quarter_end
    from (select distinct quarter_start from completions) q
),

windows as (
    select
        q.quarter_start,
        q.quarter_end,
        (
            select min(c.day) from calendar_days c
            where c.day between q.quarter_start and q.quarter_end
                and c.working_day_index > e.working_day_index - p.period_end_days
        ) as window_start,
        (
            select count(*) from calendar_days c
            where c.day between q.quarter_start and q.quarter_end and c.is_working_day
        ) as working_days
    from quarters q
    cross join params p
    join calendar_days e on e.day = q.quarter_end
    cross join first_day f
    -- a complete quarter, with every day of it inside the task window (the first quarter of the window
    -- only sees the tasks assigned late in it, which finish towards its end)
    where q.quarter_end <= p.as_of and q.quarter_start >= f.first_assigned
),

per_quarter as (
    select
        c.agency_id,
        w.quarter_start,
        w.quarter_end,
        w.window_start,
        w.working_days,
        count(*) as closed,
        count(*) filter (where c.completed_on >= w.window_start) as closed_at_end
    from completions c
    join windows w using (quarter_start)
    group by all
),

against_history as (
    select
        q.*,
        sum(q.closed) over (partition by q.agency_id) - q.closed as other_closed,
        sum(q.closed_at_end) over (partition by q.agency_id) - q.closed_at_end as other_closed_at_end
    from per_quarter q
),

judged as (
    select
        h.*,
        a.name as agency_name,
        p.period_end_days,
        p.min_tasks,
        p.ratio,
        share(h.other_closed_at_end, h.other_closed) as usual_share,
        -- the usual share, but never below what an even spread over the quarter's working days gives
        greatest(share(h.other_closed_at_end, h.other_closed), p.period_end_days / h.working_days)
            as compared_share,
        wilson_low(h.closed_at_end, h.closed) as share_low
    from against_history h
    cross join params p
    left join agencies a using (agency_id)
),

period_end as (
    select
        'period_end_closing' as kind,
        agency_id || ':' || year(quarter_start) || '-Q' || quarter(quarter_start) as key,
        agency_id,
        null::varchar as official_id,
        null::varchar as task_id,
        quarter_end as occurred_on,
        null::varchar as event_id,
        coalesce(agency_name, agency_id) || ' hoàn thành ' || closed_at_end || '/' || closed || ' nhiệm vụ ('
            || replace(printf('%.1f', 100.0 * closed_at_end / closed), '.', ',') || '%) trong '
            || period_end_days || ' ngày làm việc cuối quý ' || quarter(quarter_start) || '/'
            || year(quarter_start) || ' (' || strftime(window_start, '%d/%m/%Y') || '–'
            || strftime(quarter_end, '%d/%m/%Y') || '); các quý khác của chính cơ quan: '
            || replace(printf('%.1f', 100.0 * usual_share), '.', ',') || '% (' || other_closed_at_end || '/'
            || other_closed || '). Cận dưới 95% của tỷ lệ trong quý ('
            || replace(printf('%.1f', 100.0 * share_low), '.', ',') || '%) gấp '
            || replace(printf('%.1f', share_low / compared_share), '.', ',') || ' lần mức thường lệ (ngưỡng: '
            || replace(printf('%.1f', ratio), '.', ',') || ' lần, tối thiểu ' || min_tasks
            || ' nhiệm vụ).' as evidence,
        null::varchar as task_title
    from judged
    where closed >= min_tasks
        and other_closed >= min_tasks
        and share_low >= ratio * compared_share
),

-- each signal carries its task's title from the join that found it: no fifth join of the 2.5 M tasks
signals as (
    select * from retroactive
    union all select * from near_due
    union all select * from repeated
    union all select * from reopened
    union all select * from period_end
),

final as (
    select
        s.kind || ':' || s.key as signal_id,
        s.kind,
        s.agency_id,
        s.official_id,
        s.task_id,
        s.occurred_on,
        s.evidence,
        s.event_id,
        a.name as agency_name,
        s.task_title
    from signals s
    left join agencies a using (agency_id)
)

select * from final
order by occurred_on, signal_id
