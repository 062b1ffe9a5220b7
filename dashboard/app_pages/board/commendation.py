"""Commendation candidates for the evaluation year: criteria met and missed per official, and the Board's
proposal list for export. Names people: audited."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import fmt, page_kit
from dashboard.components import Kpi, audit_view, downloads, empty_state, kpi_row, table
from dashboard.data import build_info
from dashboard.i18n import label, t
from dashboard.session import require_page

PAGE = "commendation"
# highest title first: the proposal list is read top-down
TITLES = ("city_emulation_fighter", "base_emulation_fighter", "advanced_worker")

require_page(PAGE)
st.caption(t("commendation.intro", year=build_info().get("evaluation_year") or ""))
st.caption(t("ui.audited"))

rows, min_n = page_kit.people_rows(PAGE, "commendation_candidates")
rows["grade_label"] = page_kit.labelled(rows["grade"], "grade")
rows["title_label"] = page_kit.labelled(rows["proposed_title"], "commendation_title").replace(
    "", t("commendation.no_title")
)
if {"on_time_rate", "on_time_rate_high"} <= set(rows.columns):
    rows["rate_text"] = page_kit.rate_text(rows, min_n)
else:  # the contract's columns only: the lower bound and n
    rows["rate_text"] = [
        fmt.rate_with_interval(low, low, low, n, min_n).split(" (")[0] + f" (n = {fmt.number(n)})"
        if not pd.isna(low)
        else t("insufficient_data", n=0 if pd.isna(n) else int(n))
        for low, n in zip(rows["on_time_rate_low"], rows["tasks_due"], strict=True)
    ]
for column in ("criteria_met", "criteria_missed"):
    if column in rows:
        rows[column] = rows[column].map(page_kit.joined)

left, middle, right = st.columns([3, 3, 2])
with left:
    agencies = page_kit.agency_filter(rows, "agency_id", "agency", key="commendation_agency")
with middle:
    titles = page_kit.code_filter(
        t("commendation.filter_title"),
        [c for c in TITLES if c in set(rows["proposed_title"].dropna())],
        lambda c: label("commendation_title", c),
        key="commendation_title",
    )
with right:
    eligible_only = st.checkbox(t("commendation.filter_eligible"), key="commendation_eligible_only")
audit_view(PAGE, {"agencies": agencies, "titles": titles, "eligible_only": eligible_only})

shown = page_kit.chosen(page_kit.chosen(rows, "agency_id", agencies), "proposed_title", titles)
if eligible_only:
    shown = shown[shown["eligible"].fillna(False)]
shown = shown.reset_index(drop=True)

kpi_row(
    [
        Kpi(t("commendation.kpi_candidates"), fmt.number(len(shown))),
        Kpi(t("commendation.kpi_eligible"), fmt.number(int(shown["eligible"].fillna(False).sum()))),
    ]
    + [
        Kpi(label("commendation_title", c), fmt.number(int((shown["proposed_title"] == c).sum())))
        for c in TITLES
    ]
)

# --- the Board's proposal list: eligible officials, highest title first, then the mart's own rank ---------
st.subheader(t("commendation.proposal"))
st.caption(t("commendation.proposal_caption"))
proposal = shown[shown["eligible"].fillna(False)].copy()
proposal["title_order"] = (
    proposal["proposed_title"].map({c: i for i, c in enumerate(TITLES)}).fillna(len(TITLES))
)
rank_column = "rank" if "rank" in proposal else "score"
proposal = proposal.sort_values(
    ["title_order", rank_column, "official"], ascending=[True, rank_column == "rank", True]
).reset_index(drop=True)
proposal.insert(0, "position_no", range(1, len(proposal) + 1))
proposal_columns = page_kit.headers(
    proposal,
    {
        "position_no": "commendation.col_no",
        "official": "col.official",
        "position_label": "col.position",
        "agency": "col.agency",
        "title_label": "col.proposed_title",
        "rank": "col.rank",
        "grade_label": "col.grade",
        "rate_text": "col.on_time_rate",
        "key_tasks_done": "col.key_tasks_done",
        "initiatives": "col.initiatives",
        "criteria_met": "col.criteria_met",
        "reasons": "col.reasons",
    },
)
if proposal.empty:
    empty_state(t("commendation.proposal_empty"))
else:
    table(proposal, proposal_columns, key="commendation_proposal_table")
    downloads(
        page_kit.export_frame(proposal, proposal_columns),
        t("commendation.download_proposal"),
        PAGE,
        key="commendation_proposal",
    )

# --- everyone considered, with criteria met and missed -----------------------------------------------------
st.subheader(t("commendation.all"))
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()
columns = page_kit.headers(
    shown,
    {
        "official": "col.official",
        "position_label": "col.position",
        "agency": "col.agency",
        "year": "col.year",
        "grade_label": "col.grade",
        "rate_text": "col.on_time_rate",
        "tasks_due": "col.tasks_due",
        "key_tasks_done": "col.key_tasks_done",
        "early_completions": "col.early_completions",
        "initiatives": "col.initiatives",
        "disciplined": "col.disciplined",
        "eligible": "col.eligible",
        "title_label": "col.proposed_title",
        "criteria_met": "col.criteria_met",
        "criteria_missed": "col.criteria_missed",
        "reasons": "col.reasons",
        "rule_set_id": "col.rule",
    },
)
table(shown, columns, key="commendation_table")
downloads(page_kit.export_frame(shown, columns), "ung_vien_khen_thuong", PAGE, key="commendation_all")
