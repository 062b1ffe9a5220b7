-- grain: one row per loaded disciplinary decision
-- reads: valid_disciplinary_actions
select action_id, official_id, decided_on, form, violation, violation_year, _row as source_row
from valid_disciplinary_actions
