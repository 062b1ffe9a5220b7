-- grain: one row per loaded agency (a contract table, docs/warehouse.md): the agency that carries its work as of as_of
-- reads: stg_agencies, stg_agency_successions (changes of identity in effect as of as_of)
-- Main successors: merged_into, renamed, and abolished with a successor; split_to rows move functions, not
-- identity, and abolished without a successor ends the chain (current_agency_id NULL, current_since = that
-- day). From an agency the walk takes its first change; after a change into Y on day d, Y's first change on
-- or after d. A chain that comes back to an agency already on it stops there (`cycle`), so every walk ends.
with recursive

changes as (
    select
        row_number() over (order by from_agency_id, effective_on, kind, to_agency_id) as step_id,
        from_agency_id,
        to_agency_id,
        effective_on,
        kind,
        confidence
    from stg_agency_successions
    where kind in ('merged_into', 'renamed', 'abolished') and effective_on <= as_of()
),

-- several changes on one day: a successor before none, then by kind and id (deterministic)
first_change as (
    select from_agency_id as agency_id, step_id
    from changes
    qualify row_number() over (
        partition by from_agency_id order by effective_on, to_agency_id is null, kind, to_agency_id
    ) = 1
),

next_change as (
    select c.step_id, n.step_id as next_step_id
    from changes c
    join changes n on n.from_agency_id = c.to_agency_id and n.effective_on >= c.effective_on
    qualify row_number() over (
        partition by c.step_id order by n.effective_on, n.to_agency_id is null, n.kind, n.to_agency_id
    ) = 1
),

walk as (
    select
        a.agency_id,
        a.agency_id as holder,
        null::date as since,
        f.step_id,
        [a.agency_id] as path,
        []::varchar[] as confidences,
        false as cycle
    from stg_agencies a
    left join first_change f using (agency_id)
    union all
    select
        w.agency_id,
        c.to_agency_id as holder,
        c.effective_on as since,
        case when not coalesce(list_contains(w.path, c.to_agency_id), false) then n.next_step_id end as step_id,
        case when c.to_agency_id is null then w.path else list_append(w.path, c.to_agency_id) end as path,
        list_append(w.confidences, coalesce(c.confidence, 'not_stated')) as confidences,
        coalesce(list_contains(w.path, c.to_agency_id), false) as cycle
    from walk w
    join changes c on c.step_id = w.step_id
    left join next_change n on n.step_id = c.step_id
),

final as (
    select
        agency_id,
        holder as current_agency_id,
        since as current_since,
        path,
        len(confidences)::integer as changes,
        -- the weakest support of the changes followed: 'likely' or 'unverified' stays visible to reviewers
        case
            when len(confidences) = 0 then null
            when list_contains(confidences, 'unverified') then 'unverified'
            when list_contains(confidences, 'not_stated') then null
            when list_contains(confidences, 'likely') then 'likely'
            else 'verified'
        end as confidence,
        cycle
    from walk
    where step_id is null
)

select * from final
order by agency_id
