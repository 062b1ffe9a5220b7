"""Small pieces every page uses: downloads (audited), tables with dd/mm/yyyy dates, KPI rows, labels.

Page authors: the page title is drawn by app.py (from access.PAGES) — do not call st.title in a page.
Pages that name people call `audit_view(user, page, filters)` once their filters are read.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig  # what st.column_config.* return

from dashboard import audit, session
from dashboard.access import User
from dashboard.fmt import md_text  # noqa: F401  (pages import it from here too)
from dashboard.i18n import t
from dashboard.session_store import STORE, Download
from pipelines.cells import neutralise_frame


def person_label(name: object, official_id: object) -> str:
    """ "Nguyễn Văn An (O1)" — people are shown by name with their id, never by id alone."""
    if official_id is None or (isinstance(official_id, float) and official_id != official_id):
        return ""
    if name is None or (isinstance(name, float) and name != name) or str(name) == "":
        return f"({official_id})"
    return f"{name} ({official_id})"


def agency_label(name: object, agency_id: object) -> str:
    return person_label(name, agency_id)


def to_xlsx(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    # strings_to_formulas off as well: a text cell is never written as a formula, whatever it begins with
    options = {"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=options) as writer:
        neutralise_frame(df).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def to_csv(df: pd.DataFrame) -> bytes:
    # the BOM lets Excel read Vietnamese correctly
    return neutralise_frame(df).to_csv(index=False).encode("utf-8-sig")


DOWNLOAD_PATH = "/_congvu/download/"
_DOWNLOAD_STYLE = (
    "display:inline-block;padding:0.3rem 0.75rem;border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;"
    "text-decoration:none;color:inherit;white-space:nowrap"
)


def downloads(
    user: User,
    df: pd.DataFrame | Callable[[], pd.DataFrame],
    basename: str,
    page: str,
    key: str | None = None,
    *,
    rows: int | None = None,
) -> None:
    """CSV and XLSX links. The file is made by the server only when the browser asks for it, on the
    audited path of dashboard/web.py: the audit line is written before any byte leaves, for the session
    that was offered the file, and only while its role may still view the page. `df` is what the file
    holds, or a function that makes it then (a large download: `rows` is then its number of rows)."""
    key = key or f"{page}_{basename}"
    make = df if callable(df) else (lambda: df)
    count = int(rows or 0) if callable(df) else len(df)
    makers = {"csv": lambda: to_csv(make()), "xlsx": lambda: to_xlsx(make())}
    columns = st.columns([1, 1, 4])
    for column, kind in zip(columns, ("csv", "xlsx"), strict=False):
        with column:
            file_download(
                user, makers[kind], f"{basename}.{kind}", page, key=f"{key}_{kind}", rows=count,
                label=t(f"download_{kind}"),
            )  # fmt: skip


def file_download(
    user: User, make: Callable[[], bytes], file_name: str, page: str, *, key: str, rows: int, label: str
) -> None:
    """One download link for a file made on request (CSV, XLSX, DOCX) on the audited path of
    dashboard/web.py: offered to this tab's session only; audited, then made, when the browser asks."""
    session_id = session.session_id()
    kind = file_name.rsplit(".", 1)[-1]
    offer = Download(page, file_name, kind, rows, make)
    token = STORE.offer_download(session_id, offer) if session_id and user else None
    with st.container(key=key):
        if token is None:  # no live session: nothing to offer
            return
        st.markdown(
            f'<a href="{DOWNLOAD_PATH}{token}" download="{html.escape(file_name)}" '
            f'data-key="{key}" style="{_DOWNLOAD_STYLE}">⤓ {html.escape(label)}</a>',
            unsafe_allow_html=True,
        )


def audit_view(user: User, page: str, filters: dict | None = None, rows: int | None = None) -> None:
    """Logs a view of a page that names people, with its filters and the number of rows it shows — once
    per distinct filter set. Call it before the rows are drawn: when the line cannot be written
    (AuditUnavailable) the page stops there."""
    filters = filters or {}
    fingerprint = json.dumps([filters, rows], sort_keys=True, ensure_ascii=False, default=str)
    key = f"_audit_view_{page}"
    if st.session_state.get(key) == fingerprint:
        return
    st.session_state[key] = fingerprint
    details: dict[str, object] = {"filters": filters}
    if rows is not None:
        details["rows"] = rows
    audit.log_event(user, "page_view", page=page, details=details)


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


def table(
    df: pd.DataFrame,
    labels: dict[str, str] | None = None,
    *,
    key: str | None = None,
    height: int | Literal["auto", "stretch", "content"] = "auto",
    links: Sequence[str] = (),
    **kwargs: Any,  # passed on to st.dataframe (on_select, selection_mode)
) -> object:
    """st.dataframe with column headers from `labels` (columns not named there are hidden when `labels`
    is given), dates as dd/mm/yyyy and percentages for columns whose name ends in _rate/_low/_high.
    Columns named in `links` hold detail-page links (dashboard.links) and show their label."""
    from dashboard.links import link_column

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
        elif column.endswith(("_rate", "_rate_low", "_rate_high", "_share")):
            config[column] = st.column_config.NumberColumn(header, format="percent")
        elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            # counts in the reader's number format (1.234 in Vietnamese); ids, years, row numbers: plain
            plain = column == "year" or column.endswith(("_id", "_year", "row_number"))
            config[column] = st.column_config.NumberColumn(header, format=None if plain else "localized")
        elif pd.api.types.is_bool_dtype(dtype):
            config[column] = st.column_config.CheckboxColumn(header)
        else:
            config[column] = st.column_config.Column(header)
    order = [c for c in (labels or {}) if c in df.columns] if labels else None
    # an empty text cell is empty, not Streamlit's English "None"
    text = [
        c
        for c in df.columns
        if c not in links and (df[c].dtype == object or pd.api.types.is_string_dtype(df[c]))
    ]
    shown = df.assign(**{c: df[c].fillna("") for c in text}) if text else df
    return st.dataframe(
        shown,
        column_config=config,
        column_order=order,
        hide_index=True,
        key=key,
        height=height,
        width="stretch",
        **kwargs,
    )
