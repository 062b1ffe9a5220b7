"""Officials to review for replacement, transfer or discipline, with reasons, severity and the on-time rate
with its interval and n. Names people: audited."""

from __future__ import annotations

import streamlit as st

from dashboard import fmt, page_kit
from dashboard.components import Kpi, audit_view, downloads, empty_state, kpi_row, table
from dashboard.i18n import t
from dashboard.session import require_page

PAGE = "personnel"
SEVERITIES = ("high", "medium", "low")

user = require_page(PAGE)
st.caption(t("personnel.intro"))
st.caption(t("ui.audited"))

rows, min_n = page_kit.people_rows(user, PAGE, "personnel_review")
rows["severity_label"] = page_kit.code_labelled(rows["severity"], "severity")
# the review mart's own rate: the window its low_on_time reason judges, with its interval and n
rows["rate_text"] = page_kit.rate_text(rows, min_n)
# the query sends the list columns as text "a; b" (list cells are slow to read and to cache)
rows["reason_codes"] = [v.split("; ") if isinstance(v, str) and v else [] for v in rows["reason_codes"]]
rows["reason_labels"] = rows["reason_codes"].map(
    lambda codes: page_kit.joined([page_kit.code_label("reason", c) for c in page_kit.as_list(codes)])
)
for column in ("rule_ids", "records"):
    rows[column] = rows[column].map(page_kit.joined)

left, middle, right = st.columns([3, 2, 3])
with left:
    agencies = page_kit.agency_filter(rows, "agency_id", "agency", key="personnel_agency")
with middle:
    severities = page_kit.code_filter(
        t("personnel.filter_severity"),
        [s for s in SEVERITIES if s in set(rows["severity"])] or rows["severity"],
        lambda s: page_kit.code_label("severity", s),
        key="personnel_severity",
    )
with right:
    codes = sorted({c for value in rows["reason_codes"] for c in page_kit.as_list(value)})
    reasons = page_kit.code_filter(
        t("personnel.filter_reason_code"),
        codes,
        lambda c: page_kit.code_label("reason", c),
        key="personnel_reason_codes",
    )

shown = page_kit.chosen(page_kit.chosen(rows, "agency_id", agencies), "severity", severities)
if reasons:
    shown = shown[shown["reason_codes"].map(lambda v: bool(set(page_kit.as_list(v)) & set(reasons)))]
shown = shown.reset_index(drop=True)
audit_view(user, PAGE, {"agencies": agencies, "severities": severities, "reasons": reasons}, rows=len(shown))

kpi_row(
    [
        Kpi(t("personnel.kpi_total"), fmt.number(len(shown))),
        Kpi(t("personnel.kpi_high"), fmt.number(int((shown["severity"] == "high").sum()))),
    ]
)
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

columns = page_kit.headers(
    shown,
    {
        "official": "col.official",
        "position_label": "col.position",
        "category_label": "col.category",
        "agency": "col.agency",
        "severity_label": "col.severity",
        "reason_labels": "personnel.col_reason_kinds",
        "rate_text": "col.on_time_rate",
        "reasons": "col.reasons",
        "records": "personnel.col_records",
        "rule_ids": "col.rule",
        "article": "col.article",
        "evidence": "col.evidence",
    },
)
table(shown, columns, key="personnel_table")
downloads(user, page_kit.export_frame(shown, columns), "ra_soat_nhan_su", PAGE, key="personnel_list")
