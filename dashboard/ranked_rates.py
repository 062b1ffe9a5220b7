"""Ranked rates: the block the scorecard pages draw under their filters — the ranked rows' rates as dots with
their 95% interval (one row each, in rank order), the table of every shown row, and its CSV/XLSX downloads.

The rows come filtered and ranked by a mart (a rank only above the fairness minimum); nothing is computed
here. A page that links its chart points to detail pages passes `follow=(kind, id column)`.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    ranked = rows[rows[rate.rank].notna()].sort_values(rate.rank, kind="stable")
    if most is not None:
        ranked = ranked.head(most)
    if not ranked.empty:
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
    tables.table(rows, columns, key=table_key, links=table_links)
    downloads(user, tables.export_frame(rows, export or columns), basename, page, key=download_key, doc=doc)
