"""Agencies: the scorecard with intervals and n; ranked only above the fairness minimum."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, page_kit
from dashboard.components import downloads, empty_state, table
from dashboard.data import run_query
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.session import require_page

PAGE = "agencies"

user = require_page(PAGE)
st.caption(t("agencies.intro"))

cards = run_query(user, PAGE, "agencies_scorecard")
if cards.empty:
    empty_state()
    st.stop()
min_n = int(cards["min_tasks"].iloc[0])
cards = page_kit.with_agency_label(cards, id_col="agency_id", name_col="name", out="agency")
cards["kind_label"] = page_kit.labelled(cards["kind"], "agency_kind")
cards["rate_text"] = page_kit.rate_text(cards, min_n)

left, right = st.columns(2)
with left:
    kinds = page_kit.code_filter(
        t("agencies.filter_kind"), cards["kind"], lambda k: label("agency_kind", k), key="agencies_kind"
    )
with right:
    agencies = page_kit.agency_filter(cards, "agency_id", "agency", key="agencies_agency")
shown = page_kit.chosen(page_kit.chosen(cards, "kind", kinds), "agency_id", agencies).reset_index(drop=True)
st.caption(t("ui.rank_note", min_n=min_n))
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

ranked = shown[shown["enough_data"].fillna(False)].sort_values("rank_position")
if not ranked.empty:
    st.plotly_chart(
        charts.rate_intervals(
            ranked,
            label="agency",
            rate="on_time_rate",
            low="on_time_rate_low",
            high="on_time_rate_high",
            hover="rate_text",
            x_title=t("agencies.axis_rate"),
            title=t("agencies.chart_title"),
            separators=page_kit.plotly_separators(),
        ),
        key="agencies_rate_chart",
    )

columns = page_kit.headers(
    shown,
    {
        "rank_position": "col.rank",
        "agency": "col.agency",
        "kind_label": "col.agency_kind",
        "rate_text": "col.on_time_rate",
        "tasks_due": "col.tasks_due",
        "tasks_total": "col.tasks_total",
        "done_on_time": "col.done_on_time",
        "done_late": "col.done_late",
        "open_on_time": "col.open_on_time",
        "open_overdue": "col.open_overdue",
        "no_deadline": "col.no_deadline",
        "key_open_overdue": "col.key_open_overdue",
        "shifting_flags": "col.shifting_flags",
        "deemed_agreements": "col.deemed_agreements",
        "dossiers_returned": "col.dossiers_returned",
        "surprise_inspections": "col.surprise_inspections",
        "inspection_findings": "col.inspection_findings",
        "disciplined_officials": "col.disciplined_officials",
    },
)
table(shown, columns, key="agencies_table")
downloads(user, page_kit.export_frame(shown, columns), "co_quan", PAGE, key="agencies_scorecard")
