"""A downloaded table as a document to send: an XLSX sheet that says what it is before the table starts.

Rows above the table: the page's title and the table's name, the data date, the filters applied in words
and the source (congvu, the warehouse's build time); then the table with real date cells (dd/mm/yyyy), real
numbers (rates as percentages), a frozen header row, column widths fitted to the content, an autofilter and
A4 landscape print settings. The sheet is named after the table, in the page's language.

A page says what its files are with one `Document(name, filters)`: `filters` comes from `filters_text`,
which reads the words the page's filter widgets remembered (dashboard/filters.py) and its period. CSV stays
a plain table (dashboard/downloads.py). Every text cell is neutralised (pipelines/cells.py) and written as a
string, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd
import streamlit as st
import xlsxwriter

from dashboard import fmt
from dashboard.i18n import t
from pipelines.cells import neutralise

WORDS_KEY = "filter_words"  # session state: widget key → (label, words) of a filter as last drawn
PERCENT_ATTR = "percent_columns"  # DataFrame.attrs: the headers of columns that hold fractions in [0, 1]
RATE_SUFFIXES = ("_rate", "_rate_low", "_rate_high", "_share")
HEADER_ROW_AFTER = 5  # title, data date, filters, source, a blank row; then the header
MAX_WIDTH, MIN_WIDTH = 60, 6


@dataclass(frozen=True)
class Document:
    """What a page's file is: the table's name (the title row after the page's title, and the sheet's name)
    and the filters applied, in words (`filters_text`). One per table: `Document(t("x.table"), applied)`."""

    name: str = ""
    filters: str = ""


@dataclass(frozen=True)
class Heading:
    """The lines above a table, in the page's language (made by dashboard/downloads.py with the offer)."""

    title: str
    sheet: str
    filters: str
    as_of: str = ""
    source: str = ""


class _HasText(Protocol):
    def text(self) -> str: ...


def remember(key: str, label: str, words: Iterable[str] | bool | None) -> None:
    """Called by a filter widget after it is drawn: its choice in words, for the files of the page."""
    if isinstance(words, bool):
        text = label if words else ""
        entry = ("", text)
    else:
        chosen = [str(w) for w in (words or []) if str(w)]
        entry = (label, ", ".join(chosen))
    st.session_state.setdefault(WORDS_KEY, {})[key] = entry


def filters_text(*parts: _HasText | str | tuple[str, object] | None) -> str:
    """The filters applied, in words: "Kỳ: Năm 2026 (01/01/2026 – 27/11/2026); Cơ quan: Sở Xây dựng (SXD)".

    A part is the page's period (dashboard.period.Period), the key of a filter widget of dashboard/filters.py
    (its remembered words; nothing when nothing is chosen), or a (label, value) pair for any other control
    (a value of None, "", False or [] is no filter; True says the label alone). "" when no filter applies."""
    remembered = st.session_state.get(WORDS_KEY, {})
    said: list[str] = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, str):
            label, words = remembered.get(part, ("", ""))
        elif isinstance(part, tuple):
            label, value = part
            if value is True:
                label, words = "", label
            elif value is None or value is False or value == "" or value == []:
                words = ""
            elif isinstance(value, list | tuple):
                words = ", ".join(str(v) for v in value)
            else:
                words = str(value)
        else:
            label, words = "", part.text()
        if words:
            said.append(f"{label}: {words}" if label else words)
    return "; ".join(said)


def is_rate(column: object) -> bool:
    return isinstance(column, str) and column.endswith(RATE_SUFFIXES)


# --- the workbook ------------------------------------------------------------------------------------------


