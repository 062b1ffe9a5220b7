"""Surprise inspections from risk: the risk table with its components, its trend, a plan drawn with a seed
(audited, downloadable in the official layout) and whether past risk-selected inspections found more."""

from __future__ import annotations

import secrets

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import audit, fmt, grounds
from dashboard.data import db_path, run_query, setting
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads, file_download
from dashboard.filters import multiselect, select
from dashboard.i18n import t
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "inspection-risk"

user = require_page(PAGE)
grounds.note_vietnamese_records()  # English mode: evidence and reasons below stay Vietnamese
st.caption(t("risk.caption"))

risk = run_query(user, PAGE, "inspection_risk")
if risk.empty:
    empty_state()
    st.stop()
risk["agency"] = [f"{n} ({a})" for n, a in zip(risk["agency_name"], risk["agency_id"], strict=True)]
ranked = risk[risk["ranked"]]
kpi_row(
    [
        Kpi(t("risk.ranked_agencies"), fmt.number(len(ranked))),
        Kpi(t("risk.too_few_records"), fmt.number(int((~risk["ranked"]).sum()))),
        Kpi(t("risk.judged_on"), fmt.date(risk["judged_on"].iloc[0])),
    ]
)

COLUMNS = {
    "risk_rank": t("risk.rank"),
    "agency": t("risk.agency"),
    "risk_score": t("risk.risk_score"),
    "key_overdue_percentile": t("risk.key_overdue_percentile"),
    "shifting_percentile": t("risk.shifting_percentile"),
    "deemed_percentile": t("risk.deemed_agreed_percentile"),
    "returned_percentile": t("risk.returned_percentile"),
    "findings_percentile": t("risk.findings_percentile"),
    "time_since_percentile": t("risk.time_since_inspection_percentile"),
    "key_overdue": t("risk.key_tasks_overdue"),
    "key_tasks": t("risk.key_tasks_judged"),
    "shifting_flags": t("risk.shifting_flags"),
    "deemed_agreements": t("risk.deemed_agreed"),
    "dossiers_returned": t("risk.dossiers_returned"),
    "findings": t("risk.findings"),
    "inspections": t("risk.inspections"),
    "last_inspected_on": t("risk.last_inspected"),
    "tasks_due": t("risk.tasks_due"),
    "evidence": t("risk.evidence"),
}
st.subheader(t("risk.risk_table"))
table(risk, COLUMNS, key="risk_table")
downloads(
    user,
    risk[list(COLUMNS)].rename(columns=COLUMNS),
    "rui_ro_thanh_tra",
    PAGE,
    key="risk_download",
    doc=Document(t("risk.risk_table")),
)

st.subheader(t("risk.components_title"))
chosen = select(t("risk.agency"), list(ranked["agency"]), key="risk_agency")
if chosen:
    row = ranked[ranked["agency"] == chosen].iloc[0]
    parts = pd.DataFrame(
        [
            (t(f"risk.component.{key}"), row[f"{key}_value"], row[f"{key}_percentile"], row[f"{key}_weight"])
            for key in ("key_overdue", "shifting", "deemed", "returned", "findings", "time_since")
        ],
        columns=["component", "value", "percentile", "weight"],
    )
    parts["contribution"] = parts["percentile"] * parts["weight"]
    table(
        parts,
        {
            "component": t("risk.component"),
            "value": t("risk.value"),
            "percentile": t("risk.percentile"),
            "weight": t("risk.weight"),
            "contribution": t("risk.contribution"),
        },
        key="risk_parts",
    )
    st.caption(str(row["evidence"]))

st.subheader(t("risk.trend_per_quarter"))
trend = run_query(user, PAGE, "inspection_risk_trend")
top = list(ranked.sort_values("risk_rank")["agency_id"].head(5))
names = dict(zip(ranked["agency_id"], ranked["agency"], strict=True))
picked = multiselect(
    t("risk.trend_agencies"),
    list(ranked["agency_id"]),
    default=top,
    format_func=lambda agency_id: names[agency_id],
    key="risk_trend_agencies",
)
shown = trend[trend["agency_id"].isin(picked)]
if shown.empty:
    empty_state()
