"""Nhật ký truy cập — who signed in, who looked at which people, who downloaded what (admin only).

Reads the append-only audit file (CONGVU_AUDIT), not the warehouse: it works even without one.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import audit, filters, fmt
from dashboard.access import PAGES
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import lang, t
from dashboard.session import require_page
from dashboard.tables import empty_state, table

PAGE = "audit"

user = require_page(PAGE)
events, damaged = audit.read_log(audit.audit_path())
if damaged:  # reported, skipped: one bad line never hides the rest of the log
    shown_lines = ", ".join(str(n) for n in damaged[:20]) + (" …" if len(damaged) > 20 else "")
    st.warning(t("audit.damaged", n=len(damaged), lines=shown_lines), icon=":material/warning:")
if not events:
    empty_state(t("audit.none"))
    st.stop()

language = 1 if lang() == "en" else 0
log = pd.DataFrame(events)
# the local time at which the event was written (the offset is kept in the file)
log["moment"] = pd.to_datetime(
    log["time"].map(lambda text: dt.datetime.fromisoformat(text).replace(tzinfo=None))
)
log["day"] = log["moment"].dt.date
log["action_label"] = log["action"].map(lambda a: audit.ACTIONS.get(a, (a, a))[language])
log["page_label"] = [
    (PAGES[p].title(lang()) if p in PAGES else p) if isinstance(p, str) else "" for p in log["page"]
]  # sign-ins have no page
DETAIL_WORDS = {
    "filters": ("Bộ lọc", "Filters"),
    "agencies": ("Cơ quan", "Agencies"),
    "agency": ("Cơ quan", "Agency"),
    "period": ("Kỳ", "Period"),
    "id": ("Mã", "Code"),
    "sections": ("Phần được xem", "Sections seen"),
    "people": ("Danh sách người", "People listed"),
    "severities": ("Mức độ", "Severity"),
    "reasons": ("Lý do", "Reasons"),
    "titles": ("Danh hiệu", "Titles"),
    "standings": ("Tình trạng xét", "Standing"),
    "sort": ("Sắp xếp", "Sort"),
    "forms": ("Hình thức", "Forms"),
    "in_effect_only": ("Chỉ đang có hiệu lực", "In effect only"),
    "enough_data_only": ("Chỉ đủ dữ liệu", "Enough data only"),
    "eligible_only": ("Chỉ đủ điều kiện", "Eligible only"),
    "file": ("Tệp", "File"),
    "format": ("Định dạng", "Format"),
    "rows": ("Số dòng", "Rows"),
    "role": ("Vai trò", "Role"),
    "locked": ("Bị khoá", "Locked"),
}


def _words(value: object) -> str:
    """A detail value as words: lists joined, yes/no, nested filters as "name: value" pairs; no JSON."""
    if isinstance(value, dict):
        return "; ".join(
            f"{_key(k)}: {_words(v)}" for k, v in value.items() if v not in (None, [], "", False)
        )
    if isinstance(value, list | tuple):
        return ", ".join(_words(v) for v in value) or "—"
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, int | float):
        return fmt.number(value)
    return str(value)


def _key(name: str) -> str:
    return DETAIL_WORDS.get(name, (name, name))[language]


def details_text(details: object) -> str:
    """An event's details in words ("Bộ lọc — Cơ quan: SXD; Kỳ: 2026-Q3"), never raw JSON."""
    if not isinstance(details, dict) or not details:
        return ""
    parts = []
    for key, value in details.items():
        if isinstance(value, dict):
            inner = _words(value)
            parts.append(f"{_key(key)} — {inner}" if inner else f"{_key(key)} — {t('filter.all')}")
        elif value not in (None, [], ""):
            parts.append(f"{_key(key)}: {_words(value)}")
    return "; ".join(parts)


log["details_text"] = log["details"].map(details_text)

c1, c2, c3, c4 = st.columns(4)
with c1:
    users = filters.multiselect(t("audit.user"), sorted(log["user"].astype(str).unique()), key="audit_users")
with c2:
    actions = filters.multiselect(
        t("audit.action"), sorted(log["action_label"].unique()), key="audit_actions"
    )
with c3:
    pages = filters.multiselect(
        t("audit.page"), sorted(p for p in log["page_label"].unique() if p), key="audit_pages"
    )
with c4:
    first, last = log["day"].min(), log["day"].max()
    start, end = filters.date_range(t("audit.period"), first, last, key="audit_period")

shown = log
if users:
    shown = shown[shown["user"].isin(users)]
if actions:
    shown = shown[shown["action_label"].isin(actions)]
if pages:
    shown = shown[shown["page_label"].isin(pages)]
shown = shown[(shown["day"] >= start) & (shown["day"] <= end)]

shown = shown.sort_values("moment", ascending=False)
st.caption(t("audit.count", n=fmt.number(len(shown))))
columns = {
    "moment": t("audit.time"),
    "user": t("audit.user"),
    "action_label": t("audit.action"),
    "page_label": t("audit.page"),
    "details_text": t("audit.details"),
}
table(shown, columns, key="audit_table")
downloads(
    user,
    shown[list(columns)].rename(columns=columns),
    "nhat-ky-truy-cap",
    PAGE,
    key="audit_dl",
    doc=Document(
        t("doc.audit"),
        filters_text(
            (t("audit.user"), users),
            (t("audit.action"), actions),
            (t("audit.page"), pages),
            (
                t("audit.period"),
                f"{fmt.date(start)} – {fmt.date(end)}",
            ),
        ),
    ),
)
