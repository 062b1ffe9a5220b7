"""Gaming signals as the pages show them: the kinds' names and a signal list labelled for reading. Used by the
gaming-signals list and by the agency and task pages; formats only (no query, no st.* call)."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import t

KINDS = (
    "retroactive_extension",
    "extension_near_due",
    "repeated_extensions",
    "reopened_after_done",
    "period_end_closing",
)


def kind_label(kind: str) -> str:
    return t(f"gaming.kind.{kind}") if kind in KINDS else kind


def labelled(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of a gaming-signal query with kind, agency and official in words."""
    rows = rows.copy()
    rows["kind_label"] = rows["kind"].map(kind_label)
    rows["agency"] = [f"{n} ({a})" for n, a in zip(rows["agency_name"], rows["agency_id"], strict=True)]
    rows["official"] = [
        "" if o is None or o is pd.NA else f"{n} ({o})" if isinstance(n, str) else f"({o})"
        for n, o in zip(rows["full_name"], rows["official_id"], strict=True)
    ]
    return rows


def columns() -> dict[str, str]:
    """Column → header, in the page's language."""
    return {
        "occurred_on": t("col.date"),
        "kind_label": t("gaming.kind"),
        "agency": t("col.agency"),
        "official": t("gaming.official"),
        "task_id": t("col.task_id"),
        "task_title": t("col.title"),
        "evidence": t("col.evidence"),
    }