def workbook(df: pd.DataFrame, heading: Heading | None = None) -> bytes:
    """The table as an .xlsx: the heading's lines (when given), then the table, ready to filter and print."""
    buffer = io.BytesIO()
    # strings_to_formulas off: a text cell is never written as a formula, whatever it begins with
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "remove_timezone": True,
        },
    )
    base = {"font_name": "Times New Roman", "font_size": 12}
    styles = {
        "title": book.add_format({**base, "bold": True, "font_size": 14}),
        "line": book.add_format({**base, "italic": True}),
        "header": book.add_format(
            {**base, "bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#D9D9D9"}
        ),
        "text": book.add_format(base),
        "int": book.add_format({**base, "num_format": "#,##0"}),
        "num": book.add_format({**base, "num_format": "#,##0.##"}),
        "pct": book.add_format({**base, "num_format": "0.0%"}),
        "date": book.add_format({**base, "num_format": "dd/mm/yyyy"}),
        "datetime": book.add_format({**base, "num_format": "dd/mm/yyyy hh:mm"}),
    }
    sheet = book.add_worksheet(sheet_name(heading.sheet if heading else t("doc.sheet_default")))
    top = 0
    if heading is not None:
        lines = [
            (heading.title, "title"),
            (t("doc.as_of", date=heading.as_of) if heading.as_of else "", "line"),
            (t("doc.filters", filters=heading.filters or t("doc.no_filters")), "line"),
            (heading.source, "line"),
        ]
        for row, (text, style) in enumerate(lines):
            if text:
                sheet.write_string(row, 0, str(neutralise(text)), styles[style])
        top = HEADER_ROW_AFTER
    percent = set(df.attrs.get(PERCENT_ATTR, ()))
    last_row = top + len(df)
    for col, column in enumerate(df.columns):
        values = df[column]
        kind, cells = _cells(values, column in percent or is_rate(column))
        header = str(neutralise(str(column)))
        sheet.write_string(top, col, header, styles["header"])
        sheet.write_column(top + 1, col, cells, styles[kind])
        sheet.set_column(col, col, _width(header, values, kind))
    if len(df.columns):
        sheet.freeze_panes(top + 1, 0)
        sheet.autofilter(top, 0, last_row, len(df.columns) - 1)
        sheet.repeat_rows(top)
        sheet.print_area(0, 0, last_row, len(df.columns) - 1)
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


def sheet_name(name: str) -> str:
    """A legal sheet name: no []:*?/\\ and at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "-", name).strip().strip("'") or "Sheet1"
    return cleaned[:31]


def _cells(values: pd.Series, percent: bool) -> tuple[str, list[Any]]:
    """The column's cell style and its values as Python cells (None for an empty cell)."""
    missing = values.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        present = values.dropna()
        timed = bool((present.dt.normalize() != present).any())
        cells: list[Any] = [None if m else v.to_pydatetime() for v, m in zip(values, missing, strict=True)]
        return ("datetime" if timed else "date"), cells
    if pd.api.types.is_bool_dtype(values.dtype):
        return "text", [
            None if m else (t("yes") if v else t("no")) for v, m in zip(values, missing, strict=True)
        ]
    if pd.api.types.is_numeric_dtype(values.dtype):
        cells = [None if m else v for v, m in zip(values.astype(object), missing, strict=True)]
        if percent:
            return "pct", cells
        whole = pd.api.types.is_integer_dtype(values.dtype) or bool(
            (values.dropna() == values.dropna().round()).all()
        )
        return ("int" if whole else "num"), cells
    out: list[Any] = []
    for v in values:
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
            out.append(None)
        elif isinstance(v, dt.datetime | dt.date):
            out.append(fmt.date(v))
        elif isinstance(v, str):
            out.append(neutralise(v))
        elif hasattr(v, "tolist") or isinstance(v, list | tuple):
            out.append(neutralise(fmt.joined(v)))
        else:
            out.append(neutralise(str(v)))
    return "text", out


def _width(header: str, values: pd.Series, kind: str) -> float:
    """Wide enough for the longest value (within MAX_WIDTH) and for the longest word of the header."""
    if kind in ("date", "datetime"):
        longest = 16 if kind == "datetime" else 10
    elif kind == "pct":
        longest = 7
    elif kind in ("int", "num"):
        present = values.dropna()
        longest = len(f"{present.abs().max():,.2f}") if len(present) else 1
    else:
        present = values.dropna()
        longest = int(present.astype(str).str.len().max()) if len(present) else 1
    header_word = max((len(w) for w in header.split()), default=1)
    return float(max(MIN_WIDTH, header_word + 2, min(MAX_WIDTH, longest + 2)))
