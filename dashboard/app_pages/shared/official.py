"""One official (`/official?id=CB…`): who they are, their task record and tasks, the shifting flags their acts
raised, grades and commendations, discipline, this year's candidacy and the personnel review — each section
only for the roles that may see the list it comes from. Names a person: every view is audited."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import access, fmt, grounds, labels, links, tables, url_state
from dashboard.data import build_info, run_query
from dashboard.decision_panel import decision_panel, with_live_decisions
from dashboard.i18n import t
from dashboard.labels import agency_label, label
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row

PAGE = "official"

user = require_page(PAGE)
grounds.note_vietnamese_records()  # English mode: evidence and reasons below stay Vietnamese
url_state.restore_one("official_id", "id")
official_id = st.text_input(t("official.pick"), key="official_id", help=t("official.pick_help")).strip()
url_state.publish("id", official_id)
if not official_id:
    st.info(t("official.pick_help"), icon=":material/info:")
    st.stop()


def section(name: str) -> str | None:
    return access.section_page(user.role, name)


record_page = section("official.record")
found = (
    run_query(user, record_page, "official_detail", {"official_id": official_id})
    if record_page
    else pd.DataFrame()
)
if found.empty:
    st.warning(t("ui.not_found", id=official_id), icon=":material/search_off:")
    st.stop()
person = found.iloc[0]
shown_sections = [
    s for s in access.SECTIONS_OF_DETAIL if s.startswith("official.") and section(s) is not None
]
audit_view(user, PAGE, {"id": official_id, "sections": shown_sections})
url_state.copy_link(PAGE)

st.subheader(links.plain(f"{person['full_name']} ({official_id})"))
left_on = person["active_to"]
service = t("official.left", date=fmt.date(left_on)) if not pd.isna(left_on) else t("official.active")
agency_text = agency_label(person["agency_name"], person["agency_id"])
st.caption(
    links.plain(
        t(
            "official.facts",
            agency=agency_text,
            position=label("position", person["position"]) or "—",
            category=label("category", person["category"]) or "—",
            service=service,
        )
    )
)
links.page_link(user, "agency", person["agency_id"], agency_text, icon=":material/apartment:")
min_n = int(person["lbl_min_tasks"])

# --- record -------------------------------------------------------------------------------------------------
st.subheader(t("official.record"))
tasks_due = 0 if pd.isna(person.get("tasks_due")) else int(person["tasks_due"])
rate_text = fmt.rate_with_interval(
    person.get("on_time_rate"),
    person.get("on_time_rate_low"),
    person.get("on_time_rate_high"),
    tasks_due,
    min_n,
)
enough = tasks_due >= min_n and not pd.isna(person.get("on_time_rate"))
kpi_row(
    [
        Kpi(
            t("overview.on_time_rate"),
            fmt.percent(person.get("on_time_rate")) if enough else "—",
            help=rate_text,
        ),
        Kpi(t("col.tasks_due"), fmt.number(tasks_due)),
        Kpi(t("col.tasks_led"), fmt.number(person.get("tasks_led"))),
        Kpi(t("col.open_overdue"), fmt.number(person.get("open_overdue"))),
        Kpi(t("col.shifting_actions"), fmt.number(person.get("shifting_actions"))),
    ]
)
st.caption(links.plain(f"{t('col.on_time_rate')}: {rate_text}"))


def _tasks(rows: pd.DataFrame) -> pd.DataFrame:
    rows["status_label"] = labels.code_labelled(rows["status"], "status")
    links.add(rows, "task", "task_id", "task_id", out="task_link")
    return rows


def _flags(rows: pd.DataFrame) -> pd.DataFrame:
    rows["kind_label"] = labels.code_labelled(rows["kind"], "flag")
    links.add(rows, "task", "task_id", "task_id", out="task_link")
    return with_live_decisions(rows, "flag", "flag_id")  # the verdict as it stands now, not at the build


def _ratings(rows: pd.DataFrame) -> pd.DataFrame:
    rows["grade_label"] = labels.labelled(rows["grade"], "grade")
    rows["titles_label"] = [
        "; ".join(label("commendation_title", c) for c in str(v).split("; ")) if isinstance(v, str) else ""
        for v in rows["titles"]
    ]
    return rows


def _discipline(rows: pd.DataFrame) -> pd.DataFrame:
    rows["form_label"] = labels.labelled(rows["form"], "discipline_form")
    rows["violation_label"] = labels.labelled(rows["violation"], "violation")
    rows["rule_text"] = rows["rule_id"].map(grounds.rule_title)
    return rows


# (section, query, text when empty, labelling, column → header key, link columns)
Section = tuple[str, str, str, Callable[[pd.DataFrame], pd.DataFrame], dict[str, str], list[str]]
SECTIONS: tuple[Section, ...] = (
    ("official.tasks", "official_tasks", "official.no_tasks", _tasks, {
        "task_link": "col.task_id", "title": "col.title", "is_key": "col.is_key", "due_on": "col.due_on",
        "completed_on": "col.completed_on", "status_label": "col.status", "days_overdue": "col.days_overdue",
        "transfer_count": "col.transfers",
    }, ["task_link"]),
    ("official.flags", "official_flags", "official.no_flags", _flags, {
        "occurred_on": "col.occurred_on", "kind_label": "col.kind", "task_link": "col.task_id",
        "evidence": "col.evidence", "decision_label": "decision.col.decision",
    }, ["task_link"]),
    ("official.ratings", "official_ratings", "official.no_ratings", _ratings, {
        "year": "col.year", "grade_label": "col.grade", "titles_label": "col.titles",
    }, []),
    ("official.discipline", "official_discipline", "official.no_discipline", _discipline, {
        "action_id": "discipline.col_id", "decided_on": "col.decided_on", "form_label": "col.form",
        "violation_label": "col.violation", "effect_ends_on": "col.effect_ends_on",
        "in_effect": "col.in_effect", "rule_text": "col.rule", "article": "col.article",
    }, []),
)  # fmt: skip
for name, query, empty, prepare, columns, link_columns in SECTIONS:
    section_page = section(name)
    if section_page:
        tables.section(
            t(name),
            run_query(user, section_page, query, {"official_id": official_id}),
            columns,
            key=f"{name.replace('.', '_')}_table",
            empty=t(empty),
            prepare=prepare,
            links=link_columns,
        )

candidacy_page = section("official.candidacy")
if candidacy_page:
    st.subheader(t("official.candidacy", year=build_info().get("evaluation_year") or ""))
    candidacy = run_query(user, candidacy_page, "official_candidacy", {"official_id": official_id})
    if candidacy.empty:
        empty_state(t("official.not_candidate"))
    else:
        grounds.show_candidate(candidacy.iloc[0])

review_page = section("official.review")
if review_page:
    st.subheader(t("official.review"))
    review = run_query(user, review_page, "official_review", {"official_id": official_id})
    if review.empty:
        empty_state(t("official.not_reviewed"))
    else:
        grounds.show_review(review.iloc[0])
        decision_panel(user, "review", str(official_id), page=PAGE, key="official_review_decision")
