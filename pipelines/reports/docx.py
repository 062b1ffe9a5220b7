"""A Report as a .docx in the presentation of administrative documents (Decree 30/2020/NĐ-CP, Appendix I).

A4 portrait, margins 20/20/30/20 mm (top, bottom, left, right), Times New Roman: the issuing body (parent
body upper case, issuing body bold upper case) opposite the national emblem line ("CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM", bold) and motto ("Độc lập - Tự do - Hạnh phúc", bold, underlined); the number under the
issuing body, the place and date in italics under the motto; the document type and summary in bold,
centred; the body at 14 pt, justified, first line indented 1.27 cm, 6 pt between paragraphs; tables at
10–11 pt with their header row repeated on every page; the signature block on the right and "Nơi nhận:"
(bold italic, 12 pt; list at 11 pt) on the left; page numbers centred in the header from page 2.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from pipelines.reports.model import Report, Table, cell_text, kind_of
from pipelines.reports.periods import vn_date_line

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_CM = 16.0  # 210 mm − 30 mm left − 20 mm right
EMBLEM = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADER_LEFT_CM = 6.6  # the issuing body; the rest of the text width holds the emblem line and the date line
# Width of a character of Times New Roman as a share of the font size, generous (bold capitals and
# Vietnamese diacritics), and the left + right padding of a table cell (Word's default 0.19 cm each).
CHAR_EM = 0.62
CELL_PADDING_CM = 0.45


def render_docx(report: Report) -> bytes:
    doc = Document()
    _page_setup(doc)
    _national_header(doc, report)
    _title(doc, report)
    for text in report.intro:
        _body(doc, text)
    for section in report.sections:
        _body(doc, section.heading, bold=True, indent=False, keep_with_next=True)
        for text in section.paragraphs:
            _body(doc, text)
        for table in section.tables:
            _table(doc, table)
    _closing(doc, report)
    doc.core_properties.title = f"{report.doc_type.capitalize()} {report.title}"
    doc.core_properties.author = report.issuer.capitalize()
    doc.core_properties.language = "vi-VN"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    # Page numbers: centred in the header, not on the first page.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)


def _page_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for tag, text in (("w:fldChar", "begin"), ("w:instrText", "PAGE"), ("w:fldChar", "end")):
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), text)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _line(
    cell_or_doc,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> Paragraph:
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    if underline:
        run.font.underline = True
    return paragraph


def _borderless(table: DocxTable, widths_cm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # the grid's columns, not only the cells: LibreOffice lays a table out by its grid (w:gridCol), which
    # python-docx makes equal — the national emblem line then wrapped in half the page (issue 12)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _national_header(doc: DocxDocument, report: Report) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table, [HEADER_LEFT_CM, TEXT_WIDTH_CM - HEADER_LEFT_CM])
    left, right = table.rows[0].cells
    _line(left, report.issuer_parent, 12, first=True)  # Decree 30: 12–13 pt
    _line(left, report.issuer, 12, bold=True, underline=True)
    _line(left, "", 8)
    _line(left, report.number, 13)
    _line(right, EMBLEM, 12, bold=True, first=True)  # Decree 30: 12–13 pt
    _line(right, MOTTO, 13.5, bold=True, underline=True)
    _line(right, "", 8)
    _line(right, vn_date_line(report.place, report.issued_on), 13.5, italic=True)


def _title(doc: DocxDocument, report: Report) -> None:
    _line(doc, "", 12)
    _line(doc, report.doc_type, BODY_PT, bold=True)
    paragraph = _line(doc, report.title, BODY_PT, bold=True)
    paragraph.paragraph_format.space_after = Pt(12)


def _body(
    doc: DocxDocument, text: str, bold: bool = False, indent: bool = True, keep_with_next: bool = False
) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    fmt.keep_with_next = keep_with_next or not indent
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(BODY_PT), bold


def _table(doc: DocxDocument, table: Table) -> None:
    caption = _line(doc, table.title, 13, bold=True)
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(3)
    caption.paragraph_format.keep_with_next = True
    if not table.rows:
        empty = _line(doc, table.empty_text, 13, italic=True)
        empty.paragraph_format.space_after = Pt(6)
        return
    columns = table.columns
    style = _cell_style(doc, 11 if len(columns) <= 7 else 10)
    size = 11 if len(columns) <= 7 else 10
    headers = (["STT"] if table.numbered else []) + [c.header for c in columns]
    widths = ([2.6] if table.numbered else []) + [c.width for c in columns]
    numbered = [
        "" if table.total_last and i == len(table.rows) - 1 else str(i + 1) for i in range(len(table.rows))
    ]
    column_values = ([numbered] if table.numbered else []) + [
        [cell_text(c, r) for r in table.rows] if c.kind != "text" else [] for c in columns
    ]
    widths_cm = fit_widths(widths, headers, column_values, size)
    grid = doc.add_table(rows=1, cols=len(widths_cm))
    grid.style = "Table Grid"
    grid.autofit = False
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)
    header_row = grid.rows[0]
    _repeat_header(header_row)
    for cell, text, width in zip(header_row.cells, headers, widths_cm, strict=True):
        cell.width = Cm(width)  # the first row's widths fix the layout (tblLayout fixed)
        _shade(cell, "D9D9D9")
        _cell_text(cell, text, style, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    last = len(table.rows) - 1
    align = {
        "text": WD_ALIGN_PARAGRAPH.LEFT,
        "date": WD_ALIGN_PARAGRAPH.CENTER,
    }
    for index, row in enumerate(table.rows):
        is_total = table.total_last and index == last
        cells = grid.add_row().cells
        values = (
            [("" if is_total else str(index + 1), WD_ALIGN_PARAGRAPH.CENTER)] if table.numbered else []
        ) + [(cell_text(c, row), align.get(kind_of(c, row), WD_ALIGN_PARAGRAPH.RIGHT)) for c in columns]
        for cell, (text, alignment) in zip(cells, values, strict=True):
            _cell_text(cell, text, style, alignment, bold=is_total)
    for note in table.notes:
        _line(doc, note, 12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(doc, "", 6)


def text_width_cm(text: str, size_pt: float) -> float:
    """A generous estimate of the printed width of `text` in Times New Roman at `size_pt`."""
    return len(text) * size_pt * CHAR_EM * 2.54 / 72


def fit_widths(
    shares: list[float], headers: list[str], values: list[list[str]], size_pt: float
) -> list[float]:
    """Column widths (cm) filling the text width in proportion to `shares`, but none narrower than its
    longest header word nor than the longest value of a number or date column (which must not break):
    the "STT" column wrapped letter by letter at 2.6/… of the page (issue 12). The columns that need more
    take it; the others share what is left in proportion."""
    need = [
        CELL_PADDING_CM
        + max(
            [text_width_cm(word, size_pt) for word in header.split()]
            + [text_width_cm(v, size_pt * 0.9) for v in column_values]
            + [0.0]
        )
        for header, column_values in zip(headers, values, strict=True)
    ]
    fixed: set[int] = set()
    while True:
        free = TEXT_WIDTH_CM - sum(need[i] for i in fixed)
        share = sum(shares[i] for i in range(len(shares)) if i not in fixed)
        widths = [need[i] if i in fixed else shares[i] * free / share for i in range(len(shares))]
        short = {i for i in range(len(shares)) if i not in fixed and widths[i] < need[i]}
        if not short or len(fixed | short) == len(shares):
            return [max(w, n) for w, n in zip(widths, need, strict=True)] if short else widths
        fixed |= short


def _cell_style(doc: DocxDocument, size: int) -> str:
    """A paragraph style for table cells: setting the size once in a style, not on each of thousands of
    runs, keeps a long list fast to write."""
    name = f"Bảng {size}"
    if name not in [s.name for s in doc.styles]:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    return doc.styles[name].style_id


def _cell_text(cell, text: str, style: str, alignment, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = style  # the style id, set directly: no lookup by name per cell
    paragraph.alignment = alignment
    run = paragraph.add_run(text)
    if bold:
        run.font.bold = True


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _closing(doc: DocxDocument, report: Report) -> None:
    _line(doc, "", 10)
    table = doc.add_table(rows=1, cols=2)
    _borderless(table, [8.0, 8.0])
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for recipient in report.recipients:
        _line(left, f"- {recipient}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for index, title in enumerate(report.signer_title):
        _line(right, title, BODY_PT, bold=True, first=index == 0)
    _line(right, report.signer_note, 13, italic=True)
    for _ in range(4):
        _line(right, "", BODY_PT)
