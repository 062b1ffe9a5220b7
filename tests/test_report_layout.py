"""Every .docx document rendered as a reader sees it (LibreOffice → PDF → PNG, issue 12): the national emblem
line and the place-and-date line each on one line, and no table column narrower than a word of its header
(the "STT" column wrapped letter by letter). Needs Debian's libreoffice-writer-nogui and poppler-utils
(installed by .ci/run)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from pipelines.reports import render_report
from pipelines.reports.docx import EMBLEM
from pipelines.reports.inspection_plan import load_plan, next_quarter, render_plan
from tests.builders import query

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    not SOFFICE or not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
    reason="LibreOffice (soffice) and poppler-utils render the documents (.ci/run installs them)",
)
DATE_LINE = re.compile(r"Hải Phòng, ngày \d{2} tháng \d{1,2} năm \d{4}")


@pytest.fixture(scope="module")
def rendered(demo_warehouse, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """kind → (.docx, .pdf) for the three periodic reports and the inspection plan, rendered in one run."""
    folder = tmp_path_factory.mktemp("layout")
    as_of = query(demo_warehouse, "select as_of from build_params")[0]["as_of"]
    docs = {}
    for kind in ("tasks", "commendation", "review"):
        path = folder / f"{kind}.docx"
        path.write_bytes(render_report(demo_warehouse, kind, str(as_of.year), "docx"))
        docs[kind] = path
    plan = load_plan(demo_warehouse, 8, 7, next_quarter(as_of))
    docs["plan"] = folder / "plan.docx"
    docs["plan"].write_bytes(render_plan(demo_warehouse, plan, "docx"))
    profile = folder / "lo-profile"  # a private LibreOffice profile: never shares a lock with another run
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, docs.values()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {kind: (path, path.with_suffix(".pdf")) for kind, path in docs.items()}


def layout_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def pdf_words(pdf: Path) -> set[str]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return {re.sub(r"<[^>]+>", "", w).strip() for w in re.findall(r"<word [^>]*>[^<]*</word>", html)}


@pytest.mark.parametrize("kind", ["tasks", "commendation", "review", "plan"])
def test_header_lines_do_not_wrap(rendered, kind):
    _, pdf = rendered[kind]
    lines = layout_text(pdf).splitlines()[:12]
    assert any(EMBLEM in line for line in lines), "\n".join(lines)
    assert any(DATE_LINE.search(line) for line in lines), "\n".join(lines)


@pytest.mark.parametrize("kind", ["tasks", "commendation", "review", "plan"])
def test_no_column_narrower_than_a_word_of_its_header(rendered, kind, tmp_path):
    docx, pdf = rendered[kind]
    words = pdf_words(pdf)
    headers = [
        cell.text
        for table in Document(str(docx)).tables[1:-1]  # the data tables, between the header and the closing
        for cell in table.rows[0].cells
    ]
    assert "STT" in headers
    broken = sorted(
        {
            word
            for header in headers
            for word in re.findall(r"[^\s/():,.;–-]+", header)
            if len(word) > 1 and word not in words
        }
    )
    assert broken == [], f"header words split across lines in the rendered {kind} report: {broken}"
    subprocess.run(  # the page as an image, for whoever looks at a failure
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / kind)],
        check=True,
        timeout=60,
    )
    assert list(tmp_path.glob(f"{kind}*.png"))


def test_xlsx_tables_have_filters_source_autofilter_and_real_dates(demo_warehouse, tmp_path):
    as_of = query(demo_warehouse, "select as_of from build_params")[0]["as_of"]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(
        render_plan(demo_warehouse, load_plan(demo_warehouse, 8, 7, next_quarter(as_of)), "xlsx")
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Báo cáo", "Danh sách kiểm tra"]
    ws = book["Danh sách kiểm tra"]
    texts = [c.value for row in ws.iter_rows(max_row=14) for c in row if isinstance(c.value, str)]
    assert any(t.startswith("Bộ lọc: 8 cơ quan, hạt giống (seed) 7") for t in texts)
    assert any(t.startswith("Nguồn: bảng inspection_risk") for t in texts)
    header = next(r for r in ws.iter_rows() if r[0].value == "STT")
    row = header[0].row
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{row}:")
    assert ws.freeze_panes == f"A{row + 1}"
    dates = [c for c in ws[row + 1] if c.number_format == "dd/mm/yyyy" and c.value is not None]
    assert dates and all(hasattr(c.value, "year") for c in dates)
    assert all((ws.column_dimensions[c.column_letter].width or 0) > 5 for c in header)
