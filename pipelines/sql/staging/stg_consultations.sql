-- grain: one row per loaded consultation (request for opinion)
-- reads: valid_consultations
select
    consultation_id, task_id, requesting_agency_id, consulted_agency_id, sent_on, deadline_on,
    responded_on, response, response_text, _row as source_row
from valid_consultations
