"""Commendation candidates for the evaluation year: criteria met and missed per official, and the Board's
proposal list for export. Names people: audited."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import filters, fmt, grounds, labels, links, people, period, tables, url_state
from dashboard.data import build_info, run_query
from dashboard.decision_panel import decision_panel, pick, with_live_decisions
from dashboard.documents import Document, filters_text
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.people import audit_view
from dashboard.periodic_reports import report_links
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row

PAGE = "commendation"
# highest title first: the proposal list is read top-down
TITLES = ("city_emulation_fighter", "base_emulation_fighter", "advanced_worker")
STANDINGS = ("eligible", "not_eligible", "insufficient_data")
SORTS = ("standing", "score", "rate", "agency", "name")

user = require_page(PAGE)
st.caption(t("commendation.intro", year=build_info().get("evaluation_year") or ""))
st.caption(t("ui.audited"))
report_links(user, "commendation_reports", ["commendation"])
grounds.note_vietnamese_records()

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
# the period is the commendation year: titles are considered once a year, for the year the warehouse judges
# (commendation.evaluation_year); a quarter or month chosen on another page reads as its year
evaluation_year = int(build_info().get("evaluation_year") or dt.date.today().year)
chosen_period = period.page_control(user, PAGE, kinds=("year",), years=[evaluation_year])
st.caption(t("commendation.period_note", year=evaluation_year))
# the aggregates (agency × title × eligible): filter choices, KPIs and the full counts of the two tables
counts = run_query(user, PAGE, "commendation_counts", chosen_period.params())
if counts.empty:
    audit_view(user, PAGE, {}, rows=0)
    empty_state()
    st.stop()
counts = labels.with_agency_label(counts, id_col="agency_id", name_col="agency_name", out="agency")


def _labelled(rows: pd.DataFrame) -> pd.DataFrame:
    rows = people.people_labels(rows)
    min_n = int(rows["min_tasks"].iloc[0]) if len(rows) else 0  # the mart's commendation.min_tasks
    rows["grade_label"] = labels.labelled(rows["grade"], "grade")
    if "has_left" in rows:
        rows["left_label"] = labels.left_labels(rows["has_left"])
    rows["title_label"] = labels.labelled(rows["proposed_title"], "commendation_title").replace(
        "", t("commendation.no_title")
    )
    rows["rate_text"] = fmt.rate_text(rows, min_n)
    # grounds in words: criteria and reasons without rule codes, each with the article it rests on
    for column in ("criteria_met", "criteria_missed", "reasons"):
        if column in rows:
            rows[f"{column}_text"] = grounds.cleaned(rows[column])
    if "rule_set_id" in rows:
        rows["rule_set_text"] = rows["rule_set_id"].map(grounds.set_title)
    if "standing" in rows:
        rows["standing_label"] = labels.code_labelled(rows["standing"], "standing")
    links.add(rows, "official", "official_id", "official", out="official_link")
    links.add(rows, "agency", "agency_id", "agency", out="agency_link")
    # the council's current decision, read live from the decision store
    rows["subject_id"] = rows["official_id"].astype(str) + "/" + rows["year"].astype(str)
    return with_live_decisions(rows, "candidate", "subject_id")


def _numbered(rows: pd.DataFrame) -> pd.DataFrame:
    """The proposal list as read top-down: its position number first (the query orders it)."""
    rows = _labelled(rows)
    rows.insert(0, "position_no", range(1, len(rows) + 1))
    return rows


left, middle, right, sort_col = st.columns([3, 3, 3, 2])
with left:
    agencies = filters.agency_filter(counts, "agency_id", "agency", key="commendation_agency")
with middle:
    titles = filters.code_filter(
        t("commendation.filter_title"),
        [c for c in TITLES if c in set(counts["proposed_title"].dropna())],
        lambda c: label("commendation_title", c),
        key="commendation_title",
        param="title",
    )
with right:
    standings = filters.code_filter(
        t("commendation.filter_standing"),
        [s for s in STANDINGS if s in set(counts["standing"])],
        lambda s: labels.code_label("standing", s),
        key="commendation_standing",
        param="standing",
    )
with sort_col:
    url_state.restore_one("commendation_sort", "sort", SORTS)
    sort = filters.select(
        t("commendation.sort"),
        SORTS,
        format_func=lambda s: t(f"commendation.sort.{s}"),
        key="commendation_sort",
    )
    url_state.publish("sort", None if sort == "standing" else sort)
url_state.copy_link(PAGE)
by_agency = filters.chosen(counts, "agency_id", agencies)
# the title filter narrows the eligible only: everyone not eligible stays in "everyone considered"
titled = by_agency[~by_agency["eligible"] | by_agency["proposed_title"].isin(titles)] if titles else by_agency
eligible = titled[titled["eligible"]]
considered = filters.chosen(titled, "standing", standings)
audit_view(
    user,
    PAGE,
    {
        "agencies": agencies,
        "titles": titles,
        "standings": standings,
        "sort": sort,
        "period": chosen_period.code,
    },
    rows=int(considered["officials"].sum()),
)
by_title = eligible.groupby("proposed_title")["officials"].sum()
params = {"agencies": filters.choice(agencies), "titles": filters.choice(titles), **chosen_period.params()}
applied = filters_text(chosen_period, "commendation_agency", "commendation_title")

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
    tables.limited_table(
        user,
        PAGE,
        "commendation_proposal",
        params,
        int(eligible["officials"].sum()),
        _numbered,
        {
            "position_no": "commendation.col_no",
            "official_link": "col.official",
            "position_label": "col.position",
            "category_label": "col.category",
            "agency_link": "col.agency",
            "title_label": "col.proposed_title",
            "provisional": "col.provisional",
            "rank": "col.rank",
            "grade_label": "col.grade",
            "rate_text": "col.on_time_rate",
            "key_tasks_done": "col.key_tasks_done",
            "initiatives": "col.initiatives",
            "criteria_met_text": "col.criteria_met",
            "reasons_text": "col.reasons",
            "decision_label": "decision.col.decision",
        },
        basename=t("commendation.download_proposal"),
        key="commendation_proposal",
        doc=Document(t("commendation.proposal"), applied),
        links=["official_link", "agency_link"],
    )

# --- everyone considered, with criteria met and missed -----------------------------------------------------
st.subheader(t("commendation.all"))
if considered.empty:
    empty_state(t("no_data_filtered"))
    st.stop()
shown, event = tables.limited_table(
    user,
    PAGE,
    "commendation_candidates",
    {**params, "standings": filters.choice(standings), "sort": sort},
    int(considered["officials"].sum()),
    _labelled,
    {
        "official_link": "col.official",
        "position_label": "col.position",
        "category_label": "col.category",
        "left_label": "col.left",
        "agency_link": "col.agency",
        "standing_label": "col.standing",
        "title_label": "col.proposed_title",
        "provisional": "col.provisional",
        "year": "col.year",
        "grade_label": "col.grade",
        "rate_text": "col.on_time_rate",
        "tasks_due": "col.tasks_due",
        "key_tasks_done": "col.key_tasks_done",
        "early_completions": "col.early_completions",
        "initiatives": "col.initiatives",
        "disciplined": "col.disciplined",
        "criteria_met_text": "col.criteria_met",
        "criteria_missed_text": "col.criteria_missed",
        "reasons_text": "col.reasons",
        "rule_set_text": "col.rule",
        "decision_label": "decision.col.decision",
    },
    basename="ung_vien_khen_thuong",
    key="commendation_all",
    doc=Document(
        t("commendation.all"),
        filters_text(chosen_period, "commendation_agency", "commendation_title", "commendation_standing"),
    ),
    table_key="commendation_table",
    links=["official_link", "agency_link"],
    on_select="rerun",
    selection_mode="single-row",
)
if "grade" in shown and shown["grade"].isna().all():
    st.caption(t("grounds.not_graded", year=build_info().get("evaluation_year") or ""))

# --- the chosen candidate: grounds in full, then the council's decision ------
picked = pick(
    shown,
    "subject_id",
    lambda r: f"{r['official']} — {r['title_label']}",
    event,
    key="commendation_pick",
)
if picked is None:
    st.caption(t("ui.pick_row"))
    st.stop()
with st.container(border=True):
    st.markdown(f"**{links.plain(picked['official'])}** — {links.plain(picked['agency'])}")
    grounds.show_candidate(picked)
    links.open_button(
        "official",
        picked["official_id"],
        t("ui.open_official", id=picked["official_id"]),
        key="commendation_open",
    )
decision_panel(user, "candidate", str(picked["subject_id"]), page=PAGE, key="commendation_decision")
