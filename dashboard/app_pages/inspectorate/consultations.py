"""Consultations between agencies: status, deemed agreements, generic or evasive answers with evidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, filters, fmt, grounds, labels, links, period, tables, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.i18n import t
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row

PAGE = "consultations"
STATUSES = ("answered_on_time", "answered_late", "unanswered_overdue", "pending", "no_deadline")
COLUMNS = {
    "consultation_id": "col.consultation",
    "task_link": "col.task_id",
    "lbl_task_title": "col.title",
    "requesting_link": "col.requesting_agency",
    "consulted_link": "col.consulted_agency",
    "sent_on": "col.sent_on",
    "deadline_on": "col.deadline_on",
    "reply_due_on": "col.reply_due_on",
    "responded_on": "col.responded_on",
    "response_days": "col.response_days",
    "status_label": "col.status",
    "deemed_agreed": "col.deemed_agreed",
    "answer_label": "col.response",
    "response_text": "col.response_text",
    "matched_phrase": "col.matched_phrase",
}

user = require_page(PAGE)
st.caption(t("consultations.intro"))
st.caption(t("consultations.deemed_note"))
grounds.note_vietnamese_records()

chosen_period = period.page_control(user, PAGE)
# the aggregates (agency × status × deemed × evasive) of the consultations sent in the period: filter choices,
# KPIs, chart and the full count of both tables
counts = run_query(user, PAGE, "consultations_counts", chosen_period.params())
if counts.empty:
    empty_state()
    st.stop()
counts = labels.with_agency_label(
    counts, id_col="consulted_agency_id", name_col="consulted_agency_name", out="consulted_agency"
)
counts["status_label"] = labels.code_labelled(counts["status"], "cstatus")

left, middle, right = st.columns([3, 3, 2])
with left:
    agencies = filters.agency_filter(
        counts, "consulted_agency_id", "consulted_agency", key="consultations_agency"
    )
with middle:
    statuses = filters.code_filter(
        t("consultations.filter_status"),
        [s for s in STATUSES if s in set(counts["status"])],
        lambda s: labels.code_label("cstatus", s),
        key="consultations_status",
        param="status",
    )
with right:
    deemed_only = filters.flag_filter(t("consultations.filter_deemed"), "consultations_deemed_only", "deemed")
url_state.copy_link(PAGE)
cube = filters.chosen(filters.chosen(counts, "consulted_agency_id", agencies), "status", statuses)
if deemed_only:
    cube = cube[cube["deemed_agreed"].fillna(False)]
total = int(cube["consultations"].sum())
applied = filters_text(
    chosen_period, "consultations_agency", "consultations_status", "consultations_deemed_only"
)

kpi_row(
    [
        Kpi(t("consultations.kpi_total"), fmt.number(total)),
        Kpi(
            t("consultations.kpi_deemed"),
            fmt.number(int(cube.loc[cube["deemed_agreed"].fillna(False), "consultations"].sum())),
        ),
        Kpi(
            t("consultations.kpi_evasive"), fmt.number(int(cube.loc[cube["evasive"], "consultations"].sum()))
        ),
    ]
)
if total == 0:
    empty_state(t("no_data_filtered"))
    st.stop()

bars = cube.groupby(["consulted_agency", "status_label"], sort=False)["consultations"].sum().reset_index()
top = bars.groupby("consulted_agency")["consultations"].sum().sort_values(ascending=False).head(25).index
st.plotly_chart(
    charts.stacked_counts(
        bars[bars["consulted_agency"].isin(top)].set_index("consulted_agency").loc[list(top)].reset_index(),
        category="consulted_agency",
        group="status_label",
        count="consultations",
        x_title=t("consultations.axis_count"),
        y_title=t("col.consulted_agency"),
        group_order=[labels.code_label("cstatus", s) for s in STATUSES],
        title=t("consultations.chart_title"),
        separators=fmt.plotly_separators(),
    ),
    key="consultations_chart",
)


def _labelled(rows: pd.DataFrame) -> pd.DataFrame:
    rows = labels.with_agency_label(
        rows, id_col="requesting_agency_id", name_col="lbl_requesting_agency_name", out="requesting_agency"
    )
    rows = labels.with_agency_label(
        rows, id_col="consulted_agency_id", name_col="lbl_consulted_agency_name", out="consulted_agency"
    )
    rows["status_label"] = labels.code_labelled(rows["status"], "cstatus")
    # the answer as classified: a blank answer read from its text (consultation_status.effective_response)
    rows["answer_label"] = labels.labelled(rows["effective_response"], "consultation_response")
    links.add(rows, "task", "task_id", "task_id", out="task_link")
    links.add(rows, "agency", "requesting_agency_id", "requesting_agency", out="requesting_link")
    links.add(rows, "agency", "consulted_agency_id", "consulted_agency", out="consulted_link")
    return rows


params = {
    "agencies": filters.choice(agencies),
    "statuses": filters.choice(statuses),
    "deemed_only": deemed_only,
    **chosen_period.params(),
}


tables.limited_table(
    user,
    PAGE,
    "consultations_status",
    params,
    total,
    _labelled,
    COLUMNS,
    basename="xin_y_kien",
    key="consultations_list",
    doc=Document(t("doc.consultations"), applied),
    table_key="consultations_table",
    links=["task_link", "requesting_link", "consulted_link"],
)

st.subheader(t("consultations.evasive"))
# the evasive answers among the consultations above: the same filters, so its count is the KPI's
evasive_total = int(cube.loc[cube["evasive"], "consultations"].sum())
if evasive_total == 0:
    empty_state()
else:

    def _evasive(rows: pd.DataFrame) -> pd.DataFrame:
        rows = labels.with_agency_label(rows, id_col="agency_id", name_col="agency_name", out="agency")
        links.add(rows, "agency", "agency_id", "agency", out="agency_link")
        links.add(rows, "task", "task_id", "task_id", out="task_link")
        return rows

    tables.limited_table(
        user,
        PAGE,
        "consultations_evasive",
        {**params},
        evasive_total,
        _evasive,
        {
            "sent_on": "col.sent_on",
            "occurred_on": "col.responded_on",
            "consultation_id": "col.consultation",
            "task_link": "col.task_id",
            "agency_link": "col.consulted_agency",
            "evidence": "col.evidence",
        },
        basename="tra_loi_chung_chung",
        key="consultations_evasive",
        doc=Document(t("consultations.evasive"), applied),
        links=["agency_link", "task_link"],
    )
