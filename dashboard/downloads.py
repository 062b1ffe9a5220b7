"""Files a page offers: CSV and XLSX of a table, any file made on request. Each is made by the server only
when the browser asks, on the audited path of dashboard/web.py (dashboard/delivery.py)."""

from __future__ import annotations

import html
import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.access import User
from dashboard.i18n import t
from dashboard.session_store import STORE, Download
from pipelines.cells import neutralise_frame


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
