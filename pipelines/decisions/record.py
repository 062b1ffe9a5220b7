"""One decision, exactly as `congvu decide` and the dashboard's decision panel both record it:
the subject must exist in the warehouse, the role must be the one that decides it (policy.py), the
fields its outcome needs must be there — then it is appended to the store and to the audit log in one
step (the audit line is written inside the store's transaction: no decision without its audit entry).
A refusal is audited too, and raised as `policy.Refused`.
"""

from __future__ import annotations

from pathlib import Path

from dashboard import audit
from pipelines.decisions import policy, store
from pipelines.decisions.subjects import Subject

LATE_STATUSES = ("done_late", "open_overdue")
TITLE_VI = {
    "advanced_worker": "Lao động tiên tiến",
    "base_emulation_fighter": "Chiến sĩ thi đua cơ sở",
    "city_emulation_fighter": "Chiến sĩ thi đua thành phố",
}


def decide(
    *,
    store_path: Path,
    audit_path: Path,
    user: str,
    role: str | None,
    subject_kind: str,
    subject_id: str,
    outcome: str,
    subject: Subject | None,
    reason: str | None = None,
    document_ref: str | None = None,
    vote_share: float | None = None,
    page: str | None = None,
) -> int:
    """Records the decision and returns its id; raises policy.Refused or store.StoreUnavailable."""
    details = {
        "subject_kind": subject_kind,
        "subject_id": subject_id,
        "outcome": outcome,
        "reason": reason,
        "document_ref": document_ref,
        "vote_share": vote_share,
        "role": role,
    }
    try:
        _check(role, subject_kind, subject_id, outcome, subject, reason, document_ref, vote_share)
    except policy.Refused as refused:
        audit.append_event(audit_path, user, "decision_refused", page, {**details, "refused": str(refused)})
        raise
    decision = store.Decision(
        subject_kind=subject_kind,
        subject_id=subject_id,
        outcome=outcome,
        decided_by=user,
        role=str(role),
        reason=reason,
        document_ref=document_ref,
        vote_share=vote_share,
    )

    def audited(decision_id: int, decided_at: str) -> None:
        audit.append_event(
            audit_path,
            user,
            "decision",
            page,
            {"decision_id": decision_id, "decided_at": decided_at, **details},
        )

    return store.record(store_path, decision, before_commit=audited)


def _check(
    role: str | None,
    subject_kind: str,
    subject_id: str,
    outcome: str,
    subject: Subject | None,
    reason: str | None,
    document_ref: str | None,
    vote_share: float | None,
) -> None:
    kind = policy.KINDS.get(subject_kind)
    if kind is not None and role == kind.role and subject is None:
        raise policy.Refused(
            f"Không tìm thấy {kind.subject_vi} {subject_id!r} trong kho dữ liệu "
            f"(subject {subject_kind} {subject_id!r} not in the warehouse)"
        )
    certifying = subject_kind == "objective_cause" and role == "home_affairs" and outcome == "certified"
    if certifying and subject is not None and subject.status not in LATE_STATUSES:
        raise policy.Refused(
            f"Nhiệm vụ {subject_id} không chậm (trạng thái {subject.status}): không có gì để xác nhận "
            f"nguyên nhân khách quan (task is not late: nothing to certify)"
        )
    title = subject.proposed_title if subject is not None else None
    policy.check(
        role=role,
        subject_kind=subject_kind,
        outcome=outcome,
        reason=reason,
        document_ref=document_ref,
        vote_share=vote_share,
        required_share=subject.vote_share_required if subject is not None and title else None,
        title_vi=TITLE_VI.get(title or "", title),
    )
