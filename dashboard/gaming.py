"""Gaming signals as the pages show them: the kinds' names and a signal list labelled for reading. Used by the
gaming-signals list and by the agency and task pages; formats only (no query, no st.* call)."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import tr

KINDS = {
    "retroactive_extension": ("Gia hạn hồi tố", "Retroactive extension"),
    "extension_near_due": ("Gia hạn sát hạn", "Extension near the deadline"),
    "repeated_extensions": ("Gia hạn nhiều lần", "Repeated extensions"),
    "reopened_after_done": ("Báo cáo xong rồi mở lại", "Reopened after done"),
    "period_end_closing": ("Dồn hoàn thành cuối kỳ", "Closing in bulk at period end"),
}


def kind_label(kind: str) -> str:
    return tr(*KINDS.get(kind, (kind, kind)))


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
        "occurred_on": tr("Ngày", "Date"),
        "kind_label": tr("Loại dấu hiệu", "Kind"),
        "agency": tr("Cơ quan", "Agency"),
        "official": tr("Người thực hiện", "Official"),
        "task_id": tr("Mã nhiệm vụ", "Task"),
        "task_title": tr("Trích yếu", "Title"),
        "evidence": tr("Căn cứ", "Evidence"),
    }
