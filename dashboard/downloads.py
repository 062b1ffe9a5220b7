"""Files a page offers: CSV and XLSX of a table, any file made on request. Each is made by the server only
when the browser asks, on the audited path of dashboard/web.py (dashboard/delivery.py).

The XLSX is a document (dashboard/documents.py: title, data date, filters in words, source, then the table);
the CSV is the plain table for machines (dates dd/mm/yyyy, a BOM so that Excel reads Vietnamese)."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import data, fmt, i18n, session
from dashboard.access import PAGES, User
from dashboard.documents import Document, Heading, workbook
from dashboard.i18n import lang, t
from dashboard.session_store import STORE, Download
from pipelines.cells import neutralise_frame


def to_xlsx(df: pd.DataFrame, heading: Heading | None = None) -> bytes:
    """The table as an .xlsx document (dashboard/documents.py); without a heading, the table alone."""
    return workbook(df, heading)


def to_csv(df: pd.DataFrame) -> bytes:
    """The plain table: dates as dd/mm/yyyy text (with the time where a column has one)."""
    out = neutralise_frame(df)
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            present = values.dropna()
            timed = bool((present.dt.normalize() != present).any())
            out[column] = values.map(fmt.datetime if timed else fmt.date)
    # the BOM lets Excel read Vietnamese correctly
    return out.to_csv(index=False).encode("utf-8-sig")


def heading(page: str, doc: Document | None) -> Heading:
    """The lines above the table, in the page's language: the page's title and the table's name, the filters;
    the data date and the source are read from the warehouse when the file is made (`completed`)."""
    spec = PAGES.get(page)
    page_title = spec.title(lang()) if spec else page
    name = doc.name if doc and doc.name else ""
    title = f"{page_title} — {name}" if name and name != page_title else page_title
    return Heading(title=title, sheet=name or page_title, filters=doc.filters if doc else "")


def completed(head: Heading) -> Heading:
    """The heading with the warehouse's data date and build time, as they are when the file is made."""
    try:
        info = data.build_info()
    except (FileNotFoundError, OSError):
        info = {}
    built = fmt.datetime(info.get("built_at")) if info.get("built_at") else ""
    return Heading(
        title=head.title,
        sheet=head.sheet,
        filters=head.filters,
        as_of=fmt.date(info.get("as_of")),
        source=t("doc.source", built=built) if built else t("doc.source_plain"),
    )


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
    doc: Document | None = None,
) -> None:
    """CSV and XLSX links. The file is made by the server only when the browser asks for it, on the
    audited path of dashboard/web.py: the audit line is written before any byte leaves, for the session
    that was offered the file, and only while its role may still view the page. `df` is what the file
    holds, or a function that makes it then (a large download: `rows` is then its number of rows).
    `doc` names the table and the filters applied (dashboard/documents.py) for the XLSX's heading."""
    key = key or f"{page}_{basename}"
    make = df if callable(df) else (lambda: df)
    count = int(rows or 0) if callable(df) else len(df)
    head, language = heading(page, doc), lang()

    def xlsx() -> bytes:  # made at click time, on the web thread: in the page's language
        with i18n.language(language):
            return to_xlsx(make(), completed(head))

    makers = {"csv": lambda: to_csv(make()), "xlsx": xlsx}
    columns = st.columns([1, 1, 4])
    for column, kind in zip(columns, ("csv", "xlsx"), strict=False):
        with column:
            file_download(
                user, makers[kind], f"{basename}.{kind}", page, key=f"{key}_{kind}", rows=count,
                label=t(f"download_{kind}"),
            )  # fmt: skip


def file_download(
    user: User,
    make: Callable[[], bytes],
    file_name: str,
    page: str,
    *,
    key: str,
    rows: int,
    label: str,
    details: dict | None = None,
) -> None:
    """One download link for a file made on request (CSV, XLSX, DOCX) on the audited path of
    dashboard/web.py: offered to this tab's session only; audited (with `details` added to the line), then
    made, when the browser asks."""
    session_id = session.session_id()
    kind = file_name.rsplit(".", 1)[-1]
    offer = Download(page, file_name, kind, rows, make, dict(details or {}))
    token = STORE.offer_download(session_id, offer) if session_id and user else None
    with st.container(key=key):
        if token is None:  # no live session: nothing to offer
            return
        st.markdown(
            f'<a href="{DOWNLOAD_PATH}{token}" download="{html.escape(file_name)}" '
            f'data-key="{key}" style="{_DOWNLOAD_STYLE}">⤓ {html.escape(label)}</a>',
            unsafe_allow_html=True,
        )
