"""Officials to review for replacement, transfer or discipline, with reasons, severity and the on-time rate
with its interval and n. Names people: audited."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, fmt, grounds, labels, links, people, period, tables, url_state
from dashboard.decision_panel import decision_panel, pick, with_live_decisions
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import t
from dashboard.people import audit_view
from dashboard.periodic_reports import report_links
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "personnel"
SEVERITIES = ("high", "medium", "low")

user = require_page(PAGE)
st.caption(t("personnel.intro"))
grounds.note_vietnamese_records()
st.caption(t("ui.audited"))

report_links(user, "personnel_reports", ["review"])
# the period: whom to list (a reason resting on a record of the period); the reasons are judged as of as_of
chosen = period.page_control(user, PAGE)
st.caption(t("personnel.period_note"))
rows, min_n = people.people_rows(user, PAGE, "personnel_review", chosen.params())
rows["severity_label"] = labels.code_labelled(rows["severity"], "severity")
# the review mart's own rate: the window its low_on_time reason judges, with its interval and n
rows["rate_text"] = fmt.rate_text(rows, min_n)
# the query sends the list columns as text "a; b" (list cells are slow to read and to cache)
rows["reason_codes"] = [v.split("; ") if isinstance(v, str) and v else [] for v in rows["reason_codes"]]
rows["reason_labels"] = rows["reason_codes"].map(
    lambda codes: fmt.joined([labels.code_label("reason", c) for c in fmt.as_list(codes)])
)
for column in ("rule_ids", "records"):
    rows[column] = rows[column].map(fmt.joined)

left, middle, right = st.columns([3, 2, 3])
with left:
    agencies = filters.agency_filter(rows, "agency_id", "agency", key="personnel_agency")
with middle:
    severities = filters.code_filter(
        t("personnel.filter_severity"),
        [s for s in SEVERITIES if s in set(rows["severity"])] or rows["severity"],
        lambda s: labels.code_label("severity", s),
        key="personnel_severity",
        param="severity",
    )
with right:
    codes = sorted({c for value in rows["reason_codes"] for c in fmt.as_list(value)})
    reasons = filters.code_filter(
        t("personnel.filter_reason_code"),
        codes,
        lambda c: labels.code_label("reason", c),
        key="personnel_reason_codes",
        param="reason",
    )

shown = filters.chosen(filters.chosen(rows, "agency_id", agencies), "severity", severities)
if reasons:
    shown = shown[shown["reason_codes"].map(lambda v: bool(set(fmt.as_list(v)) & set(reasons)))]
shown = with_live_decisions(shown.reset_index(drop=True), "review", "official_id")
url_state.copy_link(PAGE)
person_link = links.add(shown, "official", "official_id", "official", out="official_link")
agency_link = links.add(shown, "agency", "agency_id", "agency", out="agency_link")
# grounds in words: no rule code on screen — each rule by its description, each reason with its article
shown["reasons_text"] = grounds.cleaned(shown["reasons"])
if "rule_ids" in shown:
    shown["rule_text"] = shown["rule_ids"].map(
        lambda ids: "; ".join(grounds.rule_title(r) for r in str(ids).split("; ") if r and r != "nan")
    )
audit_view(
    user,
    PAGE,
    {"agencies": agencies, "severities": severities, "reasons": reasons, "period": chosen.code},
    rows=len(shown),
)

kpi_row(
    [
        Kpi(t("personnel.kpi_total"), fmt.number(len(shown))),
        Kpi(t("personnel.kpi_high"), fmt.number(int((shown["severity"] == "high").sum()))),
    ]
)
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

columns = tables.headers(
    shown,
    {
        "official_link": "col.official",
        "position_label": "col.position",
        "category_label": "col.category",
        "agency_link": "col.agency",
        "severity_label": "col.severity",
        "reason_labels": "personnel.col_reason_kinds",
        "rate_text": "col.on_time_rate",
        "reasons_text": "col.reasons",
        "records": "personnel.col_records",
        "rule_text": "col.rule",
        "article": "col.article",
        "evidence": "col.evidence",
        "decision_label": "decision.col.decision",
    },
)
event = table(
    shown,
    columns,
    key="personnel_table",
    links=[person_link, agency_link],
    on_select="rerun",
    selection_mode="single-row",
)
downloads(
    user,
    tables.export_frame(shown, columns),
    f"ra_soat_nhan_su_{chosen.code}",
    PAGE,
    key="personnel_list",
    doc=Document(
        t("doc.personnel"),
        filters_text(chosen, "personnel_agency", "personnel_severity", "personnel_reason_codes"),
    ),
)

# --- the chosen row: every reason with its records and article, then the review decision ----------
picked = pick(shown, "official_id", lambda r: f"{r['official']} — {r['agency']}", event, key="personnel_pick")
if picked is None:
    st.caption(t("ui.pick_row"))
    st.stop()
with st.container(border=True):
    st.markdown(f"**{links.plain(picked['official'])}** — {links.plain(picked['agency'])}")
    grounds.show_review(picked)
    links.open_button(
        "official",
        picked["official_id"],
        t("ui.open_official", id=picked["official_id"]),
        key="personnel_open",
    )
decision_panel(user, "review", str(picked["official_id"]), page=PAGE, key="personnel_review_decision")
