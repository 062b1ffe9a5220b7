"""Disciplinary actions with the period each is in effect and its legal basis. Names people: audited."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, filters, fmt, grounds, labels, links, period, tables, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "discipline"

user = require_page(PAGE)
st.caption(t("discipline.intro"))
st.caption(t("ui.audited"))

chosen_period = period.page_control(user, PAGE)
rows = run_query(user, PAGE, "discipline_periods", chosen_period.params())
if rows.empty:
    audit_view(user, PAGE, {}, rows=0)
    empty_state()
    st.stop()
rows = labels.with_person_label(rows, name_col="lbl_official_name")
rows = labels.with_agency_label(rows, id_col="lbl_agency_id", name_col="lbl_agency_name", out="agency")
rows["left_label"] = labels.left_labels(rows["lbl_has_left"])
rows["form_label"] = labels.labelled(rows["form"], "discipline_form")
rows["violation_label"] = labels.labelled(rows["violation"], "violation")
rows["effect_text"] = [
    fmt.date(d) if not pd.isna(d) else t("discipline.no_end") for d in rows["effect_ends_on"]
]

left, middle, right = st.columns([3, 3, 2])
with left:
    agencies = filters.agency_filter(rows, "lbl_agency_id", "agency", key="discipline_agency")
with middle:
    forms = filters.code_filter(
        t("discipline.filter_form"),
        rows["form"],
        lambda f: label("discipline_form", f),
        key="discipline_form",
        param="form",
    )
with right:
    in_effect_only = filters.flag_filter(
        t("discipline.filter_in_effect"), "discipline_in_effect_only", "in_effect"
    )
url_state.copy_link(PAGE)

shown = filters.chosen(filters.chosen(rows, "lbl_agency_id", agencies), "form", forms)
if in_effect_only:
    shown = shown[shown["in_effect"].fillna(False)]
shown = shown.reset_index(drop=True)
person_link = links.add(shown, "official", "official_id", "official", out="official_link")
agency_link = links.add(shown, "agency", "lbl_agency_id", "agency", out="agency_link")
shown["rule_text"] = shown["rule_id"].map(grounds.rule_title) if "rule_id" in shown else ""
audit_view(
    user,
    PAGE,
    {"agencies": agencies, "forms": forms, "in_effect_only": in_effect_only, "period": chosen_period.code},
    rows=len(shown),
)

kpi_row(
    [
        Kpi(t("discipline.kpi_total"), fmt.number(len(shown))),
        Kpi(t("discipline.kpi_in_effect"), fmt.number(int(shown["in_effect"].fillna(False).sum()))),
    ]
)
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

as_of = shown["lbl_as_of"].iloc[0]
periods = shown.head(60).copy()
# a period without an end (dismissal ends service) is drawn up to the as-of date
periods["chart_end"] = periods["effect_ends_on"].fillna(as_of)
st.plotly_chart(
    charts.period_bars(
        periods,
        label="official",
        start="decided_on",
        end="chart_end",
        group="form_label",
        x_title=t("discipline.axis_time"),
        today=as_of,
        today_name=t("discipline.today"),
        title=t("discipline.chart_title"),
        separators=fmt.plotly_separators(),
    ),
    key="discipline_chart",
)
columns = tables.headers(
    shown,
    {
        "action_id": "discipline.col_id",
        "official_link": "col.official",
        "left_label": "col.left",
        "agency_link": "col.agency",
        "decided_on": "col.decided_on",
        "form_label": "col.form",
        "violation_label": "col.violation",
        "violation_year": "col.violation_year",
        "effect_text": "col.effect_ends_on",
        "in_effect": "col.in_effect",
        "rule_text": "col.rule",
        "article": "col.article",
    },
)
table(shown, columns, key="discipline_table", links=[person_link, agency_link])
downloads(
    user,
    tables.export_frame(shown, columns),
    "ky_luat",
    PAGE,
    key="discipline_list",
    doc=Document(
        t("doc.discipline"),
        filters_text(chosen_period, "discipline_agency", "discipline_form", "discipline_in_effect_only"),
    ),
)
