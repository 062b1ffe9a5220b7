"""Overdue tasks: aging bands, key tasks first, by source; a chosen task's timeline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, filters, fmt, labels, links, period, tables, task_steps, url_state
from dashboard.data import build_info, run_query
from dashboard.decision_panel import decision_panel
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.fmt import md_text
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.periodic_reports import report_links
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "overdue"
BUCKETS = ("d1_7", "d8_30", "d31_90", "d90_plus")
SOURCES = ("government", "prime_minister", "city_pc", "city_chair", "internal")

user = require_page(PAGE)
st.caption(t("overdue.intro", date=fmt.date(build_info().get("as_of"))))
report_links(user, "overdue_reports", ["tasks"])

chosen_period = period.page_control(user, PAGE)
include_late = filters.flag_filter(
    t("overdue.include_done_late"), "overdue_include_late", "done_late", toggle=True
)
# the aggregates (agency × source × bucket × key) of the tasks due in the period: filter choices, KPIs, chart
# and the table's full count
counts = run_query(
    user, PAGE, "overdue_counts", {"include_done_late": include_late, **chosen_period.params()}
)
counts = labels.with_agency_label(
    counts, id_col="owner_agency_id", name_col="owner_agency_name", out="owner_agency"
)

c1, c2, c3, c4 = st.columns([3, 3, 3, 2])
with c1:
    agencies = filters.agency_filter(counts, "owner_agency_id", "owner_agency", key="overdue_agency")
with c2:
    present_sources = [s for s in SOURCES if s in set(counts["source"])] + sorted(
        set(counts["source"].dropna()) - set(SOURCES)
    )
    sources = filters.code_filter(
        t("overdue.filter_source"),
        present_sources,
        lambda s: label("task_source", s),
        key="overdue_source",
        param="source",
    )
with c3:
    buckets = filters.code_filter(
        t("overdue.filter_bucket"),
        BUCKETS,
        lambda b: labels.code_label("bucket", b),
        key="overdue_bucket",
        param="bucket",
    )
with c4:
    key_only = filters.flag_filter(t("overdue.filter_key_only"), "overdue_key_only", "key")
url_state.copy_link(PAGE)

cube = filters.chosen(counts, "owner_agency_id", agencies)
cube = filters.chosen(cube, "source", sources)
cube = filters.chosen(cube, "bucket", buckets)
if key_only:
    cube = cube[cube["is_key"].fillna(False)]
total = int(cube["tasks"].sum())
applied = filters_text(
    chosen_period,
    "overdue_include_late",
    "overdue_agency",
    "overdue_source",
    "overdue_bucket",
    "overdue_key_only",
)

kpi_row(
    [
        Kpi(t("overdue.kpi_total"), fmt.number(total)),
        Kpi(t("overdue.kpi_key"), fmt.number(int(cube.loc[cube["is_key"].fillna(False), "tasks"].sum()))),
        Kpi(t("overdue.kpi_over_90"), fmt.number(int(cube.loc[cube["bucket"] == "d90_plus", "tasks"].sum()))),
    ]
)

if total == 0:
    empty_state(t("overdue.empty") if counts.empty else t("no_data_filtered"))
    st.stop()

bars = cube.groupby(["bucket", "source"], sort=False, dropna=False)["tasks"].sum().reset_index()
bars["bucket_label"] = labels.code_labelled(bars["bucket"], "bucket")
bars["source_label"] = labels.labelled(bars["source"], "task_source")
st.plotly_chart(
    charts.aging_bars(
        bars,
        bucket="bucket_label",
        count="tasks",
        group="source_label",
        bucket_order=[labels.code_label("bucket", b) for b in BUCKETS],
        x_title=t("overdue.axis_bucket"),
        y_title=t("overdue.axis_tasks"),
        title=t("overdue.chart_title"),
        separators=fmt.plotly_separators(),
    ),
    key="overdue_aging_chart",
)


def _labelled(tasks: pd.DataFrame) -> pd.DataFrame:
    tasks = labels.with_agency_label(
        tasks, id_col="owner_agency_id", name_col="owner_agency_name", out="owner_agency"
    )
    tasks["source_label"] = labels.labelled(tasks["source"], "task_source")
    tasks["bucket_label"] = labels.code_labelled(tasks["bucket"], "bucket")
    tasks["status_label"] = labels.code_labelled(tasks["status"], "status")
    links.add(tasks, "task", "task_id", "task_id", out="task_link")
    links.add(tasks, "agency", "owner_agency_id", "owner_agency", out="owner_link")
    return tasks


shown, event = tables.limited_table(
    user,
    PAGE,
    "overdue_tasks",
    {
        "include_done_late": include_late,
        "agencies": filters.choice(agencies),
        "sources": filters.choice(sources),
        "buckets": filters.choice(buckets),
        "key_only": key_only,
        **chosen_period.params(),
    },
    total,
    _labelled,
    {
        "task_link": "col.task_id",
        "title": "col.title",
        "is_key": "col.is_key",
        "source_label": "col.source",
        "source_ref": "col.source_ref",
        "owner_link": "col.owner_agency",
        "assigned_on": "col.assigned_on",
        "original_due_on": "col.original_due_on",
        "due_on": "col.due_on",
        "completed_on": "col.completed_on",
        "status_label": "col.status",
        "days_overdue": "col.days_overdue",
        "bucket_label": "col.bucket",
        "transfer_count": "col.transfers",
        "escalation_count": "col.escalations",
        "extension_count": "col.extensions",
    },
    basename=t("overdue.download_tasks"),
    key="overdue_tasks",
    doc=Document(t("doc.overdue_tasks"), applied),
    table_key="overdue_table",
    on_select="rerun",
    selection_mode="single-row",
    links=["task_link", "owner_link"],
)

# --- the chosen task's timeline -------------------------------------------------------------------------
titles = dict(zip(shown["task_id"], shown["title"].fillna(""), strict=True))
selected_rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
if selected_rows:
    picked = shown["task_id"].iloc[selected_rows[0]]
    if st.session_state.get("overdue_last_table_pick") != picked:
        st.session_state["overdue_last_table_pick"] = picked
        st.session_state["overdue_task"] = picked
if st.session_state.get("overdue_task") not in titles:
    st.session_state.pop("overdue_task", None)
task_id = filters.select(
    t("overdue.pick_task"),
    list(titles),
    index=None,
    format_func=lambda tid: f"{tid} — {titles.get(tid, '')}",
    key="overdue_task",
)
if task_id is None:
    st.stop()
links.open_button("task", task_id, t("ui.open_task", id=task_id), key="overdue_open_task")

# --- an objective cause certified by the competent level (Decree 335/2025; decided by home_affairs) -------
with st.expander(t("overdue.objective_cause"), expanded=False):
    decision_panel(user, "objective_cause", str(task_id), page=PAGE, key="overdue_objective_cause")

steps = run_query(user, PAGE, "overdue_timeline", {"task_id": task_id})
# the title is the data's own text: shown literally (no Markdown, KaTeX, image or link from it)
st.subheader(t("overdue.timeline_title", task=md_text(f"{task_id} — {titles.get(task_id, '')}")))
if steps.empty:
    empty_state(t("overdue.timeline_empty"))
    st.stop()


steps = task_steps.described(steps)

st.plotly_chart(
    charts.task_timeline(
        steps,
        when="on_date",
        lane="lane",
        text="hover",
        x_title=t("overdue.axis_date"),
        y_title=t("overdue.axis_step"),
        separators=fmt.plotly_separators(),
    ),
    key="overdue_timeline_chart",
)
step_columns = tables.headers(steps, {"on_date": "col.date", "lane": "col.step", "detail": "col.detail"})
table(steps, step_columns, key="overdue_timeline_table")
downloads(
    user,
    tables.export_frame(steps, step_columns),
    f"{t('overdue.download_timeline')}_{task_id}",
    PAGE,
    key="overdue_timeline",
    doc=Document(t("doc.timeline"), filters_text((t("col.task_id"), task_id))),
)
