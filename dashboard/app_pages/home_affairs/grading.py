"""The excellent-grade cap per agency and year, with its rule and article; grading findings where built."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, filters, fmt, grounds, labels, links, period, tables, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import t
from dashboard.labels import agency_label
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "grading"

user = require_page(PAGE)

rows = run_query(user, PAGE, "grading_cap_check")
if rows.empty:
    empty_state()
    st.stop()
rows = labels.with_agency_label(rows, id_col="agency_id", name_col="lbl_agency_name", out="agency")

# the period is the grading year: the ratings (and their cap) are given once a year, so the control offers the
# years that have ratings; a quarter or month chosen on another page reads as its year
years = sorted(int(y) for y in rows["year"].dropna().unique())
chosen = period.page_control(user, PAGE, kinds=("year",), years=years)
year = chosen.start.year
st.caption(t("grading.period_note"))
left, middle = st.columns([3, 2])
with left:
    agencies = filters.agency_filter(rows, "agency_id", "agency", key="grading_agency")
with middle:
    exceeded_only = filters.flag_filter(t("grading.filter_exceeded"), "grading_exceeded_only", "exceeded")
applied = filters_text((t("filter.year"), year), "grading_agency", "grading_exceeded_only")
# the cap of the rule set in force that year (an agency's own --config ratio shows in its row)
rule_ratios = rows.loc[(rows["year"] == year) & (rows["cap_ratio_origin"] == "rule"), "cap_ratio"].dropna()
if len(rule_ratios):
    st.caption(t("grading.intro", ratio=fmt.percent(rule_ratios.iloc[0], decimals=0)))
else:
    st.caption(t("grading.intro_no_rule", year=year))
shown = filters.chosen(rows[rows["year"] == year], "agency_id", agencies)
if exceeded_only:
    shown = shown[shown["cap_exceeded"].fillna(False)]
shown = shown.reset_index(drop=True)
url_state.copy_link(PAGE)
agency_link = links.add(shown, "agency", "agency_id", "agency", out="agency_link")
shown["rule_text"] = shown["rule_id"].map(grounds.rule_title) if "rule_id" in shown else ""
if "cap_ratio" in shown:
    shown["cap_share"] = shown["cap_ratio"]  # a share: shown as a percentage (20%), not "0,2"

kpi_row([Kpi(t("grading.kpi_exceeded"), fmt.number(int(shown["cap_exceeded"].fillna(False).sum())))])
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

chart_rows = shown.sort_values(["cap_exceeded", "excellent"], ascending=False).head(45)
st.plotly_chart(
    charts.cap_check_bars(
        chart_rows,
        label="agency",
        excellent="excellent",
        cap_limit="cap_limit",
        exceeded="cap_exceeded",
        excellent_name=t("grading.legend_excellent"),
        cap_name=t("grading.legend_cap"),
        x_title=t("grading.axis_people"),
        title=t("grading.chart_title", year=year),
        separators=fmt.plotly_separators(),
    ),
    key="grading_chart",
)
columns = tables.headers(
    shown,
    {
        "agency_link": "col.agency",
        "year": "col.year",
        "excellent": "col.excellent",
        "good": "col.good",
        "complete": "col.complete",
        "incomplete": "col.incomplete",
        "cap_share": "col.cap_ratio",
        "cap_limit": "col.cap_limit",
        "cap_exceeded": "col.cap_exceeded",
        "excess": "grading.col_excess",
        "rule_text": "col.rule",
        "article": "col.article",
    },
)
table(shown, columns, key="grading_table", links=[agency_link])
downloads(
    user,
    tables.export_frame(shown, columns),
    f"gioi_han_xuat_sac_{year}",
    PAGE,
    key="grading_caps",
    doc=Document(t("doc.grading_caps"), applied),
)

# Findings about grades given in a year of discipline name no one here (agency and counts only).
findings = run_query(user, PAGE, "grading_findings")
findings = findings[findings["year"] == year]
if not findings.empty:
    st.subheader(t("grading.findings"))
    findings["agency"] = [
        agency_label(n, a) for n, a in zip(findings["agency_name"], findings["agency_id"], strict=True)
    ]
    findings["grade_label"] = labels.labelled(findings["grade"], "grade")
    if "rule_id" in findings:
        findings["rule_text"] = findings["rule_id"].map(grounds.rule_title)
    f_columns = tables.headers(
        findings,
        {
            "agency": "col.agency",
            "year": "col.year",
            "grade_label": "col.grade",
            "findings": "grading.col_findings",
            "rule_text": "col.rule",
            "article": "col.article",
        },
    )
    table(findings, f_columns, key="grading_findings_table")
    downloads(
        user,
        tables.export_frame(findings, f_columns),
        f"phat_hien_xep_loai_{year}",
        PAGE,
        key="grading_findings",
        doc=Document(t("grading.findings"), filters_text((t("filter.year"), year))),
    )
