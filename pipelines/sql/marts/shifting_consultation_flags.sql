-- grain: one row per shifting finding that comes from a consultation (request for opinion):
--   consultation_deemed_agreed, consultation_evasive, consultation_without_deadline,
--   consultation_after_due — at most one of each kind per consultation
-- reads: consultation_status, task_status, stg_agencies, enum_terms, build_params
-- `what` is the factual half of the evidence sentence; shifting_flags adds the rule it breaks.
-- consultation_deemed_agreed runs from reply_due_on (consultation_status: a deadline on a day off runs to the end
-- of the next working day, Civil Code Art. 148(5)); the days late are counted from it, and the evidence names
-- both dates when they differ.
-- consultation_evasive uses effective_response: the file's response, else the classification of
-- response_text by the phrase list (the matched phrase is quoted in the evidence).
with

consultations as (select * from consultation_status),

-- task_status carries the task's title: joining stg_tasks for it cost a join of 2.5 M rows to 2.5 M
tasks as (select task_id, due_on, title from task_status),

agencies as (select agency_id, name from stg_agencies),

responses as (select code, lower(label_vi) as label from enum_terms where domain = 'consultation_response'),

described as (
    select
        c.*,
        ra.name as requesting_name,
        ca.name as consulted_name,
        t.due_on as task_due_on,
        p.as_of,
        'xin ý kiến ' || c.consultation_id
            || coalesce(' về nhiệm vụ ' || c.task_id || ' «' || t.title || '»', '') as request_words,
        resp.label as response_label,
        case when c.reply_due_on > c.deadline_on then
            ' (hạn ' || strftime(c.deadline_on, '%d/%m/%Y') || ' rơi vào ngày nghỉ nên kéo dài đến hết ngày làm việc '
            || 'tiếp theo ' || strftime(c.reply_due_on, '%d/%m/%Y') || ', Bộ luật Dân sự Điều 148 khoản 5)'
        else '' end as deadline_words
    from consultations c
    left join tasks t using (task_id)
    left join agencies ra on ra.agency_id = c.requesting_agency_id
    left join agencies ca on ca.agency_id = c.consulted_agency_id
    left join responses resp on resp.code = c.effective_response
    cross join build_params p
    -- only the consultations behind a flag (the four conditions below): the sentences' parts are built and
    -- kept for a third of the rows
    where c.deemed_agreed
        or is_evasive(c.effective_response)
        or c.deadline_on is null
        or (t.due_on is not null and c.sent_on > t.due_on)
),

deemed_agreed as (
    select
        'consultation_deemed_agreed' as kind,
        requesting_name || ' → ' || consulted_name as chain,
        consulted_agency_id as agency_id,
        task_id,
        consultation_id,
        -- silence counts as agreement from the first day after the (possibly extended) deadline
        (reply_due_on + 1)::date as occurred_on,
        case
            when status = 'answered_late' then
                consulted_name || ' trả lời ' || request_words || ' của ' || requesting_name || ' ngày '
                || strftime(responded_on, '%d/%m/%Y') || ', chậm ' || date_diff('day', reply_due_on, responded_on)
                || ' ngày so với hạn trả lời ' || strftime(deadline_on, '%d/%m/%Y') || deadline_words || ' (gửi ngày '
                || strftime(sent_on, '%d/%m/%Y') || ')'
            else
                consulted_name || ' không trả lời ' || request_words || ' của ' || requesting_name
                || ' (gửi ngày ' || strftime(sent_on, '%d/%m/%Y') || ', hạn trả lời '
                || strftime(deadline_on, '%d/%m/%Y') || deadline_words || '), đã quá hạn '
                || date_diff('day', reply_due_on, as_of) || ' ngày tính đến ' || strftime(as_of, '%d/%m/%Y')
        end || ': được coi là đã đồng ý và ' || consulted_name || ' chịu trách nhiệm' as what
    from described
    where deemed_agreed
),

evasive as (
    select
        'consultation_evasive' as kind,
        requesting_name || ' → ' || consulted_name as chain,
        consulted_agency_id as agency_id,
        task_id,
        consultation_id,
        coalesce(responded_on, sent_on) as occurred_on,
        consulted_name || ' trả lời ' || request_words || ' của ' || requesting_name
            || coalesce(' ngày ' || strftime(responded_on, '%d/%m/%Y'), '') || ' với nội dung ' || response_label
            || case
                when classified_by = 'phrase' then ': văn bản trả lời có cụm từ «' || matched_phrase
                    || '» (phân loại theo danh mục cụm từ)'
                else ' (theo dữ liệu của cơ quan)'
            end as what
    from described
    where is_evasive(effective_response)
),

without_deadline as (
    select
        'consultation_without_deadline' as kind,
        requesting_name || ' → ' || consulted_name as chain,
        requesting_agency_id as agency_id,
        task_id,
        consultation_id,
        sent_on as occurred_on,
        requesting_name || ' gửi ' || consulted_name || ' ' || request_words || ' ngày '
            || strftime(sent_on, '%d/%m/%Y') || ' mà không nêu thời hạn trả lời' as what
    from described
    where deadline_on is null
),

after_due as (
    select
        'consultation_after_due' as kind,
        requesting_name || ' → ' || consulted_name as chain,
        requesting_agency_id as agency_id,
        task_id,
        consultation_id,
        sent_on as occurred_on,
        requesting_name || ' gửi ' || consulted_name || ' ' || request_words || ' ngày '
            || strftime(sent_on, '%d/%m/%Y') || ', khi nhiệm vụ đã quá hạn ' || date_diff('day', task_due_on, sent_on)
            || ' ngày (hạn xử lý ' || strftime(task_due_on, '%d/%m/%Y') || ')' as what
    from described
    where task_due_on is not null and sent_on > task_due_on
),

flags as (
    select * from deemed_agreed
    union all by name
    select * from evasive
    union all by name
    select * from without_deadline
    union all by name
    select * from after_due
),

final as (
    select kind, agency_id, task_id, consultation_id, occurred_on, chain, what
    from flags
)

-- no order by: an intermediate table read whole by shifting_flags; sorting its sentences only cost memory
select * from final
