-- grain: one row per kind of shifting_flags: its labels, who it is held against, and the demand of
--   Công điện 280/CĐ-TTg (19/4/2023) and Công văn 966/UBND-KSTTHC (4/5/2023) it enforces (domain.md §1)
-- reads: nothing (reference data; the evidence sentences of shifting_flags quote demand_vi and rule_ref)
with

kinds (kind, label_vi, label_en, held_against, demand_vi, demand_en) as (
    values
    ('transfer_within_authority', 'Chuyển việc thuộc thẩm quyền', 'Transfer of work within own authority',
     'owner',
     'không chuyển công việc thuộc thẩm quyền của mình sang cơ quan khác',
     'do not transfer work within your authority to another agency'),
    ('escalation_within_authority', 'Trình việc thuộc thẩm quyền', 'Escalation of a matter within own authority',
     'owner',
     'không trình UBND thành phố, Chủ tịch UBND thành phố những việc thuộc thẩm quyền của mình',
     'do not submit to the City People''s Committee or its Chair matters within your own authority'),
    ('dossier_returned', 'Hồ sơ bị trả lại', 'Dossier returned',
     'returned_to',
     'giải quyết dứt điểm ý kiến khác nhau và hoàn thiện hồ sơ đúng Quy chế làm việc trước khi trình',
     'settle disagreements and complete the dossier per the Working Regulation before submitting it'),
    ('ping_pong', 'Đẩy qua đẩy lại', 'Ping-pong between agencies',
     'owner',
     'không đùn đẩy, chuyển qua lại công việc thuộc thẩm quyền',
     'do not push work back and forth instead of handling it'),
    ('consultation_deemed_agreed', 'Coi như đồng ý (trả lời muộn hoặc không trả lời)',
     'Deemed agreement (late or no answer)',
     'consulted',
     'trả lời xin ý kiến đúng thời hạn; quá hạn không trả lời được coi là đồng ý và phải chịu trách nhiệm',
     'answer on time; no answer or a late one counts as agreement, and the consulted agency answers for it'),
    ('consultation_evasive', 'Trả lời chung chung, né tránh', 'Generic or evasive answer',
     'consulted',
     'trả lời cụ thể, không chung chung, không đùn đẩy',
     'answer specifically, not generically and not by pushing the matter elsewhere'),
    ('consultation_without_deadline', 'Xin ý kiến không nêu thời hạn', 'Consultation without a reply deadline',
     'requesting',
     'văn bản xin ý kiến phải nêu rõ nội dung và thời hạn trả lời',
     'a request for opinion must state its content and a reply deadline'),
    ('consultation_after_due', 'Xin ý kiến khi nhiệm vụ đã quá hạn', 'Consultation sent after the task was due',
     'requesting',
     'không lạm dụng xin ý kiến để né tránh trách nhiệm, kéo dài thời gian xử lý',
     'do not abuse consultation to avoid responsibility or drag work out')
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
