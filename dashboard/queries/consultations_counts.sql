-- grain: one row per consulted agency, status, deemed agreement and evasive answer (generic or deflecting, as
--        classified) of the consultations sent in [$start, $end] (NULL = unbounded),
--        with the number of consultations: the page's filter choices, KPIs, chart and the full
--        count of its filtered table, without reading the consultations themselves
-- reads: wh.consultation_status, wh.stg_agencies
select
    c.consulted_agency_id,
    any_value(a.name) as consulted_agency_name,
    c.status,
    c.deemed_agreed,
    c.evasive,
    count(*) as consultations
from wh.consultation_status c
left join wh.stg_agencies a on a.agency_id = c.consulted_agency_id
where ($start is null or c.sent_on >= $start) and ($end is null or c.sent_on <= $end)
group by all
