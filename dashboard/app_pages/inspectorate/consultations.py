"""Consultations between agencies: status, deemed agreements, generic or evasive answers with evidence."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, fmt, page_kit
from dashboard.components import Kpi, downloads, empty_state, kpi_row, table
from dashboard.data import run_query
from dashboard.i18n import t
from dashboard.session import require_page

PAGE = "consultations"
STATUSES = ("answered_on_time", "answered_late", "unanswered_overdue", "pending", "no_deadline")
EVASIVE = ("generic", "deflect")

require_page(PAGE)
st.caption(t("consultations.intro"))
st.caption(t("consultations.deemed_note"))

rows = run_query(PAGE, "consultations_status")
if rows.empty:
    empty_state()
    st.stop()
# the answer as classified (a blank answer read from its text) where the warehouse has it
answer = "effective_response" if "effective_response" in rows else "response"
rows = page_kit.with_agency_label(
    rows, id_col="requesting_agency_id", name_col="lbl_requesting_agency_name", out="requesting_agency"
)
rows = page_kit.with_agency_label(
    rows, id_col="consulted_agency_id", name_col="lbl_consulted_agency_name", out="consulted_agency"
)
rows["status_label"] = page_kit.code_labelled(rows["status"], "cstatus")
rows["answer_label"] = page_kit.labelled(rows[answer], "consultation_response")

left, middle, right = st.columns([3, 3, 2])
with left:
    agencies = page_kit.agency_filter(
        rows, "consulted_agency_id", "consulted_agency", key="consultations_agency"
    )
with middle:
    statuses = page_kit.code_filter(
        t("consultations.filter_status"),
        [s for s in STATUSES if s in set(rows["status"])],
        lambda s: page_kit.code_label("cstatus", s),
        key="consultations_status",
    )
with right:
    deemed_only = st.checkbox(t("consultations.filter_deemed"), key="consultations_deemed_only")
shown = page_kit.chosen(page_kit.chosen(rows, "consulted_agency_id", agencies), "status", statuses)
if deemed_only:
    shown = shown[shown["deemed_agreed"].fillna(False)]
shown = shown.reset_index(drop=True)

kpi_row(
    [
        Kpi(t("consultations.kpi_total"), fmt.number(len(shown))),
        Kpi(t("consultations.kpi_deemed"), fmt.number(int(shown["deemed_agreed"].fillna(False).sum()))),
        Kpi(t("consultations.kpi_evasive"), fmt.number(int(shown[answer].isin(EVASIVE).sum()))),
    ]
)
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

counts = shown.groupby(["consulted_agency", "status_label"], sort=False).size().reset_index(name="n")
top = counts.groupby("consulted_agency")["n"].sum().sort_values(ascending=False).head(25).index
st.plotly_chart(
    charts.stacked_counts(
        counts[counts["consulted_agency"].isin(top)]
        .set_index("consulted_agency")
        .loc[list(top)]
        .reset_index(),
        category="consulted_agency",
        group="status_label",
        count="n",
        x_title=t("consultations.axis_count"),
        y_title=t("col.consulted_agency"),
        group_order=[page_kit.code_label("cstatus", s) for s in STATUSES],
        title=t("consultations.chart_title"),
        separators=page_kit.plotly_separators(),
    ),
    key="consultations_chart",
)

columns = page_kit.headers(
    shown,
    {
        "consultation_id": "col.consultation",
        "task_id": "col.task_id",
        "lbl_task_title": "col.title",
        "requesting_agency": "col.requesting_agency",
        "consulted_agency": "col.consulted_agency",
        "sent_on": "col.sent_on",
        "deadline_on": "col.deadline_on",
        "responded_on": "col.responded_on",
        "response_days": "col.response_days",
        "status_label": "col.status",
        "deemed_agreed": "col.deemed_agreed",
        "answer_label": "col.response",
        "response_text": "col.response_text",
        "matched_phrase": "col.matched_phrase",
    },
)
table(shown, columns, key="consultations_table")
downloads(page_kit.export_frame(shown, columns), "xin_y_kien", PAGE, key="consultations_list")

st.subheader(t("consultations.evasive"))
evasive = run_query(PAGE, "consultations_evasive")
evasive = page_kit.with_agency_label(evasive, id_col="agency_id", name_col="agency_name", out="agency")
evasive = page_kit.chosen(evasive, "agency_id", agencies).reset_index(drop=True)
if evasive.empty:
    empty_state()
else:
    ev_columns = page_kit.headers(
        evasive,
        {
            "occurred_on": "col.occurred_on",
            "consultation_id": "col.consultation",
            "agency": "col.consulted_agency",
            "evidence": "col.evidence",
        },
    )
    table(evasive, ev_columns, key="consultations_evasive_table")
    downloads(
        page_kit.export_frame(evasive, ev_columns), "tra_loi_chung_chung", PAGE, key="consultations_evasive"
    )
