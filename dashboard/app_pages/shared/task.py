"""One task (`/task?id=NV…`): who held it when (lanes, each hop with agencies, officials and dd/mm/yyyy
dates), its steps (hand-overs, extensions, consultations), and the shifting flags on it with their evidence
and decisions. Names the officials who passed it on: every view is audited."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import access, charts, fmt, gaming, grounds, labels, links, tables, task_steps, url_state
from dashboard.data import run_query
from dashboard.decision_panel import decision_panel, pick, with_live_decisions
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import t
from dashboard.labels import label, person_label
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "task"

user = require_page(PAGE)
url_state.restore_one("task_id", "id")
task_id = st.text_input(t("task.pick"), key="task_id", help=t("task.pick_help")).strip()
url_state.publish("id", task_id)
if not task_id:
    st.info(t("task.pick_help"), icon=":material/info:")
    st.stop()

record_page = access.section_page(user.role, "task.record")
assert record_page is not None  # the task page is registered only for roles that see tasks
found = run_query(user, record_page, "task_detail", {"task_id": task_id})
if found.empty:
    st.warning(t("ui.not_found", id=task_id), icon=":material/search_off:")
    st.stop()
task = found.iloc[0]
audit_view(user, PAGE, {"id": task_id})
url_state.copy_link(PAGE)
grounds.note_vietnamese_records()

st.subheader(f"{links.plain(task_id)} — {links.plain(task['title'])}")
owner_label = person_label(task["lbl_owner_agency_name"], task["owner_agency_id"])
lead_label = person_label(task["lbl_lead_official_name"], task["lead_official_id"])
st.caption(
    links.plain(
        t(
            "task.facts",
            owner=owner_label,
            lead=lead_label or "—",
            source=label("task_source", task["source"]) or "—",
            assigned=fmt.date(task["assigned_on"]) or "—",
            due=fmt.date(task["due_on"]) or "—",
            completed=fmt.date(task["completed_on"]) or "—",
            status=labels.code_label("status", task["status"]),
        )
    )
)
left, right = st.columns(2)
with left:
    links.page_link(user, "agency", task["owner_agency_id"], owner_label, icon=":material/apartment:")
with right:
    links.page_link(user, "official", task["lead_official_id"], lead_label, icon=":material/person:")

flags_page = access.section_page(user.role, "task.flags")
flags = run_query(user, flags_page, "task_flags", {"task_id": task_id}) if flags_page else pd.DataFrame()
kpi_row(
    [
        Kpi(t("col.days_overdue"), fmt.number(task["days_overdue"])),
        Kpi(t("col.days_outside_owner"), fmt.number(task["lbl_days_outside_owner"])),
        Kpi(t("col.handovers"), fmt.number(task["lbl_handover_count"] or 0)),
        Kpi(t("col.extensions"), fmt.number(task["extension_count"])),
        Kpi(t("col.flags_count"), fmt.number(len(flags)) if flags_page else "—"),
    ]
)
if isinstance(task["lbl_chain"], str) and "→" in task["lbl_chain"]:
    st.caption(links.plain(t("task.chain", chain=task["lbl_chain"])))

# --- who held it when ---------------------------------------------------------------------------------------
st.subheader(t("task.custody"))
st.caption(t("task.custody_caption"))
custody = run_query(user, record_page, "task_custody", {"task_id": task_id})
if custody.empty:
    empty_state()
else:
    custody["holder"] = [
        person_label(n, a) for n, a in zip(custody["agency_name"], custody["agency_id"], strict=True)
    ]
    custody["received_from"] = [
        person_label(n, a)
        for n, a in zip(custody["received_from_agency_name"], custody["received_from_agency_id"], strict=True)
    ]
    custody["handed_over_by_label"] = [
        person_label(n, o)
        for n, o in zip(custody["handed_over_by_name"], custody["handed_over_by"], strict=True)
    ]
    custody["passed_on_by_label"] = [
        person_label(n, o) for n, o in zip(custody["passed_on_by_name"], custody["passed_on_by"], strict=True)
    ]
    custody["received_how"] = labels.labelled(custody["received_by_kind"], "event_kind")

    def _hop(row: pd.Series) -> str:
        by = ""
        if row["received_from"]:
            by = (
                t("task.hop_by", from_=row["received_from"], official=row["handed_over_by_label"])
                if row["handed_over_by_label"]
                else t("task.hop_by_no_official", from_=row["received_from"])
            )
        return t(
            "task.hop",
            agency=row["holder"],
            start=fmt.date(row["held_from"]),
            end=fmt.date(row["held_until"]),
            days=fmt.number(row["days_held"]),
            by=by,
        )

    custody["hover"] = [_hop(row) for _, row in custody.iterrows()]
    st.plotly_chart(
        charts.custody_lanes(
            custody,
            lane="holder",
            start="held_from",
            end="held_until",
            text="hover",
            outside="outside_owner",
            inside_name=t("col.owner_agency"),
            outside_name=t("col.outside_owner"),
            x_title=t("col.date"),
            separators=fmt.plotly_separators(),
        ),
        key="task_custody_chart",
    )
    custody_links = [
        links.add(custody, "agency", "agency_id", "holder", out="holder_link"),
        links.add(custody, "agency", "received_from_agency_id", "received_from", out="received_from_link"),
        links.add(custody, "official", "handed_over_by", "handed_over_by_label", out="handed_over_by_link"),
        links.add(custody, "official", "passed_on_by", "passed_on_by_label", out="passed_on_by_link"),
    ]
    custody_columns = {
        "holder_link": t("col.holder"),
        "held_from": t("col.held_from"),
        "held_until": t("col.held_until"),
        "days_held": t("col.days_held"),
        "outside_owner": t("col.outside_owner"),
        "received_how": t("col.received_how"),
        "received_from_link": t("col.received_from"),
        "handed_over_by_link": t("col.handed_over_by"),
        "passed_on_by_link": t("col.passed_on_by"),
    }
    table(custody, custody_columns, key="task_custody_table", links=custody_links)
    export = custody.assign(
        holder_link=custody["holder"],
        received_from_link=custody["received_from"],
        handed_over_by_link=custody["handed_over_by_label"],
        passed_on_by_link=custody["passed_on_by_label"],
    )
    downloads(
        user,
        tables.export_frame(export, custody_columns),
        f"ai_giu_nhiem_vu_{task_id}",
        PAGE,
        key="task_custody",
        doc=Document(t("task.custody"), filters_text((t("col.task_id"), task_id))),
    )

# --- every step ---------------------------------------------------------------------------------------------
st.subheader(t("task.steps"))
steps = run_query(user, record_page, "overdue_timeline", {"task_id": task_id})
if not steps.empty:
    steps = task_steps.described(steps)
    step_columns = tables.headers(steps, {"on_date": "col.date", "lane": "col.step", "detail": "col.detail"})
    table(steps, step_columns, key="task_steps_table")

# --- the flags on it ----------------------------------------------------------------------------------------
if flags_page:
    st.subheader(t("task.flags"))
    if flags.empty:
        empty_state(t("task.no_flags"))
    else:
        flags = labels.with_agency_label(flags, id_col="agency_id", name_col="agency_name", out="agency")
        flags["kind_label"] = labels.code_labelled(flags["kind"], "flag")
        flag_links = [links.add(flags, "agency", "agency_id", "agency", out="agency_link")]
        flag_columns = {
            "occurred_on": "col.occurred_on",
            "kind_label": "col.kind",
            "agency_link": "col.agency",
            "consultation_id": "col.consultation",
            "evidence": "col.evidence",
            "decision_label": "decision.col.decision",
        }
        # the verdicts as they stand now, read live from the decision store (before any rebuild)
        flags = with_live_decisions(flags, "flag", "flag_id")
        event = table(
            flags,
            tables.headers(flags, flag_columns),
            key="task_flags_table",
            links=flag_links,
            on_select="rerun",
            selection_mode="single-row",
        )
        flag = pick(
            flags, "flag_id", lambda r: f"{r['kind_label']} — {r['agency']}", event, key="task_flag_pick"
        )
        if flag is not None:
            left, right = st.columns(2)
            with left:
                decision_panel(user, "explanation", str(flag["flag_id"]), page=PAGE, key="task_explanation")
            with right:
                decision_panel(user, "flag", str(flag["flag_id"]), page=PAGE, key="task_flag_verdict")

# --- signals of a record made to look better (leads for the inspectorate) --------------------------------
signals_page = access.section_page(user.role, "task.gaming")
if signals_page:
    signals = run_query(user, signals_page, "task_gaming_signals", {"task_id": task_id})
    if not signals.empty:
        st.subheader(t("task.gaming"))
        table(gaming.labelled(signals), gaming.columns(), key="task_gaming_table")

# --- an objective cause of its delay, certified by the competent level (Decree 335/2025) -------------------
if task["status"] in ("done_late", "open_overdue"):
    with st.expander(t("overdue.objective_cause"), expanded=False):
        decision_panel(user, "objective_cause", str(task_id), page=PAGE, key="task_objective_cause")
