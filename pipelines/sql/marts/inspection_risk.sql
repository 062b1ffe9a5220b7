-- grain: one row per agency, judged as of as_of, for planning surprise inspections (the data contract,
--   inspection_risk): risk_score in [0, 1], risk_rank (1 = highest risk; NULL when not ranked), components (a
--   list: each component's value, its count and base, its percentile among ranked agencies, weight and
--   contribution), last_inspected_on and the evidence in words
-- reads: inspection_risk_trend (the row of as_of), settings (inspection.min_tasks), agency_lineage
-- "Agencies in force": those whose agency_lineage leads to themselves as of as_of — an agency merged or
--   abolished by then (agency_successions) is not proposed for inspection; with no successions, every agency.
-- Shifting flags: all flags held against the agency (the flags carry no decision yet, so none is dismissed).
with

current_rows as (
    select *
    from inspection_risk_trend
    where is_current
        and agency_id in (select agency_id from agency_lineage where current_agency_id = agency_id)
),

described as (
    select
        r.*,
        [
            {
                'component': 'key_overdue', 'label_vi': 'Nhiệm vụ trọng tâm quá hạn',
                'label_en': 'Key tasks overdue', 'value': key_overdue_value, 'count': key_overdue,
                'base': key_tasks, 'percentile': key_overdue_percentile, 'weight': key_overdue_weight,
                'contribution': key_overdue_weight * key_overdue_percentile
            },
            {
                'component': 'shifting', 'label_vi': 'Dấu hiệu đùn đẩy trách nhiệm',
                'label_en': 'Shifting flags', 'value': shifting_value, 'count': shifting_flags,
                'base': tasks_assigned, 'percentile': shifting_percentile, 'weight': shifting_weight,
                'contribution': shifting_weight * shifting_percentile
            },
            {
                'component': 'deemed', 'label_vi': 'Xin ý kiến bị coi là đồng ý',
                'label_en': 'Consultations deemed agreed', 'value': deemed_value, 'count': deemed_agreements,
                'base': consultations, 'percentile': deemed_percentile, 'weight': deemed_weight,
                'contribution': deemed_weight * deemed_percentile
            },
            {
                'component': 'returned', 'label_vi': 'Hồ sơ bị trả lại',
                'label_en': 'Dossiers returned', 'value': returned_value, 'count': dossiers_returned,
                'base': escalations, 'percentile': returned_percentile, 'weight': returned_weight,
                'contribution': returned_weight * returned_percentile
            },
            {
                'component': 'findings', 'label_vi': 'Vi phạm phát hiện qua thanh tra',
                'label_en': 'Findings of past inspections', 'value': findings_value, 'count': findings,
                'base': inspections, 'percentile': findings_percentile, 'weight': findings_weight,
                'contribution': findings_weight * findings_percentile
            },
            {
                'component': 'time_since', 'label_vi': 'Thời gian từ lần thanh tra gần nhất',
                'label_en': 'Time since the last inspection', 'value': time_since_value::double,
                'count': time_since_value, 'base': null::integer, 'percentile': time_since_percentile,
                'weight': time_since_weight, 'contribution': time_since_weight * time_since_percentile
            }
        ] as components,
        'Nhiệm vụ trọng tâm quá hạn: ' || key_overdue || '/' || key_tasks
            || coalesce(' (' || vn_pct1(key_overdue_value) || ')', '')
            || '; dấu hiệu đùn đẩy: ' || shifting_flags || ' trên ' || tasks_assigned || ' nhiệm vụ được giao'
            || '; xin ý kiến bị coi là đồng ý: ' || deemed_agreements || '/' || consultations
            || '; hồ sơ bị trả lại: ' || dossiers_returned || ' trên ' || escalations || ' lần trình'
            || '; vi phạm qua thanh tra: ' || case
                when inspections = 0 then 'không có cuộc thanh tra nào trong kỳ xét'
                else findings || ' trong ' || inspections || ' cuộc (' || vn_dec2(findings_value) || '/cuộc)'
            end
            || '; lần thanh tra gần nhất: ' || coalesce(
                strftime(last_inspected_on, '%d/%m/%Y') || ' (' || time_since_value || ' ngày trước)',
                'chưa từng được thanh tra'
            ) as record_words
    from current_rows r
),

final as (
    select
        agency_id,
        risk_score,
        risk_rank,
        components,
        last_inspected_on,
        case
            when ranked then
                'Điểm rủi ro ' || vn_dec2(risk_score) || ', xếp thứ ' || risk_rank || '/' || ranked_agencies
                || ' (' || setting('inspection.window_months') || ' tháng đến ' || strftime(judged_on, '%d/%m/%Y') || '). ' || record_words || '.'
            else
                'Chưa đủ dữ liệu để xếp hạng: ' || tasks_due || ' nhiệm vụ đến hạn trong kỳ xét (cần ít nhất '
                || setting('inspection.min_tasks') || '). ' || record_words || '.'
        end as evidence,
        name as agency_name,
        ranked,
        tasks_due,
        judged_on,
        window_after,
        key_overdue, key_tasks, key_overdue_value, key_overdue_percentile, key_overdue_weight,
        shifting_flags, tasks_assigned, shifting_value, shifting_percentile, shifting_weight,
        deemed_agreements, consultations, deemed_value, deemed_percentile, deemed_weight,
        dossiers_returned, escalations, returned_value, returned_percentile, returned_weight,
        inspections, findings, findings_value, findings_percentile, findings_weight,
        time_since_value, time_since_percentile, time_since_weight,
        ranked_agencies
    from described
)

select * from final
order by risk_rank nulls last, agency_id
