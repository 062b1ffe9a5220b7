"""Officials to review for replacement, transfer or discipline, with reasons, severity and the on-time rate
with its interval and n. Names people: audited."""

from __future__ import annotations

import streamlit as st

from dashboard import fmt, page_kit
from dashboard.components import Kpi, audit_view, downloads, empty_state, kpi_row, table
from dashboard.data import run_query
from dashboard.i18n import t
from dashboard.session import require_page

PAGE = "personnel"
SEVERITIES = ("high", "medium", "low")

require_page(PAGE)
st.caption(t("personnel.intro"))
st.caption(t("ui.audited"))

rows = run_query(PAGE, "personnel_review")
if rows.empty:
    audit_view(PAGE, {})
    empty_state()
    st.stop()
min_n = int(rows["lbl_min_tasks"].iloc[0])
rows = page_kit.with_person_label(rows, name_col="lbl_official_name")
rows = page_kit.with_agency_label(rows, id_col="agency_id", name_col="lbl_agency_name", out="agency")
rows["position_label"] = page_kit.labelled(rows["lbl_position"], "position")
rows["severity_label"] = page_kit.code_labelled(rows["severity"], "severity")
rows["rate_text"] = page_kit.rate_text(
    rows,
    min_n,
    rate="lbl_on_time_rate",
    low="lbl_on_time_rate_low",
    high="lbl_on_time_rate_high",
    n="lbl_tasks_due",
)
for column in ("reasons", "reason_codes", "evidence"):  # list columns, should a later build add them
    if (
        column in rows
        and rows[column].map(lambda v: isinstance(v, list | tuple) or hasattr(v, "tolist")).any()
    ):
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
    reason_text = st.text_input(t("personnel.filter_reason"), key="personnel_reason").strip()
audit_view(PAGE, {"agencies": agencies, "severities": severities, "reason_contains": reason_text})

shown = page_kit.chosen(page_kit.chosen(rows, "agency_id", agencies), "severity", severities)
if reason_text:
    shown = shown[shown["reasons"].fillna("").str.contains(reason_text, case=False, regex=False)]
shown = shown.reset_index(drop=True)

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
        "agency": "col.agency",
        "severity_label": "col.severity",
        "reasons": "col.reasons",
        "reason_codes": "col.rule",
        "rule_id": "col.rule",
        "article": "col.article",
        "rate_text": "col.on_time_rate",
        "evidence": "col.evidence",
    },
)
table(shown, columns, key="personnel_table")
downloads(page_kit.export_frame(shown, columns), "ra_soat_nhan_su", PAGE, key="personnel_list")
