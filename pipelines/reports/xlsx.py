"""A Report as an .xlsx: a cover sheet with the report's text, then one sheet per table, ready to print.

Each table sheet repeats the issuing body and title above the table, keeps numbers as numbers (with
number formats, so cells can be summed) and dates as dates (dd/mm/yyyy), and is set up for printing:
A4 landscape, fitted to one page wide, header row repeated on every page, print area, page numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipelines.cells import neutralise
from pipelines.reports.model import Column, Report, Table, kind_of
from pipelines.reports.periods import vn_date, vn_date_line

FONT = "Times New Roman"
EMBLEM = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_FORMATS = {"int": "#,##0", "num": "#,##0.##", "pct": "0.0%", "date": "dd/mm/yyyy", "text": "@"}
SIGNED_FORMATS = {"int": "+#,##0;-#,##0;0", "pct": "+0.0%;-0.0%;0.0%"}


def render_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    book.set_properties(
        {"title": f"{report.doc_type.capitalize()} {report.title}", "author": report.issuer.capitalize()}
    )
    styles = _Styles(book)
    used: set[str] = set()
    _cover(book.add_worksheet(_sheet_name("Báo cáo", used)), report, styles)
    for table in report.tables():
        _table_sheet(book.add_worksheet(_sheet_name(table.sheet, used)), report, table, styles)
    book.close()
    return buffer.getvalue()


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": FONT, "font_size": 12, "valign": "top"}
        self.book, self.base = book, base
        self.issuer = book.add_format({**base, "align": "center"})
        self.issuer_bold = book.add_format({**base, "align": "center", "bold": True})
        self.motto = book.add_format({**base, "align": "center", "bold": True, "underline": 1})
        self.date_line = book.add_format({**base, "align": "center", "italic": True})
        self.title = book.add_format(
            {**base, "align": "center", "bold": True, "font_size": 14, "text_wrap": True}
        )
        self.caption = book.add_format({**base, "bold": True, "font_size": 13})
        self.note = book.add_format({**base, "italic": True, "text_wrap": True})
        self.heading = book.add_format({**base, "bold": True, "text_wrap": True})
        self.paragraph = book.add_format({**base, "text_wrap": True, "align": "justify"})
        self.header = book.add_format(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "#D9D9D9",
            }
        )
        self._cells: dict[tuple[str, bool, bool], Any] = {}

    def cell(self, kind: str, total: bool = False, signed: bool = False) -> Any:
        key = (kind, total, signed)
        if key not in self._cells:
            spec = {
                **self.base,
                "border": 1,
                "text_wrap": True,
                "bold": total,
                "num_format": (SIGNED_FORMATS.get(kind) if signed else None) or NUMBER_FORMATS[kind],
            }
            if kind == "date":
                spec["align"] = "center"
            self._cells[key] = self.book.add_format(spec)
        return self._cells[key]


def _sheet_name(name: str, used: set[str]) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", "-", name)[:31]
    candidate, n = cleaned, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def _print_setup(sheet: Worksheet, last_row: int, last_col: int, repeat_row: int | None) -> None:
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.print_area(0, 0, last_row, last_col)
    if repeat_row is not None:
        sheet.repeat_rows(repeat_row)
    sheet.set_footer('&C&"Times New Roman"&11Trang &P/&N')


def _heading_block(sheet: Worksheet, report: Report, styles: _Styles, last_col: int) -> int:
    """The issuing body opposite the national emblem line; returns the next free row."""
    split = max(1, (last_col + 1) // 3)
    left = (0, split - 1) if split > 1 else (0, 0)
    right = (split, last_col) if last_col > split else (split, split)

    def put(row: int, span: tuple[int, int], text: str, fmt: Any) -> None:
        if span[1] > span[0]:
            sheet.merge_range(row, span[0], row, span[1], text, fmt)
        else:
            sheet.write_string(row, span[0], text, fmt)

    put(0, left, report.issuer_parent, styles.issuer)
    put(1, left, report.issuer, styles.issuer_bold)
    put(2, left, report.number, styles.issuer)
    put(0, right, EMBLEM, styles.issuer_bold)
    put(1, right, MOTTO, styles.motto)
    put(2, right, vn_date_line(report.place, report.issued_on), styles.date_line)
    sheet.merge_range(4, 0, 4, last_col, report.doc_type, styles.title)
    sheet.merge_range(5, 0, 5, last_col, report.title, styles.title)
    sheet.set_row(5, 36)
    return 7


def _cover(sheet: Worksheet, report: Report, styles: _Styles) -> None:
    last_col = 5
    sheet.set_column(0, last_col, 20)
    row = _heading_block(sheet, report, styles, last_col)
    chars_per_line = 6 * 20 * 1.1

    def paragraph(text: str, fmt: Any) -> None:
        nonlocal row
        sheet.merge_range(row, 0, row, last_col, text, fmt)
        sheet.set_row(row, 16 * max(1, int(len(text) / chars_per_line) + 1))
        row += 1

    for text in report.intro:
        paragraph(text, styles.paragraph)
    for section in report.sections:
        row += 1
        paragraph(section.heading, styles.heading)
        for text in section.paragraphs:
            paragraph(text, styles.paragraph)
        for table in section.tables:
            paragraph(f'{table.title}: xem trang tính "{table.sheet}".', styles.note)
    row += 1
    paragraph("Nơi nhận: " + " ".join(f"- {r}" for r in report.recipients), styles.note)
    paragraph(" ".join(report.signer_title), styles.issuer_bold)
    _print_setup(sheet, row, last_col, None)
    sheet.fit_to_pages(1, 0)
    sheet.set_portrait()


def _write(sheet: Worksheet, row: int, col: int, column: Column, data: dict[str, Any], fmt: Any) -> None:
    value, kind = data.get(column.key), kind_of(column, data)
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif kind == "date" and isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
    elif kind in ("int", "num", "pct"):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, str(neutralise(str(value))), fmt)


def _table_sheet(sheet: Worksheet, report: Report, table: Table, styles: _Styles) -> None:
    columns = table.columns
    offset = 1 if table.numbered else 0
    last_col = len(columns) - 1 + offset
    if table.numbered:
        sheet.set_column(0, 0, 6)
    for index, column in enumerate(columns):
        sheet.set_column(index + offset, index + offset, column.width)
    row = _heading_block(sheet, report, styles, last_col)
    sheet.merge_range(row, 0, row, last_col, table.title, styles.caption)
    row += 1
    sheet.merge_range(
        row,
        0,
        row,
        last_col,
        f"Kỳ báo cáo: {report.period_label}; số liệu tại ngày {vn_date(report.judged_on)}.",
        styles.note,
    )
    row += 1
    sheet.merge_range(
        row,
        0,
        row,
        last_col,
        f"Bộ lọc: {report.filters or 'không có (toàn bộ số liệu của kỳ)'}.",
        styles.note,
    )
    row += 1
    source = report.source or f"kho dữ liệu congvu, số liệu tại ngày {vn_date(report.judged_on)}"
    sheet.merge_range(row, 0, row, last_col, f"Nguồn: {source}.", styles.note)
    row += 2
    header_row = row
    headers = (["STT"] if table.numbered else []) + [c.header for c in columns]
    for col, text in enumerate(headers):
        sheet.write_string(row, col, text, styles.header)
    sheet.set_row(row, 48)
    row += 1
    if not table.rows:
        sheet.merge_range(row, 0, row, last_col, table.empty_text, styles.note)
        row += 1
    last = len(table.rows) - 1
    for index, data in enumerate(table.rows):
        is_total = table.total_last and index == last
        if table.numbered:
            if is_total:
                sheet.write_blank(row, 0, None, styles.cell("text", True))
            else:
                sheet.write_number(row, 0, index + 1, styles.cell("int", False))
        for col, column in enumerate(columns):
            fmt = styles.cell(kind_of(column, data), is_total, column.signed)
            _write(sheet, row, col + offset, column, data, fmt)
        row += 1
    for note in table.notes:
        sheet.merge_range(row, 0, row, last_col, note, styles.note)
        row += 1
    if table.rows:
        sheet.autofilter(header_row, 0, header_row + len(table.rows), last_col)
    sheet.freeze_panes(header_row + 1, 0)
    _print_setup(sheet, row - 1, last_col, header_row)
