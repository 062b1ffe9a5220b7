"""Commendation candidates for the evaluation year: criteria met and missed per official, and the Board's
proposal list for export. Names people: audited."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import fmt, page_kit
from dashboard.components import Kpi, audit_view, empty_state, kpi_row
from dashboard.data import build_info, run_query
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.session import require_page

PAGE = "commendation"
# highest title first: the proposal list is read top-down
TITLES = ("city_emulation_fighter", "base_emulation_fighter", "advanced_worker")

user = require_page(PAGE)
st.caption(t("commendation.intro", year=build_info().get("evaluation_year") or ""))
st.caption(t("ui.audited"))

# which rule set judges the year (domain.md §6), or, in words, that none does
rule_set = run_query(user, PAGE, "commendation_rule_set")
if len(rule_set) and not pd.isna(rule_set["rules_judged_on"].iloc[0]):
    chosen = rule_set.iloc[0]
    words = {"year": int(chosen["year"]), "day": fmt.date(chosen["rules_judged_on"])}
    if pd.isna(chosen["rule_set_id"]):
        st.warning(t("commendation.no_rule_set", **words), icon=":material/gavel:")
    else:
        key = "commendation.rule_set_current" if chosen["year_in_progress"] else "commendation.rule_set_past"
        st.caption(t(key, title=chosen["rule_set_title"], basis=chosen["legal_basis"], **words))
# the aggregates (agency × title × eligible): filter choices, KPIs and the full counts of the two tables
counts = run_query(user, PAGE, "commendation_counts")
if counts.empty:
    audit_view(user, PAGE, {}, rows=0)
    empty_state()
    st.stop()
counts = page_kit.with_agency_label(counts, id_col="agency_id", name_col="agency_name", out="agency")


def _labelled(rows: pd.DataFrame) -> pd.DataFrame:
    rows = page_kit.people_labels(rows)
    min_n = int(rows["min_tasks"].iloc[0]) if len(rows) else 0  # the mart's commendation.min_tasks
    rows["grade_label"] = page_kit.labelled(rows["grade"], "grade")
    if "has_left" in rows:
        rows["left_label"] = page_kit.left_labels(rows["has_left"])
    rows["title_label"] = page_kit.labelled(rows["proposed_title"], "commendation_title").replace(
        "", t("commendation.no_title")
    )
    rows["rate_text"] = page_kit.rate_text(rows, min_n)
    for column in ("criteria_met", "criteria_missed"):
        rows[column] = rows[column].map(page_kit.joined)
    return rows


def _numbered(rows: pd.DataFrame) -> pd.DataFrame:
    """The proposal list as read top-down: its position number first (the query orders it)."""
    rows = _labelled(rows)
    rows.insert(0, "position_no", range(1, len(rows) + 1))
    return rows


left, middle, right = st.columns([3, 3, 2])
with left:
    agencies = page_kit.agency_filter(counts, "agency_id", "agency", key="commendation_agency")
with middle:
    titles = page_kit.code_filter(
        t("commendation.filter_title"),
        [c for c in TITLES if c in set(counts["proposed_title"].dropna())],
        lambda c: label("commendation_title", c),
        key="commendation_title",
    )
with right:
    eligible_only = st.checkbox(t("commendation.filter_eligible"), key="commendation_eligible_only")
cube = page_kit.chosen(page_kit.chosen(counts, "agency_id", agencies), "proposed_title", titles)
eligible = cube[cube["eligible"].fillna(False)]
considered = eligible if eligible_only else cube
audit_view(
    user,
    PAGE,
    {"agencies": agencies, "titles": titles, "eligible_only": eligible_only},
    rows=int(considered["officials"].sum()),
)
by_title = considered.groupby("proposed_title")["officials"].sum()
params = {"agencies": page_kit.choice(agencies), "titles": page_kit.choice(titles)}

kpi_row(
    [
        Kpi(t("commendation.kpi_candidates"), fmt.number(int(considered["officials"].sum()))),
        Kpi(t("commendation.kpi_eligible"), fmt.number(int(eligible["officials"].sum()))),
    ]
    + [Kpi(label("commendation_title", c), fmt.number(int(by_title.get(c, 0)))) for c in TITLES]
)

# --- the Board's proposal list: eligible officials, highest title first, then the mart's own rank ---------
st.subheader(t("commendation.proposal"))
st.caption(t("commendation.proposal_caption"))
if eligible.empty:
    empty_state(t("commendation.proposal_empty"))
else:
    page_kit.limited_table(
        user,
        PAGE,
        "commendation_proposal",
        params,
        int(eligible["officials"].sum()),
        _numbered,
        {
            "position_no": "commendation.col_no",
            "official": "col.official",
            "position_label": "col.position",
            "category_label": "col.category",
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
        basename=t("commendation.download_proposal"),
        key="commendation_proposal",
    )

# --- everyone considered, with criteria met and missed -----------------------------------------------------
st.subheader(t("commendation.all"))
if considered.empty:
    empty_state(t("no_data_filtered"))
    st.stop()
page_kit.limited_table(
    user,
    PAGE,
    "commendation_candidates",
    {**params, "eligible_only": eligible_only},
    int(considered["officials"].sum()),
    _labelled,
    {
        "official": "col.official",
        "position_label": "col.position",
        "category_label": "col.category",
        "left_label": "col.left",
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
    basename="ung_vien_khen_thuong",
    key="commendation_all",
    table_key="commendation_table",
)
