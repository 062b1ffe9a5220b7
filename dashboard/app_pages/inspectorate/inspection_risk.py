"""Surprise inspections from risk: the risk table with its components, its trend, a plan drawn with a seed
(audited, downloadable in the official layout) and whether past risk-selected inspections found more."""

from __future__ import annotations

import secrets

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import audit, filters, fmt, grounds
from dashboard.data import db_path, run_query, setting
from dashboard.downloads import downloads, file_download
from dashboard.i18n import tr
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "inspection-risk"

user = require_page(PAGE)
grounds.note_vietnamese_records()  # English mode: evidence and reasons below stay Vietnamese
st.caption(
    tr(
        "Điểm rủi ro của từng cơ quan (0–1) để chọn nơi kiểm tra công vụ đột xuất: mỗi thành phần là "
        "thứ hạng "
        "phần trăm của cơ quan trong các cơ quan được xếp hạng, nhân trọng số (cấu hình). Điểm là "
        "căn cứ chọn "
        "nơi kiểm tra, không phải kết luận vi phạm (docs/inspections.md).",
        "Each agency's risk score (0–1) for choosing surprise inspections: each component is the agency's "
        "percentile among ranked agencies, times its weight (a setting). A lead for where to look, "
        "not a finding.",
    )
)

risk = run_query(user, PAGE, "inspection_risk")
if risk.empty:
    empty_state()
    st.stop()
risk["agency"] = [f"{n} ({a})" for n, a in zip(risk["agency_name"], risk["agency_id"], strict=True)]
ranked = risk[risk["ranked"]]
kpi_row(
    [
        Kpi(tr("Cơ quan được xếp hạng", "Ranked agencies"), fmt.number(len(ranked))),
        Kpi(tr("Chưa đủ dữ liệu", "Too few records"), fmt.number(int((~risk["ranked"]).sum()))),
        Kpi(tr("Ngày đánh giá", "Judged on"), fmt.date(risk["judged_on"].iloc[0])),
    ]
)

COLUMNS = {
    "risk_rank": tr("Hạng", "Rank"),
    "agency": tr("Cơ quan", "Agency"),
    "risk_score": tr("Điểm rủi ro", "Risk score"),
    "key_overdue_percentile": tr("Trọng tâm quá hạn (phân vị)", "Key overdue (percentile)"),
    "shifting_percentile": tr("Đùn đẩy (phân vị)", "Shifting (percentile)"),
    "deemed_percentile": tr("Coi như đồng ý (phân vị)", "Deemed agreed (percentile)"),
    "returned_percentile": tr("Hồ sơ trả lại (phân vị)", "Returned (percentile)"),
    "findings_percentile": tr("Vi phạm qua thanh tra (phân vị)", "Findings (percentile)"),
    "time_since_percentile": tr("Lâu chưa thanh tra (phân vị)", "Time since inspection (percentile)"),
    "key_overdue": tr("Trọng tâm quá hạn", "Key tasks overdue"),
    "key_tasks": tr("Trọng tâm xét", "Key tasks judged"),
    "shifting_flags": tr("Dấu hiệu đùn đẩy", "Shifting flags"),
    "deemed_agreements": tr("Coi như đồng ý", "Deemed agreed"),
    "dossiers_returned": tr("Hồ sơ trả lại", "Dossiers returned"),
    "findings": tr("Vi phạm phát hiện", "Findings"),
    "inspections": tr("Cuộc thanh tra", "Inspections"),
    "last_inspected_on": tr("Thanh tra gần nhất", "Last inspected"),
    "tasks_due": tr("Nhiệm vụ đến hạn", "Tasks due"),
    "evidence": tr("Căn cứ", "Evidence"),
}
st.subheader(tr("Bảng rủi ro", "Risk table"))
table(risk, COLUMNS, key="risk_table")
downloads(user, risk[list(COLUMNS)].rename(columns=COLUMNS), "rui_ro_thanh_tra", PAGE, key="risk_download")

st.subheader(tr("Thành phần điểm của một cơ quan", "One agency's components"))
chosen = filters.select(tr("Cơ quan", "Agency"), list(ranked["agency"]), key="risk_agency")
if chosen:
    row = ranked[ranked["agency"] == chosen].iloc[0]
    parts = pd.DataFrame(
        [
            (tr(vi, en), row[f"{key}_value"], row[f"{key}_percentile"], row[f"{key}_weight"])
            for key, vi, en in (
                ("key_overdue", "Nhiệm vụ trọng tâm quá hạn (tỷ lệ)", "Key tasks overdue (share)"),
                ("shifting", "Dấu hiệu đùn đẩy trên nhiệm vụ được giao", "Shifting flags per task"),
                ("deemed", "Xin ý kiến bị coi là đồng ý (tỷ lệ)", "Deemed agreed (share)"),
                ("returned", "Hồ sơ bị trả lại trên lần trình", "Returned per escalation"),
                ("findings", "Vi phạm trên cuộc thanh tra", "Findings per inspection"),
                ("time_since", "Số ngày từ lần thanh tra gần nhất", "Days since last inspection"),
            )
        ],
        columns=["component", "value", "percentile", "weight"],
    )
    parts["contribution"] = parts["percentile"] * parts["weight"]
    table(
        parts,
        {
            "component": tr("Thành phần", "Component"),
            "value": tr("Giá trị", "Value"),
            "percentile": tr("Phân vị", "Percentile"),
            "weight": tr("Trọng số", "Weight"),
            "contribution": tr("Đóng góp vào điểm", "Contribution"),
        },
        key="risk_parts",
    )
    st.caption(str(row["evidence"]))

