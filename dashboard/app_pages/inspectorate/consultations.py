"""Consultations between agencies: status, deemed agreements, generic or evasive answers with evidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, fmt, page_kit
from dashboard.components import Kpi, empty_state, kpi_row
from dashboard.data import run_query
from dashboard.i18n import t
from dashboard.session import require_page

PAGE = "consultations"
STATUSES = ("answered_on_time", "answered_late", "unanswered_overdue", "pending", "no_deadline")
COLUMNS = {
    "consultation_id": "col.consultation",
    "task_id": "col.task_id",
    "lbl_task_title": "col.title",
    "requesting_agency": "col.requesting_agency",
    "consulted_agency": "col.consulted_agency",
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

# the aggregates (agency × status × deemed × evasive): filter choices, KPIs, chart and the table's full count
counts = run_query(user, PAGE, "consultations_counts")
if counts.empty:
    empty_state()
    st.stop()
counts = page_kit.with_agency_label(
    counts, id_col="consulted_agency_id", name_col="consulted_agency_name", out="consulted_agency"
)
counts["status_label"] = page_kit.code_labelled(counts["status"], "cstatus")

left, middle, right = st.columns([3, 3, 2])
with left:
    agencies = page_kit.agency_filter(
        counts, "consulted_agency_id", "consulted_agency", key="consultations_agency"
    )
with middle:
    statuses = page_kit.code_filter(
        t("consultations.filter_status"),
        [s for s in STATUSES if s in set(counts["status"])],
        lambda s: page_kit.code_label("cstatus", s),
        key="consultations_status",
    )
with right:
    deemed_only = st.checkbox(t("consultations.filter_deemed"), key="consultations_deemed_only")
cube = page_kit.chosen(page_kit.chosen(counts, "consulted_agency_id", agencies), "status", statuses)
if deemed_only:
    cube = cube[cube["deemed_agreed"].fillna(False)]
total = int(cube["consultations"].sum())

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
        group_order=[page_kit.code_label("cstatus", s) for s in STATUSES],
        title=t("consultations.chart_title"),
        separators=page_kit.plotly_separators(),
    ),
    key="consultations_chart",
)


def _labelled(rows: pd.DataFrame) -> pd.DataFrame:
    rows = page_kit.with_agency_label(
        rows, id_col="requesting_agency_id", name_col="lbl_requesting_agency_name", out="requesting_agency"
    )
    rows = page_kit.with_agency_label(
        rows, id_col="consulted_agency_id", name_col="lbl_consulted_agency_name", out="consulted_agency"
    )
    rows["status_label"] = page_kit.code_labelled(rows["status"], "cstatus")
    # the answer as classified: a blank answer read from its text (consultation_status.effective_response)
    rows["answer_label"] = page_kit.labelled(rows["effective_response"], "consultation_response")
    return rows


page_kit.limited_table(
    user,
    PAGE,
    "consultations_status",
    {
        "agencies": page_kit.choice(agencies),
        "statuses": page_kit.choice(statuses),
        "deemed_only": deemed_only,
    },
    total,
    _labelled,
    COLUMNS,
    basename="xin_y_kien",
    key="consultations_list",
    table_key="consultations_table",
)

st.subheader(t("consultations.evasive"))
# the evasive flags held against the chosen agencies, counted by the shifting page's aggregates
flag_counts = page_kit.chosen(run_query(user, PAGE, "shifting_flag_counts"), "agency_id", agencies)
evasive_total = int(flag_counts.loc[flag_counts["kind"] == "consultation_evasive", "flags"].sum())
if evasive_total == 0:
    empty_state()
else:
    page_kit.limited_table(
        user,
        PAGE,
        "consultations_evasive",
        {"agencies": page_kit.choice(agencies)},
        evasive_total,
        lambda evasive: page_kit.with_agency_label(
            evasive, id_col="agency_id", name_col="agency_name", out="agency"
        ),
        {
            "occurred_on": "col.occurred_on",
            "consultation_id": "col.consultation",
            "agency": "col.consulted_agency",
            "evidence": "col.evidence",
        },
        basename="tra_loi_chung_chung",
        key="consultations_evasive",
    )
