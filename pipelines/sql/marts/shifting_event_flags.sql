-- grain: one row per shifting finding that comes from hand-overs of a task: transfer_within_authority,
--   escalation_within_authority and dossier_returned (one per event), ping_pong (one per task)
-- reads: task_handovers, task_holder_sequence, task_handover_summary, stg_tasks, stg_agencies,
--   stg_officials, enum_terms
-- `what` is the factual half of the evidence sentence; shifting_flags adds the rule it breaks.
-- official_id: who carried out the event, except a return by a `city` agency — returning a dossier
--   is the City People's Committee doing its job, not shifting by its official (event_official_id
--   keeps the actor either way).
with

handovers as (select * from task_handovers),

holder_steps as not materialized (select * from task_holder_sequence),

summary as (select * from task_handover_summary),

tasks as not materialized (select task_id, title from stg_tasks),

agencies as (select agency_id, name, kind from stg_agencies),

officials as (select official_id, full_name from stg_officials),

reasons as (select code, lower(label_vi) as label from enum_terms where domain = 'event_reason'),

event_kinds as (select code, lower(label_vi) as label from enum_terms where domain = 'event_kind'),

described as (
    select
        h.*,
        t.title,
        fa.name as from_name,
        ta.name as to_name,
        oa.name as owner_name,
        na.name as next_to_name,
        o.full_name as official_name,
        r.label as reason_label,
        nr.label as next_reason_label,
        coalesce(' (người thực hiện: ' || o.full_name || ')', '') as by_whom,
        'nhiệm vụ ' || h.task_id || ' «' || t.title || '»' as task_words
    from handovers h
    join tasks t using (task_id)
    left join agencies fa on fa.agency_id = h.from_agency_id
    left join agencies ta on ta.agency_id = h.to_agency_id
    left join agencies oa on oa.agency_id = h.owner_agency_id
    left join agencies na on na.agency_id = h.next_to_agency_id
    left join officials o using (official_id)
    left join reasons r on r.code = h.reason
    left join reasons nr on nr.code = h.next_reason
    -- only the hand-overs that can raise a flag below (the conditions of transfers, escalations, returns):
    -- the words are built and kept for those alone
    where (h.kind = 'transfer' and h.from_owner)
        or h.kind = 'escalate'
        or (h.kind = 'return' and h.from_agency_kind = 'city' and h.reason is distinct from 'within_own_authority')
),

transfers as (
    select
        'transfer_within_authority' as kind,
        described.kind as event_kind,
        from_agency_kind as event_from_agency_kind,
        owner_agency_id as agency_id,
        task_id,
        occurred_on,
        event_id,
        official_id as event_official_id,
        null::varchar as related_event_id,
        from_name || ' → ' || to_name as chain,
        from_name || ' (cơ quan chủ trì) chuyển ' || task_words || ' sang ' || to_name || ' ngày '
            || strftime(occurred_on, '%d/%m/%Y') || coalesce(', lý do: ' || reason_label, '') || by_whom
            || ', trong khi nhiệm vụ thuộc chức năng, thẩm quyền của ' || from_name as what
    from described
    where kind = 'transfer' and from_owner
),

escalations as (
    select
        *,
        from_owner and decided_by = 'agency' as decided_by_agency,
        next_kind = 'return' and next_from_agency_id = to_agency_id and next_reason = 'within_own_authority'
            as answered_within_authority
    from described
    where kind = 'escalate'
),

escalation_flags as (
    select
        'escalation_within_authority' as kind,
        escalations.kind as event_kind,
        from_agency_kind as event_from_agency_kind,
        owner_agency_id as agency_id,
        task_id,
        occurred_on,
        event_id,
        official_id as event_official_id,
        case when answered_within_authority then next_event_id end as related_event_id,
        from_name || ' → ' || to_name
            || case when answered_within_authority then ' → ' || next_to_name else '' end as chain,
        from_name || ' trình ' || to_name || ' ' || task_words || ' ngày ' || strftime(occurred_on, '%d/%m/%Y')
            || by_whom
            || case when decided_by_agency
                then ', trong khi thẩm quyền quyết định thuộc ' || owner_name || ' (cơ quan chủ trì)'
                else '' end
            || case when answered_within_authority
                then '; ' || to_name || ' trả lại ' || next_to_name || ' ngày '
                    || strftime(next_occurred_on, '%d/%m/%Y') || ': ' || next_reason_label
                    || ' (' || from_name || ' → ' || to_name || ' → ' || next_to_name || ', '
                    || case when year(occurred_on) = year(next_occurred_on)
                        then strftime(occurred_on, '%d/%m') else strftime(occurred_on, '%d/%m/%Y') end
                    || '–' || strftime(next_occurred_on, '%d/%m/%Y') || ')'
                else '' end as what
    from escalations
    where decided_by_agency or answered_within_authority
),

