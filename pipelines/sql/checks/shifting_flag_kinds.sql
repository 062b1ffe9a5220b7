-- shifting_flags holds exactly the contract's kinds, each held against a known agency.
select flag_id, kind, agency_id
from shifting_flags
where kind not in (
    'transfer_within_authority', 'escalation_within_authority', 'dossier_returned', 'ping_pong',
    'consultation_deemed_agreed', 'consultation_evasive', 'consultation_without_deadline',
    'consultation_after_due'
)
   or agency_id not in (select agency_id from stg_agencies)