st.subheader(tr("Diễn biến theo quý", "Trend per quarter"))
trend = run_query(user, PAGE, "inspection_risk_trend")
top = list(ranked.sort_values("risk_rank")["agency_id"].head(5))
names = dict(zip(ranked["agency_id"], ranked["agency"], strict=True))
picked = filters.multiselect(
    tr("Cơ quan", "Agencies"),
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
            "judged_on": tr("Ngày đánh giá", "Judged on"),
            "risk_score": tr("Điểm rủi ro", "Risk score"),
            "agency_name": tr("Cơ quan", "Agency"),
        },
    )
    figure.update_yaxes(range=[0, 1])
    figure.update_xaxes(tickformat="%d/%m/%Y")
    st.plotly_chart(figure, key="risk_trend_chart")

st.subheader(tr("Lập kế hoạch kiểm tra đột xuất", "Draw a surprise-inspection plan"))
from pipelines.reports.inspection_plan import Plan, draw_plan, next_quarter, render_plan  # noqa: E402

left, right = st.columns(2)
with left:
    count = st.number_input(
        tr("Số cơ quan", "Agencies"),
        min_value=1,
        max_value=max(1, len(ranked)),
        value=min(8, max(1, len(ranked))),
        key="plan_count",
    )
with right:
    if "plan_seed" not in st.session_state:
        st.session_state["plan_seed"] = secrets.randbelow(1_000_000)
    seed = st.number_input(tr("Hạt giống (seed)", "Seed"), min_value=0, step=1, key="plan_seed")
if st.button(tr("Bốc thăm", "Draw"), key="plan_draw", type="primary"):
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
    frame["selected_by"] = frame["selected_by"].map(
        {"rank": tr("Theo thứ hạng", "By rank"), "draw": tr("Bốc thăm", "Drawn")}
    )
    frame["seed"] = plan.seed
    labels = {
        "agency_id": tr("Mã cơ quan", "Agency id"),
        "agency_name": tr("Cơ quan", "Agency"),
        "selected_by": tr("Cách chọn", "Selected by"),
        "risk_rank": tr("Hạng", "Rank"),
        "risk_score": tr("Điểm rủi ro", "Risk score"),
        "chance": tr("Xác suất khi bốc", "Chance when drawn"),
        "seed": tr("Hạt giống", "Seed"),
    }
    table(frame, labels, key="plan_table")
    downloads(
        user,
        frame[list(labels)].rename(columns=labels),
        f"ke_hoach_kiem_tra_{plan.seed}",
        PAGE,
        key="plan_download",
    )
    drawn_plan: Plan = plan  # the plan the .docx renders when its link is followed
    file_download(
        user,
        lambda: render_plan(db_path(), drawn_plan, "docx"),
        f"ke_hoach_kiem_tra_{plan.seed}.docx",
        PAGE,
        key="plan_docx",
        rows=len(plan.rows),
        label=tr("Tải kế hoạch (.docx)", "Download the plan (.docx)"),
    )

st.subheader(tr("Chọn theo rủi ro có hiệu quả không?", "Did risk-based selection work?"))
st.caption(
    tr(
        "Số vi phạm phát hiện trên mỗi cuộc thanh tra: cơ quan thuộc nhóm rủi ro cao nhất (theo bảng "
        "rủi ro cuối "
        "quý trước cuộc thanh tra) so với các cơ quan khác, kèm khoảng tin cậy 95%.",
        "Findings per inspection at agencies in the top risk group at the end of the quarter before "
        "the inspection, "
        "against the others, with 95% intervals.",
    )
)
effect = run_query(user, PAGE, "inspection_effectiveness")
if effect.empty:
    empty_state()
else:
    effect["period"] = [
        tr("Toàn bộ", "All") if k == "all" else str(pd.Timestamp(s).year)
        for k, s in zip(effect["period_kind"], effect["period_start"], strict=True)
    ]
    table(
        effect,
        {
            "period": tr("Kỳ", "Period"),
            "selected_inspections": tr("Cuộc ở nhóm rủi ro cao", "Inspections, high-risk"),
            "selected_mean": tr("Vi phạm/cuộc (rủi ro cao)", "Findings per inspection (high risk)"),
            "selected_low": tr("Cận dưới 95%", "95% low"),
            "selected_high": tr("Cận trên 95%", "95% high"),
            "other_inspections": tr("Cuộc ở cơ quan khác", "Inspections, others"),
            "other_mean": tr("Vi phạm/cuộc (khác)", "Findings per inspection (others)"),
            "other_low": tr("Cận dưới 95% ", "95% low "),
            "other_high": tr("Cận trên 95% ", "95% high "),
            "difference": tr("Chênh lệch", "Difference"),
            "difference_low": tr("Chênh lệch: cận dưới", "Difference: low"),
            "difference_high": tr("Chênh lệch: cận trên", "Difference: high"),
            "not_judged": tr("Chưa xếp hạng lúc đó", "Not ranked then"),
        },
        key="effect_table",
    )