returns as (
    select
        *,
        row_number() over (partition by task_id, to_agency_id order by occurred_at, event_id) as return_number
    from described
    where kind = 'return' and from_agency_kind = 'city' and reason is distinct from 'within_own_authority'
),

dossier_flags as (
    select
        'dossier_returned' as kind,
        returns.kind as event_kind,
        from_agency_kind as event_from_agency_kind,
        to_agency_id as agency_id,
        task_id,
        occurred_on,
        event_id,
        official_id as event_official_id,
        null::varchar as related_event_id,
        from_name || ' → ' || to_name as chain,
        from_name || ' trả lại hồ sơ ' || task_words || ' cho ' || to_name || ' ngày '
            || strftime(occurred_on, '%d/%m/%Y') || ', lý do: ' || coalesce(reason_label, 'không ghi lý do')
            || case when return_number > 1 then ' (lần thứ ' || return_number || ' đối với nhiệm vụ này)' else '' end
            as what
    from returns
),

-- X → Y → X: the first bounce of each task, read off its holder sequence (steps s, s+1, s+2)
bounces as (
    select
        m.task_id,
        m.owner_agency_id,
        m.chain as full_chain,
        m.ping_pong_count,
        m.holder_count,
        x.agency_id as x_id,
        y.agency_id as y_id,
        y.event_id as out_event_id,
        y.official_id as out_official_id,
        y.event_kind as out_kind,
        y.from_agency_id as out_from_id,
        y.arrived_on as out_on,
        back.event_id as back_event_id,
        back.event_kind as back_kind,
        back.from_agency_id as back_from_id,
        back.reason as back_reason,
        back.arrived_on as back_on
    from summary m
    join holder_steps x on x.task_id = m.task_id and x.step = m.first_ping_pong_step
    join holder_steps y on y.task_id = m.task_id and y.step = m.first_ping_pong_step + 1
    join holder_steps back on back.task_id = m.task_id and back.step = m.first_ping_pong_step + 2
    where m.ping_pong_count > 0
),

ping_pong_flags as (
    select
        'ping_pong' as kind,
        b.out_kind as event_kind,
        yf.kind as event_from_agency_kind,
        b.owner_agency_id as agency_id,
        b.task_id,
        b.back_on as occurred_on,
        b.out_event_id as event_id,
        b.out_official_id as event_official_id,
        b.back_event_id as related_event_id,
        xa.name || ' → ' || ya.name || ' → ' || xa.name as chain,
        'nhiệm vụ ' || b.task_id || ' «' || t.title || '» bị chuyển qua lại: ' || xa.name || ' → ' || ya.name
            || ' → ' || xa.name || ', '
            || case when year(b.out_on) = year(b.back_on)
                then strftime(b.out_on, '%d/%m') else strftime(b.out_on, '%d/%m/%Y') end
            || '–' || strftime(b.back_on, '%d/%m/%Y') || ', ' || bk.label || coalesce(': ' || r.label, '')
            || case when b.ping_pong_count > 1 then ' (' || b.ping_pong_count || ' lần qua lại)' else '' end
            || case when b.holder_count > 3 then '; chuỗi xử lý: ' || b.full_chain else '' end
            || '; cơ quan chủ trì: ' || oa.name as what
    from bounces b
    join tasks t using (task_id)
    left join agencies xa on xa.agency_id = b.x_id
    left join agencies ya on ya.agency_id = b.y_id
    left join agencies oa on oa.agency_id = b.owner_agency_id
    left join agencies yf on yf.agency_id = b.out_from_id
    left join event_kinds bk on bk.code = b.back_kind
    left join reasons r on r.code = b.back_reason
),

-- each flag carries its event's kind and the passing agency's kind (for official_id below), so that the
-- 10 M events are not joined again to find them
flags as (
    select * from transfers
    union all by name
    select * from escalation_flags
    union all by name
    select * from dossier_flags
    union all by name
    select * from ping_pong_flags
),

final as (
    select
        f.kind,
        f.agency_id,
        f.task_id,
        f.occurred_on,
        f.event_id,
        f.event_official_id,
        case when not (f.event_kind = 'return' and f.event_from_agency_kind = 'city') then f.event_official_id end
            as official_id,
        f.related_event_id,
        f.chain,
        f.what
    from flags f
)

-- no order by: an intermediate table read whole by shifting_flags; sorting its sentences only cost memory
select * from final
