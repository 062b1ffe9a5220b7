"""Who decides what (contract §4, domain.md §9): the one table the CLI and the dashboard both enforce.

`check(...)` returns nothing when a decision may be recorded and raises `Refused` with one Vietnamese
line (English in brackets) when it may not: a role deciding outside its row, an unknown outcome, a
missing reason or document, or a council vote below the share the law requires for the title.
"""

from __future__ import annotations

from dataclasses import dataclass

SUBJECT_KINDS: tuple[str, ...] = ("flag", "explanation", "objective_cause", "review", "candidate")


class Refused(ValueError):
    """A decision that may not be recorded; str() is the one line shown to the user."""


@dataclass(frozen=True)
class Outcome:
    code: str
    label_vi: str
    label_en: str
    needs_reason: bool = False
    needs_document: bool = False
    needs_vote_share: bool = False


@dataclass(frozen=True)
class SubjectKind:
    code: str
    label_vi: str
    label_en: str
    role: str  # the one role that decides it
    subject_vi: str  # what subject_id names, in words
    outcomes: tuple[Outcome, ...]

    def outcome(self, code: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.code == code), None)


KINDS: dict[str, SubjectKind] = {
    "flag": SubjectKind(
        "flag",
        "Kết luận về dấu hiệu đùn đẩy",
        "Verdict on a shifting flag",
        "inspectorate",
        "mã dấu hiệu (flag_id)",
        (
            Outcome("confirmed", "Xác nhận vi phạm", "Violation confirmed"),
            Outcome("dismissed", "Không vi phạm", "Dismissed (no violation)", needs_reason=True),
            Outcome("explained", "Đã giải trình, chấp nhận", "Explanation accepted", needs_document=True),
        ),
    ),
    "explanation": SubjectKind(
        "explanation",
        "Giải trình của cơ quan",
        "The agency's explanation",
        "inspectorate",
        "mã dấu hiệu (flag_id)",
        (
            Outcome(
                "received",
                "Đã nhận giải trình",
                "Explanation received",
                needs_reason=True,
                needs_document=True,
            ),
        ),
    ),
    "objective_cause": SubjectKind(
        "objective_cause",
        "Nguyên nhân khách quan của việc chậm",
        "Objective cause of a delay",
        "home_affairs",
        "mã nhiệm vụ (task_id)",
        (
            Outcome(
                "certified", "Có nguyên nhân khách quan", "Objective cause certified", needs_document=True
            ),
            Outcome("refused", "Không chấp nhận nguyên nhân khách quan", "Objective cause refused"),
        ),
    ),
    "review": SubjectKind(
        "review",
        "Kết quả rà soát nhân sự",
        "Personnel review outcome",
        "home_affairs",
        "mã cán bộ (official_id)",
        (
            Outcome("no_action", "Không xử lý", "No action"),
            Outcome("reminder", "Nhắc nhở", "Reminder"),
            Outcome("transfer", "Điều chuyển", "Transfer"),
            Outcome("replace", "Thay thế", "Replace"),
            Outcome("discipline_referred", "Đề nghị xem xét kỷ luật", "Referred for discipline"),
        ),
    ),
    "candidate": SubjectKind(
        "candidate",
        "Quyết định của Hội đồng Thi đua – Khen thưởng",
        "Council decision on a candidate",
        "board",
        "mã cán bộ/năm (official_id/year)",
        (
            Outcome(
                "approved", "Đề nghị công nhận (đã biểu quyết)", "Approved by vote", needs_vote_share=True
            ),
            Outcome("rejected", "Không công nhận", "Rejected"),
            Outcome("deferred", "Hoãn xét", "Deferred"),
        ),
    ),
}


def kinds_for(role: str | None) -> list[SubjectKind]:
    return [k for k in KINDS.values() if k.role == role]


def outcomes_for(role: str | None, subject_kind: str) -> tuple[Outcome, ...]:
    """The outcomes `role` may record on this kind of subject (none outside its row)."""
    kind = KINDS.get(subject_kind)
    return kind.outcomes if kind is not None and kind.role == role else ()


def _blank(value: str | None) -> bool:
    return value is None or not str(value).strip()


def check(
    *,
    role: str | None,
    subject_kind: str,
    outcome: str,
    reason: str | None = None,
    document_ref: str | None = None,
    vote_share: float | None = None,
    required_share: float | None = None,
    title_vi: str | None = None,
) -> None:
    """Raises Refused unless `role` may record `outcome` on a `subject_kind` with these fields.

    For an approved candidate, `required_share` is the vote share the proposed title needs (from the rule
    set, see subjects.py) and `title_vi` its name; a candidate without a proposed title has None."""
    kind = KINDS.get(subject_kind)
    if kind is None:
        raise Refused(
            f"Loại đối tượng không hợp lệ (unknown subject kind) {subject_kind!r}: dùng "
            + ", ".join(SUBJECT_KINDS)
        )
    if role != kind.role:
        raise Refused(
            f"Vai trò {role or 'không có'} không được quyết định «{kind.label_vi}»: chỉ {kind.role} "
            f"(role {role!r} may not decide {subject_kind}; only {kind.role})"
        )
    chosen = kind.outcome(outcome)
    if chosen is None:
        raise Refused(
            f"Kết quả không hợp lệ cho {subject_kind} (invalid outcome) {outcome!r}: dùng "
            + ", ".join(o.code for o in kind.outcomes)
        )
    if chosen.needs_reason and _blank(reason):
        raise Refused(f"«{chosen.label_vi}» cần ghi lý do (reason required for {outcome})")
    if chosen.needs_document and _blank(document_ref):
        raise Refused(
            f"«{chosen.label_vi}» cần số, ký hiệu văn bản (document reference required for {outcome})"
        )
    if vote_share is not None and not 0 <= vote_share <= 1:
        raise Refused(
            f"Tỷ lệ phiếu {vote_share} phải trong khoảng 0–1, ví dụ 0.85 (vote share must be within 0–1)"
        )
    if chosen.needs_vote_share:
        if vote_share is None:
            raise Refused(
                "Đề nghị công nhận cần tỷ lệ phiếu đồng ý của Hội đồng (vote share required for approved)"
            )
        if required_share is None:
            raise Refused(
                "Cán bộ không được đề xuất danh hiệu nào nên không thể công nhận "
                "(no title proposed for this candidate: nothing to approve)"
            )
        if vote_share < required_share:
            raise Refused(
                f"Tỷ lệ phiếu {vote_share:.0%} thấp hơn mức {required_share:.0%} cần cho "
                f"{title_vi or 'danh hiệu'}: không đủ điều kiện công nhận "
                f"(vote share {vote_share:.2f} below the {required_share:.2f} the title needs)"
            )


def decision_text(subject_kind: str, outcome: object, decided_by: object, decided_on: object) -> str:
    """A subject's current decision in words for a list or report: "Nhắc nhở — lan, 30/11/2026", or
    "Chưa quyết định" (not decided yet)."""
    kind = KINDS.get(subject_kind)
    found = kind.outcome(str(outcome)) if kind is not None and isinstance(outcome, str) else None
    if found is None:
        return "Chưa quyết định"
    when = decided_on.strftime("%d/%m/%Y") if hasattr(decided_on, "strftime") else ""
    return f"{found.label_vi} — {decided_by}" + (f", {when}" if when else "")
