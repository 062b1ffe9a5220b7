"""Small pieces every page uses: downloads (audited), tables with dd/mm/yyyy dates, KPI rows, labels.

Page authors: the page title is drawn by app.py (from access.PAGES) — do not call st.title in a page.
Pages that name people call `audit_view(user, page, filters)` once their filters are read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig  # what st.column_config.* return

from dashboard import audit
from dashboard.access import User
from dashboard.i18n import t


def person_label(name: object, official_id: object) -> str:
    """ "Nguyễn Văn An (O1)" — people are shown by name with their id, never by id alone."""
    if official_id is None or (isinstance(official_id, float) and official_id != official_id):
        return ""
    if name is None or (isinstance(name, float) and name != name) or str(name) == "":
        return f"({official_id})"
    return f"{name} ({official_id})"


def agency_label(name: object, agency_id: object) -> str:
    return person_label(name, agency_id)


def _download_clicked(user: User, page: str, basename: str, kind: str, rows: int) -> None:
    audit.log_event(
        user, "download", page=page, details={"file": f"{basename}.{kind}", "format": kind, "rows": rows}
    )


def to_xlsx(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        df.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def to_csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8-sig")  # the BOM lets Excel read Vietnamese correctly


def downloads(
    user: User,
    df: pd.DataFrame | Callable[[], pd.DataFrame],
    basename: str,
    page: str,
    key: str | None = None,
    *,
    rows: int | None = None,
) -> None:
    """CSV and XLSX buttons; each click goes to the audit log. `df` is what the file holds, or a function
    that makes it when a button is clicked (a large download, read only when asked for: `rows` is then its
    number of rows, for the audit)."""
    key = key or f"{page}_{basename}"
    if callable(df):
        make = df
        csv_data: bytes | Callable[[], bytes] = lambda: to_csv(make())  # noqa: E731
        xlsx_data: bytes | Callable[[], bytes] = lambda: to_xlsx(make())  # noqa: E731
        count = int(rows or 0)
    else:
        csv_data, xlsx_data, count = to_csv(df), to_xlsx(df), len(df)
    left, right, _ = st.columns([1, 1, 4])
    with left:
        st.download_button(
            t("download_csv"),
            data=csv_data,
            file_name=f"{basename}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click=_download_clicked,
            args=(user, page, basename, "csv", count),
            icon=":material/download:",
        )
    with right:
        st.download_button(
            t("download_xlsx"),
            data=xlsx_data,
            file_name=f"{basename}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            on_click=_download_clicked,
            args=(user, page, basename, "xlsx", count),
            icon=":material/download:",
        )


def audit_view(user: User, page: str, filters: dict | None = None) -> None:
    """Logs a view of a page that names people, with its filters — once per distinct filter set."""
    filters = filters or {}
    fingerprint = json.dumps(filters, sort_keys=True, ensure_ascii=False, default=str)
    key = f"_audit_view_{page}"
    if st.session_state.get(key) == fingerprint:
        return
    st.session_state[key] = fingerprint
    audit.log_event(user, "page_view", page=page, details={"filters": filters})


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
    **kwargs: Any,  # passed on to st.dataframe (on_select, selection_mode)
) -> object:
    """st.dataframe with column headers from `labels` (columns not named there are hidden when `labels`
    is given), dates as dd/mm/yyyy and percentages for columns whose name ends in _rate/_low/_high."""
    config: dict[str, ColumnConfig] = {}
    for column in df.columns:
        header = (labels or {}).get(column, column)
        dtype = df[column].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
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
    return st.dataframe(
        df,
        column_config=config,
        column_order=order,
        hide_index=True,
        key=key,
        height=height,
        width="stretch",
        **kwargs,
    )
