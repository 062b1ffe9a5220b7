-- grain: one row per loaded official in agencies $agencies (NULL = all), only those ranked when $enough_only, over
--        the period $period_kind starting $period_start (official_period_scorecard), ranked first; the first $limit
-- reads: wh.official_period_scorecard, wh.official_scorecard (names, agency, discipline and service as on the data date)
-- The counts, rate and rank are the mart's (ranked among every official of the period, before the agency filter).
select
    s.*,
    o.full_name,
    o.position,
    o.category,
    o.agency_name,
    o.disciplined_in_effect,
    o.has_left,
    o.left_on,
    o.left_label
from wh.official_period_scorecard s
join wh.official_scorecard o on o.official_id = s.official_id
where
    s.period_kind = $period_kind
    and s.period_start = $period_start
    and ($agencies is null or list_contains($agencies, s.agency_id))
    and (not $enough_only or s.enough_data)
order by s.rank_position nulls last, o.agency_name, o.full_name, s.official_id
limit $limit
