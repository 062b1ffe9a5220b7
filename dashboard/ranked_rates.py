"""Ranked rates: the block the scorecard pages draw under their filters — the ranked rows' rates as dots with
their 95% interval (one row each, in rank order), the table of every shown row, and its CSV/XLSX downloads.

The rows come filtered and ranked by a mart (a rank only above the fairness minimum); nothing is computed
here. A page that links its chart points to detail pages passes `follow=(kind, id column)`. A page with
more rows than a table shows (the officials: 30,000 at province scale) uses `show_limited`: the chart of the
ranked rows among the first ones its query returns (ranked first), the table of those rows, and downloads of
every filtered row, read only when a button is clicked (tables.limited_table).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import charts, fmt, links, tables
from dashboard.access import User
from dashboard.documents import Document
from dashboard.downloads import downloads


@dataclass(frozen=True)
class Rate:
    """The columns of one rate: the rate, its 95% interval and its hover text; the rank that orders it."""

    rank: str = "rank_position"
    rate: str = "on_time_rate"
    low: str = "on_time_rate_low"
    high: str = "on_time_rate_high"
    hover: str = "rate_text"


def show(
    user: User,
    page: str,
    rows: pd.DataFrame,
    columns: dict[str, str],
    *,
    label: str,
    x_title: str,
    chart_key: str,
    table_key: str,
    basename: str,
    download_key: str,
    rate: Rate = Rate(),
    title: str | None = None,
    most: int | None = None,
    follow: tuple[str, str] | None = None,
    table_links: Sequence[str] = (),
    export: dict[str, str] | None = None,
    doc: Document | None = None,
) -> None:
    """The chart of the ranked rows (`most` of them at most; none when no row is ranked), then the table of
    every row under `columns` (column → header) and its downloads (`download_key`: the columns `export`
    names, `columns` by default, as the document `doc`). A click on a point opens the detail page `follow`
    names."""
    _chart(rows, label, x_title, chart_key, rate, title, most, follow)
    tables.table(rows, columns, key=table_key, links=table_links)
    downloads(user, tables.export_frame(rows, export or columns), basename, page, key=download_key, doc=doc)


def show_limited(
    user: User,
    page: str,
    query: str,
    params: dict,
    total: int,
    prepare: Callable[[pd.DataFrame], pd.DataFrame],
    columns: dict[str, str],
    *,
    label: str,
    x_title: str,
    chart_key: str,
    table_key: str,
    basename: str,
    download_key: str,
    rate: Rate = Rate(),
    title: str | None = None,
    most: int | None = None,
    follow: tuple[str, str] | None = None,
    table_links: Sequence[str] = (),
    doc: Document | None = None,
) -> pd.DataFrame:
    """As `show`, for a query too large to read whole on every view: its first rows (the query orders them
    ranked first and takes `$limit`), labelled by `prepare`, under their chart; `total` rows in all (counted
    by the page's aggregates) go to the downloads. `columns` maps a column to its header's text key, as
    tables.limited_table takes them. Returns the rows shown."""
    chart_slot = st.container()
    shown, _ = tables.limited_table(
        user,
        page,
        query,
        params,
        total,
        prepare,
        columns,
        basename=basename,
        key=download_key,
        table_key=table_key,
        links=list(table_links),
        doc=doc,
    )
    with chart_slot:
        _chart(shown, label, x_title, chart_key, rate, title, most, follow)
    return shown


def _chart(
    rows: pd.DataFrame,
    label: str,
    x_title: str,
    chart_key: str,
    rate: Rate,
    title: str | None,
    most: int | None,
    follow: tuple[str, str] | None,
) -> None:
    """The ranked rows' rates as dots with their interval, in rank order (`most` of them at most); nothing
    when no row is ranked."""
    ranked = rows[rows[rate.rank].notna()].sort_values(rate.rank, kind="stable")
    if most is not None:
        ranked = ranked.head(most)
    if ranked.empty:
        return
    figure = charts.rate_intervals(
        ranked,
        label=label,
        rate=rate.rate,
        low=rate.low,
        high=rate.high,
        hover=rate.hover,
        x_title=x_title,
        title=title,
        separators=fmt.plotly_separators(),
    )
    if follow is None:
        st.plotly_chart(figure, key=chart_key)
    else:
        event = st.plotly_chart(figure, key=chart_key, on_select="rerun", selection_mode="points")
        kind, id_col = follow
        links.follow_chart(event, kind, dict(zip(ranked[label], ranked[id_col], strict=True)))
