"""The decision panel (contract §4, issue 13): one call shows a subject's current decision, its whole
history and — for the role that decides it — a form limited to that role's outcomes.

    decision_panel(user, "flag", flag_id, page="shifting")

The store is read live (no rebuild needed to see a decision) and written through
`pipelines.decisions.record.decide`, exactly as `congvu decide` writes it: the subject is looked up in the
warehouse (query decision_subject), the policy is checked, the decision and its audit line are written
together. A refusal or a store that cannot be written shows a Vietnamese message, never fails silently.
The dashboard's query layer and audit log are touched in two places only: `_subject` and `_audit_path`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import filters, fmt
from dashboard import page_text as _page_text  # noqa: F401  (registers the decision strings)
from dashboard.access import User
from dashboard.i18n import lang, t
from pipelines.decisions import policy, store
from pipelines.decisions.subjects import Subject, from_row


def store_path() -> Path:
    """CONGVU_DECISIONS (set by `congvu serve`), else decisions.sqlite beside the warehouse."""
    from dashboard.data import db_path

    return Path(os.environ.get("CONGVU_DECISIONS") or store.default_path(db_path()))


def outcome_label(subject_kind: str, outcome: object) -> str:
    kind = policy.KINDS.get(subject_kind)
    found = kind.outcome(str(outcome)) if kind is not None and isinstance(outcome, str) else None
    if found is None:
        return "" if outcome is None or outcome is pd.NA else str(outcome)
    return found.label_en if lang() == "en" else found.label_vi


def live_decisions(subject_kind: str, subject_ids: list[str]) -> dict[str, dict]:
    """subject_id → its current decision, read from the store now (for the rows a page shows)."""
    if not subject_ids:
        return {}
    rows = store.history(store_path(), subject_kind=subject_kind, subject_ids=[str(i) for i in subject_ids])
    return {sid: row for (_, sid), row in store.current(rows).items()}


def with_live_decisions(
    df: pd.DataFrame, subject_kind: str, id_col: str, out: str = "decision_label"
) -> pd.DataFrame:
    """df with a column `out`: the label of each row's current decision, read live (empty when none).
    No st.* call (it may run on a download's thread): a store that cannot be read leaves the column
    empty here, and the panel of a picked row says why."""
    try:
        latest = live_decisions(subject_kind, df[id_col].dropna().astype(str).tolist())
    except store.StoreUnavailable:
        latest = {}
    df[out] = [
        outcome_label(subject_kind, latest[str(i)]["outcome"]) if str(i) in latest else "" for i in df[id_col]
    ]
    return df


def pick(
    rows: pd.DataFrame, id_col: str, describe: Callable[[pd.Series], str], event: object, *, key: str
) -> pd.Series | None:
    """The row to decide: picked by a click in the table (`event`, a single-row selection) or chosen in a
    select box of the rows shown (keyboard and tests); None until one is picked."""
    ids = [str(i) for i in rows[id_col]]
    labels = {i: describe(row) for i, (_, row) in zip(ids, rows.iterrows(), strict=True)}
    clicked = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if clicked and clicked[0] < len(ids):
        chosen = ids[clicked[0]]
        if st.session_state.get(f"{key}_last_click") != chosen:
            st.session_state[f"{key}_last_click"] = chosen
            st.session_state[key] = chosen
    if st.session_state.get(key) not in labels:
        st.session_state.pop(key, None)
    subject = filters.select(
        t("decision.pick"), ids, index=None, format_func=lambda i: labels.get(i, i), key=key
    )
    if subject is None:
        return None
    return rows.iloc[ids.index(subject)]


def _when(iso: str) -> str:
    import datetime as dt

    return fmt.datetime(dt.datetime.fromisoformat(iso))


def _history_frame(subject_kind: str, rows: list[dict]) -> pd.DataFrame:
    from dashboard.access import role_label

    return pd.DataFrame(
        {
            t("decision.col.decided_at"): [_when(r["decided_at"]) for r in rows],
            t("decision.col.decided_by"): [r["decided_by"] for r in rows],
            t("decision.col.role"): [role_label(r["role"], lang()) for r in rows],
            t("decision.col.outcome"): [outcome_label(subject_kind, r["outcome"]) for r in rows],
            t("decision.col.reason"): [r["reason"] or "" for r in rows],
            t("decision.col.document_ref"): [r["document_ref"] or "" for r in rows],
            t("decision.col.vote_share"): [
                "" if r["vote_share"] is None else fmt.percent(r["vote_share"]) for r in rows
            ],
        }
    )


def _subject(user: User, page: str, subject_kind: str, subject_id: str) -> Subject | None:
    """The subject as the warehouse holds it (the same query `congvu decide` asks)."""
    from dashboard.data import run_query

    rows = run_query(user, page, "decision_subject", {"kind": subject_kind, "id": subject_id})
    return from_row(rows.iloc[0].to_dict()) if len(rows) else None


def _audit_path() -> Path:
    from dashboard.audit import audit_path

    return audit_path()


def decision_panel(
    user: User | None, subject_kind: str, subject_id: str, *, page: str, key: str | None = None
) -> None:
    """The current decision, its history and (for the deciding role) the form, for one subject, on behalf
    of the page's signed-in `user`."""
    from dashboard.access import role_label

    kind = policy.KINDS[subject_kind]
    key = key or f"{page}_{subject_kind}_decision"
    st.markdown(f"**{kind.label_en if lang() == 'en' else kind.label_vi}** — {fmt.md_text(subject_id)}")
    saved = st.session_state.pop(f"{key}_saved", None)
    if saved is not None:
        st.success(t("decision.saved", id=saved), icon=":material/check_circle:")
    try:
        rows = store.history(store_path(), subject_kind=subject_kind, subject_id=subject_id)
    except store.StoreUnavailable as exc:
        st.error(str(exc), icon=":material/error:")
        return
    if rows:
        last = rows[-1]
        st.markdown(
            t(
                "decision.current",
                outcome=outcome_label(subject_kind, last["outcome"]),
                by=last["decided_by"],
                role=role_label(last["role"], lang()),
                when=_when(last["decided_at"]),
            )
            + (f" — {last['document_ref']}" if last["document_ref"] else "")
            + (f": {last['reason']}" if last["reason"] else "")
        )
        with st.expander(t("decision.history", n=len(rows)), expanded=len(rows) > 1):
            st.dataframe(
                _history_frame(subject_kind, rows), hide_index=True, width="stretch", key=f"{key}_history"
            )
    else:
        st.caption(t("decision.none"))
    allowed = policy.outcomes_for(user.role if user else None, subject_kind)
    if user is None or not allowed:
        st.caption(t("decision.read_only"))
        return
    _form(kind, allowed, subject_id, page, key, user)


def _form(
    kind: policy.SubjectKind,
    allowed: tuple[policy.Outcome, ...],
    subject_id: str,
    page: str,
    key: str,
    user: User,
) -> None:
    labels = {o.code: (o.label_en if lang() == "en" else o.label_vi) for o in allowed}
    needs = {o.code: o for o in allowed}
    with st.form(f"{key}_form", clear_on_submit=False):
        st.markdown(f"**{t('decision.form')}**")
        outcome = filters.select(
            t("decision.outcome"),
            list(labels),
            format_func=lambda c: (
                labels[c]
                + (
                    " (" + t("decision.required") + ": " + ", ".join(_needs(needs[c])) + ")"
                    if _needs(needs[c])
                    else ""
                )
            ),
            key=f"{key}_outcome",
        )
        reason = st.text_area(t("decision.reason"), key=f"{key}_reason", height=80)
        document = st.text_input(t("decision.document"), key=f"{key}_document")
        share = None
        if any(o.needs_vote_share for o in allowed):
            share = st.number_input(
                t("decision.vote_share"),
                min_value=0.0,
                max_value=100.0,
                value=None,
                step=1.0,
                key=f"{key}_share",
            )
        submitted = st.form_submit_button(t("decision.submit"), type="primary")
    if not submitted:
        return
    from pipelines.decisions.record import decide

    try:
        decision_id = decide(
            store_path=store_path(),
            audit_path=_audit_path(),
            user=user.name,
            role=user.role,
            subject_kind=kind.code,
            subject_id=subject_id,
            outcome=str(outcome),
            subject=_subject(user, page, kind.code, subject_id),
            reason=reason or None,
            document_ref=document or None,
            vote_share=None if share is None else round(float(share) / 100, 4),
            page=page,
        )
    except (policy.Refused, store.StoreUnavailable) as exc:
        st.error(str(exc), icon=":material/error:")
        return
    except OSError as exc:  # the audit line of a refusal could not be written
        st.error(
            f"Không ghi được nhật ký truy cập: {exc}. Quyết định CHƯA được lưu (audit log not writable).",
            icon=":material/error:",
        )
        return
    st.session_state[f"{key}_saved"] = decision_id
    st.rerun()


def _needs(outcome: policy.Outcome) -> list[str]:
    return [
        t(name)
        for flag, name in (
            (outcome.needs_reason, "decision.reason"),
            (outcome.needs_document, "decision.document"),
            (outcome.needs_vote_share, "decision.vote_share"),
        )
        if flag
    ]
