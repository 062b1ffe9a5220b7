"""The input files of the data contract (§2): one entry per file, with its columns, types and rules.

The readers and the validator are generic; everything that is particular to a file lives here.
Cross-column rules are SQL predicates over the typed columns of the same row (true = the row breaks
the rule); they are written here, in code, never taken from input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT, DATE, DATETIME, ENUM, BOOL, INT = "text", "date", "datetime", "enum", "bool", "int"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = False
    vi: tuple[str, ...] = ()
    domain: str | None = None  # for ENUM and BOOL: the vocabulary in pipelines.vocab
    references: str | None = None  # "agencies" → must be a loaded agency_id


@dataclass(frozen=True)
class RowRule:
    """A rule across columns of one row; `broken_when` is SQL over the typed columns and $as_of."""

    column: str
    broken_when: str
    code: str
    reason: str
    # A join that brings in what the rule reads from another file (one row at most per row of this file),
    # joined to the typed rows (`typed`): a join, not a subquery per row, which DuckDB answers by holding
    # every row of the file in memory while it reads the file.
    lookup: str | None = None


@dataclass(frozen=True)
class Source:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = False
    row_rules: tuple[RowRule, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# What the id columns refer to: the source whose key they name.
KEY_OF = {"agencies": "agency_id", "officials": "official_id", "tasks": "task_id"}


def _agency(name: str, required: bool = False, vi: tuple[str, ...] = ()) -> Column:
    return Column(name, TEXT, required, vi or ("Mã cơ quan",), references="agencies")


def _official(name: str, required: bool = False, vi: tuple[str, ...] = ()) -> Column:
    return Column(name, TEXT, required, vi or ("Mã cán bộ",), references="officials")


def _not_after_as_of(column: str, what: str) -> RowRule:
    return RowRule(
        column, f"{column} > $as_of", "future_date", f"{what} sau ngày đánh giá (after the as-of date)"
    )


def _required_for_kinds(column: str, kinds: tuple[str, ...], what: str) -> RowRule:
    listed = ", ".join(f"'{k}'" for k in kinds)
    return RowRule(
        column,
        f"kind in ({listed}) and {column} is null",
        "missing_required",
        f"Thiếu {what}, bắt buộc với loại {'/'.join(kinds)} (missing value required for this kind)",
    )


AGENCIES = Source(
    "agencies",
    (
        Column("agency_id", TEXT, True, ("Mã cơ quan",)),
        Column("name", TEXT, True, ("Tên cơ quan", "Tên")),
        Column("kind", ENUM, True, ("Loại", "Loại cơ quan"), domain="agency_kind"),
        _agency("parent_id", vi=("Cơ quan cấp trên",)),
    ),
    key=("agency_id",),
    required=True,
)

OFFICIALS = Source(
    "officials",
    (
        Column("official_id", TEXT, True, ("Mã cán bộ",)),
        Column("full_name", TEXT, True, ("Họ và tên", "Họ tên")),
        _agency("agency_id", required=True),
        Column("position", ENUM, True, ("Chức vụ",), domain="position"),
        Column("category", ENUM, True, ("Ngạch",), domain="category"),
        Column("active_from", DATE, vi=("Từ ngày",)),
        Column("active_to", DATE, vi=("Đến ngày",)),
    ),
    key=("official_id",),
    required=True,
)

TASKS = Source(
    "tasks",
    (
        Column("task_id", TEXT, True, ("Mã nhiệm vụ",)),
        Column("title", TEXT, True, ("Trích yếu", "Tên nhiệm vụ")),
        Column("source", ENUM, True, ("Nguồn giao",), domain="task_source"),
        Column("source_ref", TEXT, vi=("Văn bản giao",)),
        _agency("owner_agency_id", required=True, vi=("Cơ quan chủ trì",)),
        _official("lead_official_id", vi=("Người chủ trì",)),
        Column("decided_by", ENUM, vi=("Thẩm quyền quyết định",), domain="decided_by"),
        Column("assigned_on", DATE, True, ("Ngày giao",)),
        Column("due_on", DATE, vi=("Hạn xử lý",)),
        Column("completed_on", DATE, vi=("Ngày hoàn thành",)),
        Column("is_key", BOOL, vi=("Trọng tâm",), domain="boolean"),
    ),
    key=("task_id",),
    required=True,
    row_rules=(
        RowRule(
            "completed_on",
            "completed_on < assigned_on",
            "completed_before_assigned",
            "Ngày hoàn thành trước ngày giao (completed before assigned)",
        ),
        RowRule(
            "due_on",
            "due_on < assigned_on",
            "due_before_assigned",
            "Hạn xử lý trước ngày giao (due before assigned)",
        ),
        _not_after_as_of("completed_on", "Ngày hoàn thành"),
    ),
)

TASK_EVENTS = Source(
    "task_events",
    (
        Column("event_id", TEXT, True, ("Mã sự kiện",)),
        Column("task_id", TEXT, True, ("Mã nhiệm vụ",), references="tasks"),
        Column("occurred_on", DATETIME, True, ("Thời điểm", "Ngày")),
        Column("kind", ENUM, True, ("Loại", "Loại sự kiện"), domain="event_kind"),
        _agency("from_agency_id", vi=("Từ cơ quan", "Cơ quan chuyển")),
        _agency("to_agency_id", vi=("Đến cơ quan", "Cơ quan nhận")),
        _official("official_id", vi=("Người thực hiện",)),
        Column("reason", ENUM, vi=("Lý do",), domain="event_reason"),
        Column("new_due_on", DATE, vi=("Hạn mới",)),
    ),
    key=("event_id",),
    row_rules=(
        _required_for_kinds(
            "from_agency_id", ("transfer", "escalate", "return"), "cơ quan chuyển (from_agency_id)"
        ),
        _required_for_kinds(
            "to_agency_id", ("transfer", "escalate", "return"), "cơ quan nhận (to_agency_id)"
        ),
        _required_for_kinds("new_due_on", ("extend",), "hạn mới (new_due_on)"),
        # tasks are loaded first: the event is compared with its task's assigned_on as loaded
        RowRule(
            "occurred_on",
            "occurred_on::date < _task.assigned_on",
            "event_before_assigned",
            "Sự kiện trước ngày giao nhiệm vụ (event before its task was assigned)",
            # valid_tasks holds each task_id once (a second row with it is rejected as a duplicate)
            lookup="left join (select task_id, assigned_on from valid_tasks) _task "
            "on _task.task_id = typed.task_id",
        ),
    ),
)

CONSULTATIONS = Source(
    "consultations",
    (
        Column("consultation_id", TEXT, True, ("Mã xin ý kiến",)),
        Column("task_id", TEXT, vi=("Mã nhiệm vụ",), references="tasks"),
        _agency("requesting_agency_id", required=True, vi=("Cơ quan xin ý kiến",)),
        _agency("consulted_agency_id", required=True, vi=("Cơ quan được xin ý kiến",)),
        Column("sent_on", DATE, True, ("Ngày gửi",)),
        Column("deadline_on", DATE, vi=("Hạn trả lời",)),
        Column("responded_on", DATE, vi=("Ngày trả lời",)),
        Column("response", ENUM, vi=("Nội dung trả lời",), domain="consultation_response"),
        Column("response_text", TEXT, vi=("Văn bản trả lời",)),
    ),
    key=("consultation_id",),
    row_rules=(
        _not_after_as_of("responded_on", "Ngày trả lời"),
        RowRule(
            "responded_on",
            "responded_on < sent_on",
            "responded_before_sent",
            "Ngày trả lời trước ngày gửi xin ý kiến (answered before the request was sent)",
        ),
    ),
)

INSPECTIONS = Source(
    "inspections",
    (
        Column("inspection_id", TEXT, True, ("Mã thanh tra",)),
        _agency("agency_id", required=True, vi=("Cơ quan được thanh tra",)),
        _agency("inspector_agency_id", vi=("Cơ quan thanh tra",)),
        Column("started_on", DATE, True, ("Ngày bắt đầu",)),
        Column("kind", ENUM, True, ("Loại", "Hình thức"), domain="inspection_kind"),
        Column("findings", INT, vi=("Số vi phạm", "Kết quả")),
    ),
    key=("inspection_id",),
    row_rules=(RowRule("findings", "findings < 0", "bad_number", "Số vi phạm âm (findings must be ≥ 0)"),),
)

DISCIPLINARY_ACTIONS = Source(
    "disciplinary_actions",
    (
        Column("action_id", TEXT, True, ("Mã quyết định",)),
        _official("official_id", required=True),
        Column("decided_on", DATE, True, ("Ngày quyết định",)),
        Column("form", ENUM, True, ("Hình thức kỷ luật", "Hình thức"), domain="discipline_form"),
        Column("violation", ENUM, True, ("Hành vi vi phạm", "Vi phạm"), domain="violation"),
        Column("violation_year", INT, vi=("Năm vi phạm",)),
    ),
    key=("action_id",),
)

ANNUAL_RATINGS = Source(
    "annual_ratings",
    (
        _official("official_id", required=True),
        Column("year", INT, True, ("Năm",)),
        Column("grade", ENUM, True, ("Xếp loại", "Mức xếp loại"), domain="grade"),
    ),
    key=("official_id", "year"),
)

COMMENDATIONS = Source(
    "commendations",
    (
        _official("official_id", required=True),
        Column("year", INT, True, ("Năm",)),
        Column("title", ENUM, True, ("Danh hiệu", "Hình thức khen thưởng"), domain="commendation_title"),
        Column("decided_on", DATE, vi=("Ngày quyết định",)),
    ),
    key=("official_id", "year", "title"),
)

INITIATIVES = Source(
    "initiatives",
    (
        Column("initiative_id", TEXT, True, ("Mã sáng kiến",)),
        _official("official_id", required=True),
        Column("title", TEXT, True, ("Tên sáng kiến",)),
        Column("recognized_on", DATE, True, ("Ngày công nhận",)),
        Column("scope", ENUM, True, ("Phạm vi", "Cấp công nhận"), domain="initiative_scope"),
    ),
    key=("initiative_id",),
)

AGENCY_SUCCESSIONS = Source(
    "agency_successions",
    (
        _agency("from_agency_id", required=True, vi=("Cơ quan cũ",)),
        _agency("to_agency_id", vi=("Cơ quan tiếp nhận",)),
        Column("effective_on", DATE, True, ("Ngày hiệu lực",)),
        Column("kind", ENUM, True, ("Hình thức", "Hình thức sắp xếp"), domain="succession_kind"),
        Column("basis", TEXT, vi=("Căn cứ",)),
        # Extra columns (contract: "add columns freely"): how well the row is supported, and where from.
        Column("confidence", ENUM, vi=("Mức độ tin cậy", "Độ tin cậy"), domain="confidence"),
        Column("source_note", TEXT, vi=("Nguồn", "Nguồn tham khảo")),
    ),
    # One change of one kind per pair of agencies; a blank to_agency_id (abolished) is one value.
    key=("from_agency_id", "to_agency_id", "kind"),
    row_rules=(
        _required_for_kinds(
            "to_agency_id", ("merged_into", "renamed", "split_to"), "cơ quan tiếp nhận (to_agency_id)"
        ),
        RowRule(
            "to_agency_id",
            "to_agency_id = from_agency_id",
            "self_succession",
            "Cơ quan tiếp nhận trùng cơ quan cũ (an agency cannot succeed itself)",
        ),
    ),
)

# In load order: a source comes after every source it refers to.
SOURCES: tuple[Source, ...] = (
    AGENCIES,
    OFFICIALS,
    TASKS,
    TASK_EVENTS,
    CONSULTATIONS,
    INSPECTIONS,
    DISCIPLINARY_ACTIONS,
    ANNUAL_RATINGS,
    COMMENDATIONS,
    INITIATIVES,
    AGENCY_SUCCESSIONS,
)
