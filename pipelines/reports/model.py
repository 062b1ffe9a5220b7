"""What a report says, independent of its file format: the .docx and the .xlsx writers both render this.

A report is a header (issuing body, number, place and date, title), an introduction, sections made of
paragraphs and tables, and the closing (signature block and recipients). Tables carry raw values
(numbers stay numbers, dates stay dates); each writer formats them — the .docx in Vietnamese notation
via babel, the .xlsx with number formats so that the cells can still be summed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pipelines import formats

NO_DATA = "Không có dữ liệu"

ColumnKind = Literal["text", "int", "pct", "date", "num"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: ColumnKind = "text"
    width: float = 12  # in characters, for the spreadsheet; the .docx shares the page in proportion
    signed: bool = False  # a change: shown with its sign (+3, −2)


@dataclass
class Table:
    sheet: str  # sheet name in the .xlsx (≤ 31 characters)
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    empty_text: str = f"{NO_DATA} (no data)."
    notes: list[str] = field(default_factory=list)
    total_last: bool = False  # the last row is a total: shown in bold
    numbered: bool = True  # a first column "STT" (row number), the Vietnamese habit


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Report:
    kind: str
    issuer_parent: str  # e.g. "UBND THÀNH PHỐ HẢI PHÒNG"
    issuer: str  # e.g. "VĂN PHÒNG"
    number: str  # e.g. "Số:        /BC-VP" — the number is given when the document is registered
    place: str
    issued_on: dt.date
    doc_type: str  # "BÁO CÁO"
    title: str  # the summary (trích yếu) below the document type
    period_label: str
    judged_on: dt.date
    has_data: bool
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_title: list[str] = field(default_factory=list)
    signer_note: str = "(Ký, ghi rõ họ tên, đóng dấu)"
    filters: str = ""  # what the figures were selected by, in words ("" = none beyond the period)
    source: str = ""  # where they come from ("" = the congvu warehouse as of judged_on)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


def number(value: float | int | None) -> str:
    return "" if value is None else formats.number(value)


def percent(value: float | None) -> str:
    return "–" if value is None else formats.percent(value)


def kind_of(column: Column, row: dict[str, Any]) -> ColumnKind:
    """A numeric column's kind, unless the row says otherwise (`_kind`: a table of mixed indicators)."""
    if column.kind == "text":
        return "text"
    return row.get("_kind", column.kind)


def cell_text(column: Column, row: dict[str, Any]) -> str:
    """A value as the .docx shows it."""
    value, kind = row.get(column.key), kind_of(column, row)
    if value is None:
        return "–" if kind in ("pct", "num", "int") and column.kind != "text" else ""
    if kind == "int":
        text = number(int(value))
    elif kind == "num":
        text = formats.decimal(value)
    elif kind == "pct":
        text = percent(float(value))
    elif kind == "date":
        return formats.date(value) if isinstance(value, dt.date) else str(value)
    else:
        return str(value)
    if column.signed and value > 0:
        return "+" + text
    if column.signed and value < 0:
        return "−" + text.lstrip("-−")
    return text