else:
    figure = px.line(
        shown,
        x="judged_on",
        y="risk_score",
        color="agency_name",
        markers=True,
        labels={
            "judged_on": t("risk.judged_on"),
            "risk_score": t("risk.risk_score"),
            "agency_name": t("risk.agency"),
        },
    )
    figure.update_yaxes(range=[0, 1])
    figure.update_xaxes(tickformat="%d/%m/%Y")
    st.plotly_chart(figure, key="risk_trend_chart")

st.subheader(t("risk.plan_title"))
from pipelines.reports.inspection_plan import Plan, draw_plan, next_quarter, render_plan  # noqa: E402

left, right = st.columns(2)
with left:
    count = st.number_input(
        t("risk.plan_count"),
        min_value=1,
        max_value=max(1, len(ranked)),
        value=min(8, max(1, len(ranked))),
        key="plan_count",
    )
with right:
    if "plan_seed" not in st.session_state:
        st.session_state["plan_seed"] = secrets.randbelow(1_000_000)
    seed = st.number_input(t("risk.seed_input"), min_value=0, step=1, key="plan_seed")
if st.button(t("risk.draw"), key="plan_draw", type="primary"):
    candidates = ranked.sort_values("risk_rank")[
        ["agency_id", "agency_name", "risk_rank", "risk_score", "last_inspected_on", "evidence"]
    ].to_dict("records")
    as_of = pd.Timestamp(risk["judged_on"].iloc[0]).date()
    drawn = draw_plan(
        candidates,
        int(count),
        int(seed),
        float(setting("inspection.plan_rank_share")),
        float(setting("inspection.draw_floor")),
        as_of,
        next_quarter(as_of),
    )
    from pipelines.reports.inspection_plan import audit_details

    audit.log_event(user, "plan_inspections", page=PAGE, details=audit_details(drawn, "dashboard"))
    st.session_state["plan_result"] = drawn
plan = st.session_state.get("plan_result")
if plan is not None:
    st.info(plan.method_vi(), icon=":material/casino:")
    frame = pd.DataFrame(plan.rows)
    frame["selected_by"] = frame["selected_by"].map({"rank": t("risk.by_rank"), "draw": t("risk.drawn")})
    frame["seed"] = plan.seed
    labels = {
        "agency_id": t("risk.agency_id"),
        "agency_name": t("risk.agency"),
        "selected_by": t("risk.selected_by"),
        "risk_rank": t("risk.rank"),
        "risk_score": t("risk.risk_score"),
        "chance": t("risk.chance_when_drawn"),
        "seed": t("risk.seed"),
    }
    table(frame, labels, key="plan_table")
    downloads(
        user,
        frame[list(labels)].rename(columns=labels),
        f"ke_hoach_kiem_tra_{plan.seed}",
        PAGE,
        key="plan_download",
        doc=Document(
            t("risk.plan_title"),
            filters_text((t("risk.seed"), plan.seed)),
        ),
    )
    drawn_plan: Plan = plan  # the plan the .docx renders when its link is followed
    file_download(
        user,
        lambda: render_plan(db_path(), drawn_plan, "docx"),
        f"ke_hoach_kiem_tra_{plan.seed}.docx",
        PAGE,
        key="plan_docx",
        rows=len(plan.rows),
        label=t("risk.plan_docx"),
    )

st.subheader(t("risk.effect_title"))
st.caption(t("risk.effect_caption"))
effect = run_query(user, PAGE, "inspection_effectiveness")
if effect.empty:
    empty_state()
else:
    effect["period"] = [
        t("risk.all") if k == "all" else str(pd.Timestamp(s).year)
        for k, s in zip(effect["period_kind"], effect["period_start"], strict=True)
    ]
    table(
        effect,
        {
            "period": t("risk.period"),
            "selected_inspections": t("risk.inspections_high_risk"),
            "selected_mean": t("risk.findings_per_inspection_high_risk"),
            "selected_low": t("risk.selected_low"),
            "selected_high": t("risk.selected_high"),
            "other_inspections": t("risk.inspections_others"),
            "other_mean": t("risk.findings_per_inspection_others"),
            "other_low": t("risk.other_low"),
            "other_high": t("risk.other_high"),
            "difference": t("risk.difference"),
            "difference_low": t("risk.difference_low"),
            "difference_high": t("risk.difference_high"),
            "not_judged": t("risk.not_ranked_then"),
        },
        key="effect_table",
    )
