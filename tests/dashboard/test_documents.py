"""Downloaded XLSX files are documents to send: the page's title and the table's name, the data date, the
filters applied in words and the source above the table; real date and number cells (rates as percentages),
a frozen header, widths fitted to the content, an autofilter, a sheet named in the page's language. CSV stays
the plain table. Files are fetched as the browser's request would fetch them (dashboard.delivery: audit
line, then the file), from the real app (AppTest) on the session's demo warehouse."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest

from dashboard import audit
from dashboard.access import PAGES
from dashboard.delivery import deliver
from tests.builders import query
from tests.dashboard.test_pages import ALL_TIME, open_page

LINK = re.compile(r'href="/_congvu/download/([^"]+)"[^>]*data-key="([^"]+)"')


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


def tokens(at) -> dict[str, str]:
    return {found[2]: found[1] for m in at.markdown for found in [LINK.search(m.value)] if found}


def fetch(at, key: str) -> bytes:
    answer = deliver(at.session_state["auth_session"], tokens(at)[key])
    assert answer.status == 200, answer.body
    return answer.body


def workbook(at, key: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(fetch(at, f"{key}_xlsx")))


def vi_date(value: object) -> str:
    return value.strftime("%d/%m/%Y")  # type: ignore[attr-defined]


def test_the_discipline_list_is_a_document_with_its_filters_and_date_cells(demo) -> None:
    (pick,) = query(
        demo["db"],
        "select o.agency_id, a.name from discipline_periods d join stg_officials o using (official_id) "
        "join stg_agencies a on a.agency_id = o.agency_id group by all order by count(*) desc, 1 limit 1",
    )
    at = open_page("inspectorate", "discipline", query={"period": "2025"})
    at.multiselect(key="discipline_agency").select(pick["agency_id"]).run()
    (info,) = query(demo["db"], "select as_of from build_params")
    (built,) = query(demo["db"], "select max(finished_at) as at from build_runs where status = 'success'")
    book = workbook(at, "discipline_list")
    sheet = book.active
    assert sheet.title == "Danh sách quyết định kỷ luật"
    lines = [sheet.cell(row, 1).value for row in range(1, 5)]
    assert lines[0] == "Kỷ luật — Danh sách quyết định kỷ luật"
    assert lines[1] == f"Số liệu tính đến ngày {vi_date(info['as_of'])}"
    assert lines[2] == (
        f"Bộ lọc: Kỳ: Năm 2025 (01/01/2025 – 31/12/2025); Cơ quan: {pick['name']} ({pick['agency_id']})"
    )
    assert lines[3] == f"Nguồn: congvu — kho dữ liệu xây dựng lúc {built['at'].strftime('%d/%m/%Y %H:%M')}"
    headers = [c.value for c in sheet[6]]
    assert headers[:2] == ["Số quyết định", "Cán bộ, công chức"]
    assert sheet.freeze_panes == "A7"  # the header row stays in view
    last = sheet.max_row
    assert sheet.auto_filter.ref == f"A6:{openpyxl.utils.get_column_letter(len(headers))}{last}"
    decided = headers.index("Ngày quyết định") + 1
    cells = [sheet.cell(row, decided) for row in range(7, last + 1)]
    assert cells and all(isinstance(c.value, dt.datetime) for c in cells)  # dates, not text
    assert {c.number_format for c in cells} == {"dd/mm/yyyy"}
    # every row is the chosen agency's, in effect in 2025
    expected = query(
        demo["db"],
        "select count(*) as n from discipline_periods d join stg_officials o using (official_id) "
        "where o.agency_id = $a and d.decided_on <= '2025-12-31' "
        "and (d.effect_ends_on is null or d.effect_ends_on >= '2025-01-01')",
        {"a": pick["agency_id"]},
    )[0]["n"]
    assert last - 6 == expected > 0
    # widths fitted: no column narrower than its header's longest word
    widths = {
        h: sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
        for i, h in enumerate(headers)
    }
    assert all(widths[h] >= max(len(w) for w in h.split()) for h in headers)
    # the CSV stays the plain table: header first, dates as dd/mm/yyyy text, the BOM kept
    text = fetch(at, "discipline_list_csv")
    assert text.startswith(b"\xef\xbb\xbf")
    first, second = text.decode("utf-8-sig").splitlines()[:2]
    assert first.split(",")[0] == headers[0] and re.search(r"\d{2}/\d{2}/\d{4}", second)


def test_rates_are_percent_cells_and_the_sheet_speaks_english_in_english(demo) -> None:
    at = open_page("board", "agencies", lang="en")
    sheet = workbook(at, "agencies_scorecard").active
    assert sheet.title == "Agency scorecard"
    assert sheet["A1"].value == "Agencies — Agency scorecard"
    assert sheet["A3"].value.startswith("Filters: ")
    assert sheet["A4"].value.startswith("Source: congvu")
    headers = [c.value for c in sheet[6]]
    rate = headers.index("On-time rate") + 1
    values = [sheet.cell(row, rate) for row in range(7, sheet.max_row + 1)]
    numbers = [c for c in values if c.value is not None]
    assert numbers and all(isinstance(c.value, float) and 0 <= c.value <= 1 for c in numbers)
    assert {c.number_format for c in numbers} == {"0.0%"}
    counts = headers.index("Tasks") + 1
    assert all(isinstance(sheet.cell(r, counts).value, int) for r in range(7, sheet.max_row + 1))


def test_a_table_without_filters_says_so(demo) -> None:
    at = open_page("inspectorate", "inspection-risk")
    sheet = workbook(at, "risk_download").active
    assert sheet["A1"].value == "Kiểm tra đột xuất theo rủi ro — Bảng rủi ro"
    assert sheet["A3"].value == "Bộ lọc: không (toàn bộ dữ liệu)"


# every page that offers downloads, with a role that sees it: each XLSX opens with its title and filters
OFFERS = [
    ("inspectorate", "overdue", {"period": ALL_TIME}),
    ("inspectorate", "shifting", {"period": ALL_TIME}),
    ("inspectorate", "consultations", {"period": ALL_TIME}),
    ("inspectorate", "inspections", {"period": ALL_TIME}),
    ("inspectorate", "inspection-risk", {}),
    ("inspectorate", "gaming-signals", {}),
    ("inspectorate", "discipline", {"period": ALL_TIME}),
    ("inspectorate", "personnel", {}),
    ("home_affairs", "officials", {}),
    ("home_affairs", "grading", {}),
    ("board", "commendation", {}),
    ("board", "agencies", {}),
    ("admin", "overview", {}),
    ("admin", "data-quality", {}),
    ("admin", "audit", {}),
]


@pytest.mark.parametrize(("role", "page", "url"), OFFERS, ids=[p for _, p, _ in OFFERS])
def test_every_xlsx_of_every_page_carries_its_title_date_filters_and_source(demo, role, page, url) -> None:
    if page == "audit":
        audit.append_event(demo["audit"], "lan", "download", "overview", {"file": "a.csv", "rows": 3})
    at = open_page(role, page, query=url)
    keys = [k for k in tokens(at) if k.endswith("_xlsx")]
    assert keys, f"{page} offers no XLSX"
    title = PAGES[page].title("vi")
    for key in keys:
        sheet = openpyxl.load_workbook(io.BytesIO(fetch(at, key))).active
        assert sheet["A1"].value.startswith(title + " — "), (key, sheet["A1"].value)
        assert sheet["A2"].value.startswith("Số liệu tính đến ngày "), key
        assert sheet["A3"].value.startswith("Bộ lọc: "), key
        assert sheet["A4"].value.startswith("Nguồn: congvu"), key
        assert sheet.freeze_panes == "A7" and sheet.auto_filter.ref.startswith("A6:"), key
        assert sheet.title == sheet["A1"].value.split(" — ", 1)[1][:31], key
