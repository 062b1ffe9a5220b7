-- grain: one row (or none) for official $official_id on the personnel review list: every column of
--        personnel_review, the list columns as text "a; b"
-- reads: wh.personnel_review
select r.* replace (
    array_to_string(r.reason_codes, '; ') as reason_codes,
    array_to_string(r.rule_ids, '; ') as rule_ids,
    array_to_string(r.records, '; ') as records
)
from wh.personnel_review r
where r.official_id = $official_id
