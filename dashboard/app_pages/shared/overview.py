"""Tổng quan — how timely is the work now, against the quarter before, and where is it stuck?

Reads the marts task_trend (per month / quarter) and agency_scorecard_current (agencies as organised
now); computes no metric of its own.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, fmt, links, tables
from dashboard.access import PAGES, can_view
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import lang, t
from dashboard.labels import agency_label, label
from dashboard.periodic_reports import report_links
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "overview"


def _delta_count(now: float, before: float | None) -> str | None:
    if before is None or pd.isna(now) or pd.isna(before):
        return None
    diff = int(now) - int(before)
    return ("+" if diff > 0 else "") + fmt.number(diff)


def _delta_rate(now: float, before: float | None) -> str | None:
    if before is None or pd.isna(now) or pd.isna(before):
        return None
    diff = 100 * (float(now) - float(before))
    return t("overview.pp", delta=("+" if diff > 0 else "") + fmt.number(diff, decimals=1))


def _kpis(quarters: pd.DataFrame) -> None:
    current = quarters.iloc[-1]
    previous = quarters.iloc[-2] if len(quarters) > 1 else None

    def before(column: str) -> float | None:
        return previous[column] if previous is not None else None

    st.subheader(
        t("overview.current", start=fmt.date(current["period_start"]), end=fmt.date(current["counted_to"]))
    )
    kpi_row(
        [
            Kpi(
                t("overview.tasks_due"),
                fmt.number(current["tasks_due"]),
                None if current["is_partial"] else _delta_count(current["tasks_due"], before("tasks_due")),
                help=t("overview.partial_help") if current["is_partial"] else None,
                delta_color="off",
            ),
            Kpi(
                t("overview.on_time_rate"),
                fmt.percent(current["on_time_rate"]),
                _delta_rate(current["on_time_rate"], before("on_time_rate")),
            ),
            Kpi(
                t("overview.open_overdue"),
                fmt.number(current["open_overdue_at_end"]),
                _delta_count(current["open_overdue_at_end"], before("open_overdue_at_end")),
                delta_color="inverse",
            ),
            Kpi(
                t("overview.key_open_overdue"),
                fmt.number(current["key_open_overdue_at_end"]),
                _delta_count(current["key_open_overdue_at_end"], before("key_open_overdue_at_end")),
                delta_color="inverse",
            ),
        ]
    )
    if can_view(user.role, "overdue"):
        # the overdue cards lead to the list behind them: every task open past its deadline at the data date
        since = quarters.iloc[0]["period_start"].date().isoformat()
        until = current["counted_to"].date().isoformat()
        st.page_link(
            PAGES["overdue"].file,
            label=t("overview.see_overdue"),
            icon=":material/list:",
            query_params={"period": f"{since}..{until}"},
        )
    if previous is not None:
        st.caption(
            t(
                "overview.previous_note",
                start=fmt.date(previous["period_start"]),
                end=fmt.date(previous["period_end"]),
            )
        )


def _trend(months: pd.DataFrame) -> None:
    shown = st.slider(
        t("overview.months_shown"),
        min_value=3,
        max_value=max(3, len(months)),
        value=min(24, max(3, len(months))),
        key="overview_months",
    )
    recent = months.tail(shown)
    separators = ".," if lang() == "en" else charts.VI_SEPARATORS
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            charts.rate_trend(
                recent,
                x="period_start",
                rate="on_time_rate",
                low="on_time_rate_low",
                high="on_time_rate_high",
                rate_name=t("overview.rate"),
                band_name=t("overview.band"),
                x_title=t("overview.month"),
                title=t("overview.trend_rate"),
                separators=separators,
            ),
            key="overview_rate_chart",
        )
    with right:
        st.plotly_chart(
            charts.count_bars(
                recent,
                x="period_start",
                y="open_overdue_at_end",
                y_name=t("overview.tasks"),
                x_title=t("overview.month"),
                date_axis=True,
                title=t("overview.trend_backlog"),
                separators=separators,
            ),
            key="overview_backlog_chart",
        )
    export = recent.assign(month=recent["period_start"].map(fmt.month))
    month_columns = tables.headers(
        export,
        {
            "month": "overview.month",
            "tasks_due": "col.tasks_due",
            "done_on_time": "col.done_on_time",
            "done_late": "col.done_late",
            "open_overdue": "col.open_overdue",
            **tables.RATE_COLUMNS,
            "open_overdue_at_end": "overview.open_overdue",
            "key_open_overdue_at_end": "overview.key_open_overdue",
        },
    )
    downloads(
        user,
        tables.export_frame(export, month_columns),
        "tong-quan-theo-thang",
        PAGE,
        key="overview_months_dl",
        doc=Document(t("overview.trend_rate"), filters_text((t("overview.months_shown"), shown))),
    )


def _top_agencies() -> None:
    st.subheader(t("overview.top_agencies"))
    top = run_query(user, PAGE, "overview_top_agencies", {"limit": 10})
    if top.empty:
        empty_state(t("overview.no_overdue"))
        return
    top["agency"] = [agency_label(n, i) for n, i in zip(top["name"], top["agency_id"], strict=True)]
    top["kind_label"] = top["kind"].map(lambda code: label("agency_kind", code))
    separators = ".," if lang() == "en" else charts.VI_SEPARATORS
    chart = st.plotly_chart(
        charts.count_bars(
            top,
            x="agency",
            y="key_open_overdue",
            y_name=t("overview.key_open_overdue"),
            x_title=t("overview.agency"),
            horizontal=True,
            separators=separators,
        ),
        key="overview_top_chart",
        on_select="rerun",
        selection_mode="points",
    )
    # a click on a bar opens the agency's page
    links.follow_chart(chart, "agency", dict(zip(top["agency"], top["agency_id"], strict=True)))
    columns = {
        "agency": t("overview.agency"),
        "kind_label": t("overview.kind"),
        "key_open_overdue": t("overview.key_open_overdue"),
        "open_overdue": t("overview.open_overdue"),
        "tasks_total": t("overview.tasks_total"),
        "on_time_rate": t("overview.on_time_rate"),
    }
    table(top, columns, key="overview_top_table")
    downloads(
        user,
        tables.export_frame(top, columns),
        "co-quan-qua-han",
        PAGE,
        key="overview_top_dl",
        doc=Document(t("overview.top_agencies")),
    )


def _status_totals() -> None:
    totals = run_query(user, PAGE, "overview_status_totals")
    if totals.empty:
        return
    totals["status_label"] = totals["status"].map(lambda code: label("task_status", code))
    with st.expander(t("overview.by_status")):
        table(
            totals,
            {
                "status_label": t("overview.status"),
                "tasks": t("overview.tasks"),
                "key_tasks": t("overview.key_tasks"),
            },
            key="overview_status_table",
        )


user = require_page(PAGE)
quarters = run_query(user, PAGE, "overview_periods", {"kind": "quarter"})
if quarters.empty:
    empty_state(t("overview.no_periods"))
else:
    _kpis(quarters)
    _trend(run_query(user, PAGE, "overview_periods", {"kind": "month"}))
_top_agencies()
_status_totals()
report_links(user, "overview_reports")
