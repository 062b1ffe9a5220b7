-- grain: one row per kind of shifting_flags: its labels, who it is held against, and the demand of
--   Công điện 280/CĐ-TTg (19/4/2023) and Công văn 966/UBND-KSTTHC (4/5/2023) it enforces (domain.md §1)
-- reads: enum_terms (domain shifting_flag_kind: the labels, kept with every other label in pipelines/vocab.py);
--   the rest is reference data (the evidence sentences of shifting_flags quote demand_vi and rule_ref)
with

demands (kind, held_against, demand_vi, demand_en) as (
    values
    ('transfer_within_authority',
     'owner',
     'không chuyển công việc thuộc thẩm quyền của mình sang cơ quan khác',
     'do not transfer work within your authority to another agency'),
    ('escalation_within_authority',
     'owner',
     'không trình UBND thành phố, Chủ tịch UBND thành phố những việc thuộc thẩm quyền của mình',
     'do not submit to the City People''s Committee or its Chair matters within your own authority'),
    ('dossier_returned',
     'returned_to',
     'giải quyết dứt điểm ý kiến khác nhau và hoàn thiện hồ sơ đúng Quy chế làm việc trước khi trình',
     'settle disagreements and complete the dossier per the Working Regulation before submitting it'),
    ('ping_pong',
     'owner',
     'không đùn đẩy, chuyển qua lại công việc thuộc thẩm quyền',
     'do not push work back and forth instead of handling it'),
    ('consultation_deemed_agreed',
     'consulted',
     'trả lời xin ý kiến đúng thời hạn; quá hạn không trả lời được coi là đồng ý và phải chịu trách nhiệm',
     'answer on time; no answer or a late one counts as agreement, and the consulted agency answers for it'),
    ('consultation_evasive',
     'consulted',
     'trả lời cụ thể, không chung chung, không đùn đẩy',
     'answer specifically, not generically and not by pushing the matter elsewhere'),
    ('consultation_without_deadline',
     'requesting',
     'văn bản xin ý kiến phải nêu rõ nội dung và thời hạn trả lời',
     'a request for opinion must state its content and a reply deadline'),
    ('consultation_after_due',
     'requesting',
     'không lạm dụng xin ý kiến để né tránh trách nhiệm, kéo dài thời gian xử lý',
     'do not abuse consultation to avoid responsibility or drag work out')
),

kinds as (
    select d.kind, t.label_vi, t.label_en, d.held_against, d.demand_vi, d.demand_en
    from demands d
    join enum_terms t on t.domain = 'shifting_flag_kind' and t.code = d.kind
),

final as (
    select
        kind,
        label_vi,
        label_en,
        held_against,
        demand_vi,
        demand_en,
        'Công điện 280/CĐ-TTg ngày 19/4/2023 của Thủ tướng Chính phủ; '
            || 'Công văn 966/UBND-KSTTHC ngày 4/5/2023 của UBND thành phố Hải Phòng' as rule_ref
    from kinds
)

select * from final
order by kind
