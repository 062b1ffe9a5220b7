"""Official-duty inspections (surprise ones above all) and findings, per agency."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, filters, fmt, labels, links, period, tables, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "inspections"

user = require_page(PAGE)
st.caption(t("inspections.intro"))

chosen_period = period.page_control(user, PAGE)
rows = run_query(user, PAGE, "inspections_list", chosen_period.params())
if rows.empty:
    empty_state()
    st.stop()
rows = labels.with_agency_label(rows, id_col="agency_id", name_col="agency_name", out="agency")
rows = labels.with_agency_label(
    rows, id_col="inspector_agency_id", name_col="inspector_agency_name", out="inspector"
)
rows["kind_label"] = labels.labelled(rows["kind"], "inspection_kind")

left, right = st.columns(2)
with left:
    agencies = filters.agency_filter(rows, "agency_id", "agency", key="inspections_agency")
with right:
    kinds = filters.code_filter(
        t("inspections.filter_kind"),
        rows["kind"],
        lambda k: label("inspection_kind", k),
        key="inspections_kind",
        param="kind",
    )
url_state.copy_link(PAGE)
shown = filters.chosen(filters.chosen(rows, "agency_id", agencies), "kind", kinds).reset_index(drop=True)
agency_link = links.add(shown, "agency", "agency_id", "agency", out="agency_link")

kpi_row(
    [
        Kpi(t("inspections.kpi_total"), fmt.number(len(shown))),
        Kpi(t("inspections.kpi_surprise"), fmt.number(int((shown["kind"] == "surprise").sum()))),
        Kpi(t("inspections.kpi_findings"), fmt.number(int(shown["findings"].fillna(0).sum()))),
    ]
)
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

counts = shown.groupby(["agency", "kind_label"], sort=False).size().reset_index(name="n")
top = counts.groupby("agency")["n"].sum().sort_values(ascending=False).head(30).index
st.plotly_chart(
    charts.stacked_counts(
        counts[counts["agency"].isin(top)].set_index("agency").loc[list(top)].reset_index(),
        category="agency",
        group="kind_label",
        count="n",
        x_title=t("inspections.axis_count"),
        y_title=t("col.agency"),
        title=t("inspections.chart_title"),
        separators=fmt.plotly_separators(),
    ),
    key="inspections_chart",
)
columns = tables.headers(
    shown,
    {
        "inspection_id": "inspections.col_id",
        "started_on": "col.started_on",
        "agency_link": "col.agency",
        "inspector": "col.inspector",
        "kind_label": "col.kind",
        "findings": "col.findings",
    },
)
table(shown, columns, key="inspections_table", links=[agency_link])
downloads(
    user,
    tables.export_frame(shown, columns),
    "thanh_tra_cong_vu",
    PAGE,
    key="inspections_list",
    doc=Document(t("doc.inspections"), filters_text(chosen_period, "inspections_agency", "inspections_kind")),
)
