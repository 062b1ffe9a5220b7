"""What a page draws from rows: tables with dd/mm/yyyy dates and numbers in the page's language, the limited
table with full downloads, the export of what is on screen, KPI cards and the empty state.

Page authors: the page title is drawn by app.py (from access.PAGES) — do not call st.title in a page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig  # what st.column_config.* return

from dashboard import documents, fmt, i18n, printing
from dashboard.access import User
from dashboard.data import export_as, run_query
from dashboard.documents import Document
from dashboard.downloads import downloads
from dashboard.i18n import lang, t

# rows a filtered table shows at most; the count above it and the downloads cover every filtered row
ROW_LIMIT = 1000


def headers(df: pd.DataFrame, columns: dict[str, str]) -> dict[str, str]:
    """column → translated header for the columns present in df, in the order given (`columns` maps a
    column to a string key). Columns a table may only gain later are simply absent until they exist."""
    return {column: t(key) for column, key in columns.items() if column in df.columns}


# the rate behind a "82,5% (74,1–88,6%; n = 40)" text column, as numbers for the files (percent cells in XLSX)
RATE_COLUMNS = {
    "on_time_rate": "col.rate",
    "on_time_rate_low": "col.rate_low",
    "on_time_rate_high": "col.rate_high",
}


def with_rates(df: pd.DataFrame, labels: dict[str, str]) -> dict[str, str]:
    """A table's column headers plus the on-time rate and its interval as numbers, for export_frame."""
    return {**labels, **headers(df, RATE_COLUMNS)}


