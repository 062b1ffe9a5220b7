"""Enumerated values of the data contract: each code with its Vietnamese label and accepted spellings.

One place for every closed vocabulary, so that the readers (which accept a code or a label), the
warehouse (which stores codes) and the dashboard (which shows labels) agree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    code: str
    vi: str
    en: str
    aliases: tuple[str, ...] = field(default=())


def _terms(*rows: tuple) -> tuple[Term, ...]:
    return tuple(Term(*row) for row in rows)


DOMAINS: dict[str, tuple[Term, ...]] = {
    "agency_kind": _terms(
        ("city", "UBND thành phố", "City People's Committee", ("ubnd tp", "ủy ban nhân dân thành phố")),
        ("department", "Sở, ban, ngành", "Department", ("sở", "sở ban ngành")),
        ("district", "UBND quận, huyện", "District People's Committee", ("ubnd quận", "ubnd huyện")),
        ("commune", "UBND xã, phường", "Commune or ward People's Committee", ("ubnd xã", "ubnd phường")),
        ("special_zone", "Đặc khu", "Special zone", ("ubnd đặc khu",)),
        ("public_unit", "Đơn vị sự nghiệp", "Public service unit", ("đơn vị sự nghiệp công lập",)),
    ),
    # agency_successions.kind (pipelines/sources.py): how an agency was reorganised
    "succession_kind": _terms(
        (
            "merged_into",
            "Hợp nhất, sáp nhập vào",
            "Merged into",
            ("hợp nhất", "sáp nhập", "sáp nhập vào", "hợp nhất vào"),
        ),
        ("renamed", "Đổi tên", "Renamed"),
        (
            "split_to",
            "Chia tách, chuyển một phần cho",
            "Split, part moved to",
            ("chia tách", "chuyển một phần"),
        ),
        ("abolished", "Giải thể, kết thúc hoạt động", "Abolished", ("giải thể", "kết thúc hoạt động")),
    ),
    # how well a reference row is supported (data/reference README-2025.md): an optional extra column
    "confidence": _terms(
        ("verified", "Đã kiểm chứng", "Verified", ("đã xác minh",)),
        ("likely", "Nhiều khả năng", "Likely", ("có khả năng",)),
        ("unverified", "Chưa kiểm chứng", "Unverified", ("chưa xác minh",)),
    ),
    "position": _terms(
        ("head", "Thủ trưởng", "Head", ("trưởng",)),
        ("deputy", "Cấp phó", "Deputy", ("phó",)),
        ("staff", "Chuyên viên", "Staff", ("nhân viên",)),
    ),
    # How a position reads under the header "Chức vụ", which names a post: staff hold none. "Chuyên viên", the
    # label the contract gives `staff` (accepted on input), is a rank (ngạch), not a post (issue 14 point 6).
    # Display only: no input column is read with this domain.
    "post": _terms(
        ("head", "Thủ trưởng", "Head"),
        ("deputy", "Cấp phó", "Deputy"),
        ("staff", "Không giữ chức vụ", "No post"),
    ),
    "category": _terms(
        ("cadre", "Cán bộ", "Cadre"),
        ("civil_servant", "Công chức", "Civil servant"),
        ("public_employee", "Viên chức", "Public employee"),
    ),
    "task_source": _terms(
        ("government", "Chính phủ", "Government", ("cp",)),
        ("prime_minister", "Thủ tướng Chính phủ", "Prime Minister", ("thủ tướng", "ttg")),
        ("city_pc", "UBND thành phố", "City People's Committee", ("ủy ban nhân dân thành phố",)),
        ("city_chair", "Chủ tịch UBND thành phố", "Chair of the City People's Committee", ("chủ tịch",)),
        ("internal", "Nội bộ", "Internal"),
    ),
    "decided_by": _terms(
        ("agency", "Cơ quan", "Agency"),
        ("city", "UBND thành phố", "City People's Committee"),
    ),
    "event_kind": _terms(
        ("transfer", "Chuyển xử lý", "Transfer"),
        ("escalate", "Trình cấp trên", "Escalate"),
        ("return", "Trả lại", "Return"),
        ("extend", "Gia hạn", "Extension"),
        ("reopen", "Mở lại", "Reopen"),
    ),
    "event_reason": _terms(
        ("within_own_authority", "Thuộc thẩm quyền", "Within own authority"),
        ("unresolved_disagreement", "Chưa thống nhất", "Unresolved disagreement"),
        ("incomplete_dossier", "Hồ sơ chưa đầy đủ", "Incomplete dossier"),
        ("wrong_recipient", "Sai đơn vị", "Wrong recipient"),
        ("other", "Khác", "Other"),
    ),
    "consultation_response": _terms(
        ("agree", "Thống nhất", "Agree"),
        ("agree_with_comments", "Thống nhất, có ý kiến", "Agree with comments"),
        ("disagree", "Không thống nhất", "Disagree"),
        ("generic", "Chung chung", "Generic"),
        ("deflect", "Đùn đẩy, né tránh", "Deflect"),
    ),
    "inspection_kind": _terms(
        ("scheduled", "Theo kế hoạch", "Scheduled"),
        ("surprise", "Đột xuất", "Surprise"),
    ),
    "discipline_form": _terms(
        ("reprimand", "Khiển trách", "Reprimand"),
        ("warning", "Cảnh cáo", "Warning"),
        ("salary_reduction", "Hạ bậc lương", "Salary reduction"),
        ("demotion", "Giáng chức", "Demotion"),
        ("removal", "Cách chức", "Removal from post"),
        ("dismissal", "Buộc thôi việc", "Dismissal"),
    ),
    "violation": _terms(
        ("shirking", "Né tránh, đùn đẩy trách nhiệm", "Shirking responsibility"),
        ("delay", "Chậm trễ", "Delay"),
        ("harassment", "Gây phiền hà, nhũng nhiễu", "Harassment"),
        ("corruption", "Tiêu cực, tham nhũng", "Corruption"),
        ("other", "Khác", "Other"),
    ),
    "grade": _terms(
        ("excellent", "Hoàn thành xuất sắc nhiệm vụ", "Excellent", ("htxsnv",)),
        ("good", "Hoàn thành tốt nhiệm vụ", "Good", ("httnv",)),
        ("complete", "Hoàn thành nhiệm vụ", "Complete", ("htnv",)),
        ("incomplete", "Không hoàn thành nhiệm vụ", "Incomplete", ("khtnv",)),
    ),
    "commendation_title": _terms(
        ("advanced_worker", "Lao động tiên tiến", "Advanced worker", ("ldtt",)),
        ("base_emulation_fighter", "Chiến sĩ thi đua cơ sở", "Base emulation fighter", ("cstdcs",)),
        (
            "city_emulation_fighter",
            "Chiến sĩ thi đua thành phố",
            "City emulation fighter",
            ("chiến sĩ thi đua cấp tỉnh", "chiến sĩ thi đua cấp thành phố"),
        ),
        ("certificate_of_merit", "Giấy khen", "Certificate of merit"),
        ("chair_merit", "Bằng khen Chủ tịch UBND thành phố", "Chair's certificate of merit", ("bằng khen",)),
    ),
    "initiative_scope": _terms(
        ("base", "Cơ sở", "Base", ("cấp cơ sở",)),
        ("city", "Thành phố", "City", ("cấp thành phố", "cấp tỉnh")),
        ("national", "Toàn quốc", "National", ("cấp toàn quốc",)),
    ),
    # the kinds of shifting_flags (computed by the marts, not an input): the one home of their labels, read by
    # the marts' evidence sentences (through enum_terms) and by the dashboard
    "shifting_flag_kind": _terms(
        (
            "transfer_within_authority",
            "Chuyển việc thuộc thẩm quyền",
            "Transfer of work within own authority",
        ),
        (
            "escalation_within_authority",
            "Trình việc thuộc thẩm quyền",
            "Escalation of a matter within own authority",
        ),
        ("dossier_returned", "Hồ sơ bị trả lại", "Dossier returned"),
        ("ping_pong", "Đẩy qua đẩy lại", "Ping-pong between agencies"),
        (
            "consultation_deemed_agreed",
            "Coi như đồng ý (trả lời muộn hoặc không trả lời)",
            "Deemed agreement (late or no answer)",
        ),
        ("consultation_evasive", "Trả lời chung chung, né tránh", "Generic or evasive answer"),
        (
            "consultation_without_deadline",
            "Xin ý kiến không nêu thời hạn",
            "Consultation without a reply deadline",
        ),
        (
            "consultation_after_due",
            "Xin ý kiến khi nhiệm vụ đã quá hạn",
            "Consultation sent after the task was due",
        ),
    ),
    "boolean": _terms(
        ("true", "Có", "Yes", ("1", "x", "yes", "y", "t", "đúng", "true")),
        ("false", "Không", "No", ("0", "no", "n", "f", "sai", "false")),
    ),
}


def normalise_label(text: str) -> str:
    """The form in which a code or label is compared: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def label_rows() -> list[tuple[str, str, str]]:
    """(domain, accepted spelling in normalised form, code) for every accepted spelling."""
    rows: dict[tuple[str, str], str] = {}
    for domain, terms in DOMAINS.items():
        for term in terms:
            for spelling in (term.code, term.vi, term.en, *term.aliases):
                rows.setdefault((domain, normalise_label(spelling)), term.code)
    return [(domain, spelling, code) for (domain, spelling), code in sorted(rows.items())]


def term_rows() -> list[tuple[str, str, str, str]]:
    """(domain, code, Vietnamese label, English label): the labels the dashboard and reports show."""
    return [(domain, t.code, t.vi, t.en) for domain, terms in DOMAINS.items() for t in terms]


def codes(domain: str) -> list[str]:
    return [t.code for t in DOMAINS[domain]]
