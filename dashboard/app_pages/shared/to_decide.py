"""Việc cần xử lý — what the signed-in role still has to decide (issue 13): for the inspectorate the flags
not yet decided, for the Department of Home Affairs the reviews without an outcome, for the board the
eligible candidates not yet voted on. Read live from the decision store; pick a row to decide it here.
Names people (reviews, candidates): audited."""

from __future__ import annotations

import streamlit as st

from dashboard import fmt, grounds, labels, people, tables
from dashboard.data import run_query
from dashboard.decision_panel import decision_panel, pick, store_path
from dashboard.fmt import md_text
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table
from pipelines.decisions import store

PAGE = "to-decide"

user = require_page(PAGE)
grounds.note_vietnamese_records()  # English mode: evidence and reasons below stay Vietnamese
st.caption(t("to_decide.intro"))
LIMIT = tables.ROW_LIMIT

# the role's own kind of subject: query, the column that is the subject id, columns shown
WORK = {
    "inspectorate": (
        "flag",
        "to_decide_flags",
        "flag_id",
        {
            "occurred_on": "col.occurred_on",
            "kind_label": "col.kind",
            "agency": "col.agency",
            "task_id": "col.task_id",
            "evidence": "col.evidence",
        },
    ),
    "home_affairs": (
        "review",
        "to_decide_reviews",
        "official_id",
        {
            "official": "col.official",
            "agency": "col.agency",
            "severity_label": "col.severity",
            "reasons": "col.reasons",
        },
    ),
    "board": (
        "candidate",
        "to_decide_candidates",
        "subject_id",
        {
            "official": "col.official",
            "agency": "col.agency",
            "title_label": "col.proposed_title",
            "reasons": "col.reasons",
        },
    ),
}
if user.role not in WORK:
    empty_state(t("to_decide.no_role"))
    st.stop()
subject_kind, query, id_col, shown_columns = WORK[user.role]
st.subheader(
    t(f"to_decide.{ {'flag': 'flags', 'review': 'reviews', 'candidate': 'candidates'}[subject_kind] }")
)

try:
    decided = sorted({row["subject_id"] for row in store.history(store_path(), subject_kind=subject_kind)})
except store.StoreUnavailable as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()
rows = run_query(user, PAGE, query, {"decided": decided, "limit": LIMIT})
audit_view(user, PAGE, {"subject_kind": subject_kind})
total = int(rows["undecided"].iloc[0]) if len(rows) else 0
kpi_row(
    [Kpi(t("to_decide.flags" if subject_kind == "flag" else f"to_decide.{subject_kind}s"), fmt.number(total))]
)
if rows.empty:
    empty_state(t("to_decide.none"))
    st.stop()

if subject_kind == "flag":
    rows = labels.with_agency_label(rows, id_col="agency_id", name_col="agency_name", out="agency")
    rows["kind_label"] = labels.code_labelled(rows["kind"], "flag")
else:
    rows = people.people_labels(rows)
    if subject_kind == "review":
        rows["severity_label"] = labels.code_labelled(rows["severity"], "severity")
    else:
        rows["title_label"] = [label("commendation_title", c) for c in rows["proposed_title"]]
if total > len(rows):
    st.caption(t("ui.rows_limited", shown=fmt.number(len(rows)), total=fmt.number(total)))
event = table(
    rows,
    tables.headers(rows, shown_columns),
    key=f"to_decide_{subject_kind}_table",
    on_select="rerun",
    selection_mode="single-row",
)
st.caption(t("to_decide.pick"))
describe = {
    "flag": lambda r: f"{r['flag_id']} — {r['agency']}",
    "review": lambda r: f"{r['official']} — {r['agency']}",
    "candidate": lambda r: f"{r['official']} — {r['title_label']}",
}[subject_kind]
row = pick(rows, id_col, describe, event, key=f"to_decide_{subject_kind}_pick")
if row is None:
    st.stop()
if subject_kind == "flag":
    st.markdown(f"**{md_text(row['kind_label'])}** — {md_text(row['agency'])}: {md_text(row['evidence'])}")
    decision_panel(user, "explanation", str(row[id_col]), page=PAGE, key="to_decide_explanation")
decision_panel(user, subject_kind, str(row[id_col]), page=PAGE, key=f"to_decide_{subject_kind}")