def export_frame(df: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """What is on screen, for CSV/XLSX: the shown columns under their headers, yes/no in words. Dates stay
    dates (the XLSX writes date cells, the CSV dd/mm/yyyy) and rates stay fractions, their headers listed in
    `attrs[documents.PERCENT_ATTR]` (the XLSX shows them as percentages)."""
    out = pd.DataFrame(index=df.index)
    percent: list[str] = []
    for column, header in labels.items():
        if column not in df.columns:
            continue
        values = df[column]
        if column.endswith("_link"):  # a detail-page link (dashboard.links): the file holds its label
            from dashboard.links import label_of

            out[header] = values.map(label_of)
        elif pd.api.types.is_bool_dtype(values.dtype):
            out[header] = values.map(lambda v: "" if pd.isna(v) else (t("yes") if v else t("no")))
        else:
            out[header] = values
            if documents.is_rate(column) and pd.api.types.is_numeric_dtype(values.dtype):
                percent.append(header)
    out = out.reset_index(drop=True)
    out.attrs[documents.PERCENT_ATTR] = percent
    return out


PERCENT_SUFFIXES = ("_rate", "_rate_low", "_rate_high", "_share", "_ratio")
# cells above which a table's numbers fall back to the browser's own number format (pandas' Styler stops
# formatting at styler.render.max_elements cells, 262.144; tables here show at most ROW_LIMIT rows)
FORMATTED_CELLS = 200_000


def _plain(column: str) -> bool:
    """Ids, years and row numbers: digits without grouping (2026, not 2.026)."""
    return column == "year" or column.endswith(("_id", "_year", "row_number"))


def number_texts(df: pd.DataFrame) -> dict[str, Callable[[object], str]]:
    """column → how its numbers read in the interface's language, whatever the browser's locale:
    counts 1.078 (vi) / 1,078 (en), rates and shares 86,8% / 86.8%, ids and years 2026; a missing
    value is an empty cell. Used as the display text of numeric cells (the cell keeps its number, so a
    click on the header sorts by value, not by text)."""
    out: dict[str, Callable[[object], str]] = {}
    for column in df.columns:
        dtype = df[column].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            continue
        if str(column).endswith(PERCENT_SUFFIXES):
            out[column] = _missing_empty(fmt.percent)
        elif _plain(str(column)):
            out[column] = _missing_empty(lambda x: str(int(x)) if float(x).is_integer() else str(x))
        else:
            values = df[column].dropna()
            whole = bool(values.empty or (values.astype(float) % 1 == 0).all())
            decimals = 0 if whole else 1 if (values.abs() >= 10).all() else 2
            out[column] = _missing_empty(functools.partial(fmt.number, decimals=decimals))
    return out


def _missing_empty(format_value: Callable[[Any], str]) -> Callable[[object], str]:
    def text(value: object) -> str:
        return "" if value is None or pd.isna(value) else format_value(value)  # type: ignore[arg-type]

    return text


def table(
    df: pd.DataFrame,
    labels: dict[str, str] | None = None,
    *,
    key: str | None = None,
    height: int | Literal["auto", "stretch", "content"] = "auto",
    links: Sequence[str] = (),
    key_columns: Sequence[str] | None = None,
    **kwargs: Any,  # passed on to st.dataframe (on_select, selection_mode)
) -> object:
    """st.dataframe with column headers from `labels` (columns not named there are hidden when `labels`
    is given), dates as dd/mm/yyyy, numbers in the interface's language whatever the browser's locale
    (`number_texts`; rates and shares — names ending in _rate/_low/_high/_share/_ratio — as percentages)
    and empty cells for missing values (never Streamlit's English "None").
    Columns named in `links` hold detail-page links (dashboard.links) and show their label. Under the print
    view (dashboard/printing.py) the same columns as a static table of every row.

    The `key_columns` (by default the first link column: the row's name or code) are pinned: drawn first, at
    the left, and kept on screen when the table scrolls sideways — on a 390 px phone only two or three
    columns fit, and they are the ones that say whose row it is and its main figure."""
    from dashboard.links import link_column

    # Streamlit's own number formats follow the browser (Intl with navigator.languages: an en-US browser
    # shows 1,078 in Vietnamese mode) and its printf formats cannot group thousands nor write a decimal
    # comma; so the text of each number cell comes from a pandas Styler (Streamlit shows a Styler's
    # display text in a number column that has no format of its own, and sorts by the number).
    texts = number_texts(df) if df.size <= FORMATTED_CELLS else {}
    config: dict[str, ColumnConfig] = {}
    for column in df.columns:
        header = (labels or {}).get(column, column)
        dtype = df[column].dtype
        if column in links:
            config[column] = link_column(header)
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            has_time = bool((df[column].dropna().dt.normalize() != df[column].dropna()).any())
            config[column] = (
                st.column_config.DatetimeColumn(header, format="DD/MM/YYYY HH:mm")
                if has_time
                else st.column_config.DateColumn(header, format="DD/MM/YYYY")
            )
        elif column in texts:
            config[column] = st.column_config.NumberColumn(header)  # no format: the Styler's text shows
        elif column.endswith(PERCENT_SUFFIXES):  # a table too big to format: the browser's notation
            config[column] = st.column_config.NumberColumn(header, format="percent")
        elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            config[column] = st.column_config.NumberColumn(
                header, format=None if _plain(column) else "localized"
            )
        elif pd.api.types.is_bool_dtype(dtype):
            config[column] = st.column_config.CheckboxColumn(header)
        else:
            config[column] = st.column_config.Column(header)
    if printing.print_view():  # "Bản in": every row as a static table (a canvas grid prints ~10 rows)
        st.table(printing.static_frame(df, labels, links), hide_index=True)
        return None  # no selection in print: pages read `event.selection` with getattr(..., None)
    order = [c for c in (labels or {}) if c in df.columns] if labels else None
    if key_columns is None:
        key_columns = [c for c in (order or list(df.columns)) if c in links][:1]
    for column in key_columns:
        if column in config:
            config[column]["pinned"] = True
    # an empty text cell is empty, not Streamlit's English "None"
    text = [
        c
        for c in df.columns
        if c not in links and (df[c].dtype == object or pd.api.types.is_string_dtype(df[c]))
    ]
    shown = df.assign(**{c: df[c].fillna("") for c in text}) if text else df
    data: Any = shown.style.format(texts) if texts else shown  # type: ignore[arg-type]
    return st.dataframe(
        data,
        column_config=config,
        column_order=order,
        hide_index=True,
        key=key,
        height=height,
        width="stretch",
        placeholder="",  # a missing value is an empty cell, not Streamlit's English "None"
        **kwargs,
    )


def limited_table(
    user: User,
    page: str,
    query: str,
    params: dict,
    total: int,
    prepare: Callable[[pd.DataFrame], pd.DataFrame],
    columns: dict[str, str],
    *,
    basename: str,
    key: str,
    table_key: str | None = None,
    doc: Document | None = None,
    **table_kwargs: Any,  # passed on to table (on_select, selection_mode)
) -> tuple[pd.DataFrame, object]:
    """A filtered table: the first ROW_LIMIT rows of `query` (its SQL filters by `params` and takes
    `$limit` rows in its own order), labelled by `prepare` (no st.* calls: it may run on a download's
    thread), under "1.000 / 273.545 rows" when the filters match more (`total`, counted by the page's
    aggregates); CSV/XLSX downloads hold every filtered row — the query without its limit, run only
    when a button is clicked; `doc` names the table and its filters for the XLSX (dashboard/documents.py).
    Returns the rows shown and the table's selection event."""

    rows = prepare(run_query(user, page, query, {**params, "limit": ROW_LIMIT}))
    labels = headers(rows, columns)
    if total > len(rows):
        st.caption(t("ui.rows_limited", shown=fmt.number(len(rows)), total=fmt.number(total)))
    event = table(rows, labels, key=table_key or f"{key}_table", **table_kwargs)
    if total > len(rows):
        downloads(
            user,
            _full_rows(user, page, query, params, prepare, labels),
            basename,
            page,
            key=key,
            rows=total,
            doc=doc,
        )
    else:
        downloads(user, export_frame(rows, labels), basename, page, key=key, doc=doc)
    return rows, event


def _full_rows(
    user: User,
    page: str,
    query: str,
    params: dict,
    prepare: Callable[[pd.DataFrame], pd.DataFrame],
    labels: dict,
) -> Callable[[], pd.DataFrame]:
    """Every row of a filtered query, for a download made at click time on Streamlit's download thread
    (no session there): the role and the language are taken now, and the access check runs then."""
    role, language = user.role, lang()

    def make() -> pd.DataFrame:
        with i18n.language(language):
            return export_frame(prepare(export_as(role, page, query, {**params, "limit": None})), labels)

    return make


def section(
    title: str,
    rows: pd.DataFrame,
    columns: dict[str, str],
    *,
    key: str,
    empty: str | None = None,
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    links: Sequence[str] = (),
) -> None:
    """A detail page's section: its heading, then its rows labelled by `prepare` under the headers of
    `columns` (column → string key), or its empty state when there are none."""
    st.subheader(title)
    if rows.empty:
        empty_state(empty)
        return
    rows = prepare(rows) if prepare else rows
    table(rows, headers(rows, columns), key=key, links=links)


def empty_state(message: str | None = None) -> None:
    st.info(message or t("no_data"), icon=":material/info:")


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: Literal["normal", "inverse", "off"] = "normal"  # "inverse" when a rise is bad (overdue work)


def kpi_row(kpis: Sequence[Kpi]) -> None:
    columns = st.columns(len(kpis))
    for column, kpi in zip(columns, kpis, strict=True):
        with column:
            st.metric(
                kpi.label, kpi.value, delta=kpi.delta, help=kpi.help, delta_color=kpi.delta_color, border=True
            )
