-- grain: one row per official under review (personnel_review) and record behind a reason, with the days it covers (covers_from to covers_to)
-- reads: personnel_review, task_status, shifting_flags, discipline_periods, build_params
-- What the personnel page's period reads: an official is listed for a period when a record behind one of the
-- reasons covers a day of it. The records are personnel_review.records: a task (low_on_time names it as
-- "task (hạn dd/mm/yyyy)", key_task_long_overdue by its id) covers its due day to its completion (as_of while
-- open); a shifting action (an event) the day its flag occurred; a disciplinary action its decision day to the
-- last day of its effect (as_of while without end); a grading year (two_years_incomplete) the year. The
-- reasons themselves are judged as of as_of (personnel_review): the period chooses whom to list, not why.
with

params as (select as_of from build_params),

records as (
    select distinct r.official_id, split_part(x.record, ' (', 1) as record_id
    from personnel_review r, unnest(r.records) as x(record)
),

tasks as (
    select x.official_id, x.record_id, t.due_on as covers_from, coalesce(t.completed_on, p.as_of) as covers_to
    from records x
    join task_status t on t.task_id = x.record_id
    cross join params p
),

events as (
    select x.official_id, x.record_id, min(f.occurred_on) as covers_from, max(f.occurred_on) as covers_to
    from records x
    join shifting_flags f on f.event_id = x.record_id
    group by all
),

actions as (
    select
        x.official_id,
        x.record_id,
        d.decided_on as covers_from,
        least(coalesce(d.effect_ends_on, p.as_of), p.as_of) as covers_to
    from records x
    join discipline_periods d on d.action_id = x.record_id
    cross join params p
),

years as (
    select
        x.official_id,
        x.record_id,
        make_date(x.record_id::integer, 1, 1) as covers_from,
        make_date(x.record_id::integer, 12, 31) as covers_to
    from records x
    where regexp_full_match(x.record_id, '\d{4}')
),

final as (
    select * from tasks
    union all select * from events
    union all select * from actions
    union all select * from years
)

select * from final
order by official_id, covers_from, record_id
