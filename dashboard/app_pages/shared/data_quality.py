"""Chất lượng dữ liệu — can the figures be trusted? Builds, rejected rows (with the rows), missing deadlines.

Reads build_runs, rejected_rows, agency_scorecard and decision_orphans (decisions whose subject is gone).
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, filters, fmt
from dashboard.data import run_query, table_exists
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.fmt import md_text
from dashboard.i18n import lang, t
from dashboard.labels import agency_label, label
from dashboard.session import require_page
from dashboard.tables import empty_state, table

PAGE = "data-quality"
ROW_LIMIT = 5000


def _builds() -> None:
    st.subheader(t("dq.builds"))
    runs = run_query(user, PAGE, "quality_build_runs")
    if user.role != "admin":  # the server's folders are the administrator's business, not every role's
        runs = runs.drop(columns=["input_dir"])
    runs["status"] = runs["status"].map(
        lambda code: t(f"dq.run_{code}") if code in ("success", "failed") else code
    )
    columns = {
        key: t(f"dq.{key}")
        for key in (
            "run_id",
            "started_at",
            "finished_at",
            "as_of",
            "rows_loaded",
            "rows_rejected",
            "status",
            "input_dir",
        )
        if key in runs.columns
    }
    table(runs, columns, key="dq_runs_table")
    downloads(
        user,
        runs[list(columns)].rename(columns=columns),
        "lich-su-xay-dung",
        PAGE,
        key="dq_runs_dl",
        doc=Document(t("dq.builds")),
    )


def _rejected() -> None:
    st.subheader(t("dq.rejected"))
    summary = run_query(user, PAGE, "quality_rejected_summary")
    if summary.empty:
        empty_state(t("dq.no_rejected"))
        return
    separators = ".," if lang() == "en" else charts.VI_SEPARATORS
    by_file = summary.groupby("file", as_index=False)["rows"].sum().sort_values("rows", ascending=False)
    left, right = st.columns([2, 3])
    with left:
        # one rule for every chart (charts.separates): bars that are all alike, or one bar, are not drawn
        if not charts.separates(by_file, bar="file", measure="rows"):
            st.caption(t("chart.not_separating"))
        else:
            st.plotly_chart(
                charts.count_bars(
                    by_file,
                    x="file",
                    y="rows",
                    y_name=t("dq.rows"),
                    x_title=t("dq.file"),
                    horizontal=True,
                    colour="#ff7f0e",
                    separators=separators,
                ),
                key="dq_rejected_chart",
            )
    with right:
        table(
            summary,
            {"file": t("dq.file"), "reason": t("dq.reason"), "rows": t("dq.rows")},
            key="dq_summary_table",
        )

    st.subheader(t("dq.rejected_rows"))
    all_label = t("dq.all")
    c1, c2 = st.columns(2)
    with c1:
        files = [all_label, *sorted(summary["file"].unique())]
        file = filters.select(t("dq.file"), files, key="dq_file")
    with c2:
        reasons_for_file = summary if file == all_label else summary[summary["file"] == file]
        reason = filters.select(
            t("dq.reason"), [all_label, *sorted(reasons_for_file["reason"].unique())], key="dq_reason"
        )
    params = {"file": None if file == all_label else file, "reason": None if reason == all_label else reason}
    rows = run_query(user, PAGE, "quality_rejected_rows", {**params, "limit": ROW_LIMIT})
    st.caption(t("dq.rows_shown", file=md_text(file), reason=md_text(reason), n=fmt.number(len(rows))))
    columns = {
        "file": t("dq.file"),
        "row_number": t("dq.row_number"),
        "column_name": t("dq.column"),
        "value": t("dq.value"),
        "reason": t("dq.reason"),
    }
    table(rows, columns, key="dq_rows_table")
    if len(rows) >= ROW_LIMIT:
        st.caption(t("dq.limited", shown=fmt.number(ROW_LIMIT)))
    downloads(
        user,
        rows[list(columns)].rename(columns=columns),
        "dong-bi-loai",
        PAGE,
        key="dq_rows_dl",
        doc=Document(
            t("dq.rejected_rows"),
            filters_text((t("dq.file"), params["file"]), (t("dq.reason"), params["reason"])),
        ),
    )


def _no_deadline() -> None:
    st.subheader(t("dq.no_deadline"), help=t("dq.no_deadline_help"))
    agencies = run_query(user, PAGE, "quality_no_deadline")
    if agencies.empty:
        empty_state()
        return
    agencies["agency"] = [
        agency_label(n, i) for n, i in zip(agencies["name"], agencies["agency_id"], strict=True)
    ]
    agencies["kind_label"] = agencies["kind"].map(lambda code: label("agency_kind", code))
    columns = {
        "agency": t("dq.agency"),
        "kind_label": t("dq.kind"),
        "tasks_total": t("dq.tasks_total"),
        "no_deadline": t("dq.no_deadline_count"),
        "no_deadline_share": t("dq.no_deadline_share"),
    }
    table(agencies, columns, key="dq_no_deadline_table")
    downloads(
        user,
        agencies[list(columns)].rename(columns=columns),
        "nhiem-vu-khong-thoi-han",
        PAGE,
        key="dq_no_deadline_dl",
        doc=Document(t("dq.no_deadline")),
    )


def _orphans() -> None:
    """Decisions kept in the store whose flag, task, reviewed official or candidate the latest build no
    longer has (contract §4). They name who decided: the view is audited."""
    from dashboard import tables
    from dashboard.decision_panel import outcome_label
    from dashboard.people import audit_view

    if not table_exists("decision_orphans"):
        return
    st.subheader(t("quality.orphans"))
    st.caption(t("quality.orphans_caption"))
    orphans = run_query(user, PAGE, "decision_orphans")
    if orphans.empty:
        empty_state()
        return
    audit_view(user, PAGE, {"section": "decision_orphans"})
    orphans["outcome_label"] = [
        outcome_label(k, o) for k, o in zip(orphans["subject_kind"], orphans["outcome"], strict=True)
    ]
    columns = tables.headers(
        orphans,
        {
            "subject_kind": "col.kind",
            "subject_id": "col.detail",
            "outcome_label": "decision.col.outcome",
            "decided_by": "decision.col.decided_by",
            "decided_at": "decision.col.decided_at",
            "reason": "decision.col.reason",
            "document_ref": "decision.col.document_ref",
        },
    )
    table(orphans, columns, key="dq_orphans_table")
    downloads(
        user,
        tables.export_frame(orphans, columns),
        "quyet-dinh-khong-con-doi-tuong",
        PAGE,
        key="dq_orphans",
        doc=Document(t("quality.orphans")),
    )


user = require_page(PAGE)
_builds()
_rejected()
_no_deadline()
_orphans()
