"""Periodic reports (`congvu report`): a hand-made warehouse in, real .docx/.xlsx files out, read back
with python-docx and openpyxl and checked against the warehouse.

Scenario (as_of 30/09/2023): six tasks assigned in Q2 or Q1, two in Q3, one extension decided after the
end of Q2 — so Q2 (judged on 30/06/2023) and Q3 (judged on the as_of day) show the difference between
"status at the end of the period" and "status in the warehouse".
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from pipelines.cli import main
from pipelines.reports import render_report
from pipelines.reports.commendation import legal_basis, rule_set_for
from pipelines.reports.periods import PeriodError, parse_period, vn_date_line
from tests.builders import TASK_HEADER, build_warehouse, query

EMBLEM = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

TASKS = (
    TASK_HEADER
    + """
T1,Rà soát thủ tục hành chính lĩnh vực xây dựng,city_chair,SXD,O1,agency,2023-04-05,2023-05-10,2023-05-08,true
T2,Đề án chỉnh trang đô thị ven sông Lạch Tray,city_pc,SXD,O2,agency,2023-04-10,2023-05-15,,true
T3,Báo cáo thu chi ngân sách 6 tháng,government,STC,O3,agency,2023-05-02,2023-06-30,2023-07-05,false
T4,Kế hoạch cải cách hành chính,prime_minister,SNV,O4,agency,2023-06-01,,2023-06-20,false
T5,Quy hoạch khu công nghiệp,city_pc,Q-LC,,city,2023-06-10,2023-07-30,,false
T6,Nhiệm vụ quý I,city_chair,SXD,O1,agency,2023-02-01,2023-03-01,2023-03-20,true
T7,Giải phóng mặt bằng dự án đường ven biển,city_chair,Q-LC,,agency,2023-07-15,2023-08-15,,true
T8,Tổng kết phong trào thi đua,internal,SNV,O4,agency,2023-08-01,,,false
"""
)
# T2's deadline is extended on 10/07/2023 (after Q2 ended) to 31/08/2023: on 30/06 it was overdue against
# 15/05 (46 days); on the as_of day against 31/08 (30 days).
EVENTS = """\
event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on
E1,T2,2023-07-10,extend,,,O2,,2023-08-31
E2,T5,2023-06-12,transfer,Q-LC,SXD,,,
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(
        tmp_path_factory.mktemp("reports"), {"tasks": TASKS, "task_events": EVENTS}, as_of="2023-09-30"
    )


def run_report(db: Path, kind: str, period: str, out: Path, audit: Path | None = None) -> int:
    audit = audit or out.parent / "audit.jsonl"
    return main(
        [
            "report",
            "--db",
            str(db),
            "--kind",
            kind,
            "--period",
            period,
            "--out",
            str(out),
            "--audit",
            str(audit),
        ]
    )


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    """The data rows of a table sheet as dicts keyed by the header row (the row starting with "STT")."""
    ws = openpyxl.load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "STT")
    header = rows[start]
    return [dict(zip(header, r, strict=True)) for r in rows[start + 1 :] if any(v is not None for v in r)]


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if v)


# ---------------------------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "start", "end", "previous"),
    [
        ("2023-Q2", dt.date(2023, 4, 1), dt.date(2023, 6, 30), "2023-Q1"),
        ("2023-Q1", dt.date(2023, 1, 1), dt.date(2023, 3, 31), "2022-Q4"),
        ("2023-05", dt.date(2023, 5, 1), dt.date(2023, 5, 31), "2023-04"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-01"),
        ("2023-01", dt.date(2023, 1, 1), dt.date(2023, 1, 31), "2022-12"),
        ("2023-H1", dt.date(2023, 1, 1), dt.date(2023, 6, 30), "2022-H2"),
        ("2023-h2", dt.date(2023, 7, 1), dt.date(2023, 12, 31), "2023-H1"),
        ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31), "2022"),
    ],
)
def test_periods_parse_to_first_and_last_day_and_previous(text, start, end, previous):
    period = parse_period(text)
    assert (period.start, period.end, period.previous().code) == (start, end, previous)


@pytest.mark.parametrize(
    "text", ["2023-Q5", "2023-13", "2023-00", "2023-H3", "23", "Q2-2023", "", "2023-Q2x"]
)
def test_invalid_periods_are_refused(text):
    with pytest.raises(PeriodError, match="kỳ báo cáo không hợp lệ"):
        parse_period(text)


def test_date_line_follows_decree_30():
    assert vn_date_line("Hải Phòng", dt.date(2024, 3, 5)) == "Hải Phòng, ngày 05 tháng 3 năm 2024"
    assert vn_date_line("Hải Phòng", dt.date(2024, 2, 15)) == "Hải Phòng, ngày 15 tháng 02 năm 2024"


# ---------------------------------------------------------------------------------------- the CLI


@pytest.mark.parametrize("period", ["2023-Q5", "2023-13", "abc"])
def test_bad_period_exits_2_with_a_message(warehouse, tmp_path, capsys, period):
    assert run_report(warehouse, "tasks", period, tmp_path / "r.docx") == 2
    assert "kỳ báo cáo không hợp lệ" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()


def test_unknown_output_format_exits_2(warehouse, tmp_path, capsys):
    assert run_report(warehouse, "tasks", "2023-Q2", tmp_path / "r.pdf") == 2
    assert ".docx" in capsys.readouterr().err


def test_missing_warehouse_exits_2(tmp_path, capsys):
    assert run_report(tmp_path / "none.duckdb", "tasks", "2023-Q2", tmp_path / "r.xlsx") == 2
    assert "không tìm thấy kho dữ liệu" in capsys.readouterr().err


def test_console_script_writes_the_file(warehouse, tmp_path):
    """The installed `congvu` script, as an operator runs it."""
    out = tmp_path / "bao-cao.xlsx"
    congvu = Path(sys.executable).with_name("congvu")
    result = subprocess.run(
        [
            str(congvu),
            "report",
            "--db",
            str(warehouse),
            "--kind",
            "tasks",
            "--period",
            "2023-Q2",
            "--out",
            str(out),
            "--audit",
            str(tmp_path / "audit.jsonl"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"
    assert "Đã ghi báo cáo" in result.stdout
    assert out.stat().st_mode & 0o777 == 0o640  # it names officials: not readable by every local user


def test_a_report_is_audited_before_it_is_written(warehouse, tmp_path):
    out, audit = tmp_path / "r.docx", tmp_path / "audit.jsonl"
    assert run_report(warehouse, "review", "2023", out, audit) == 0
    (event,) = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    assert event["action"] == "report" and event["page"] == "cli" and event["user"]
    assert event["details"] | {"bytes": 0} == {
        "kind": "review", "period": "2023", "file": str(out), "format": "docx", "bytes": 0
    }  # fmt: skip
    assert event["details"]["bytes"] == out.stat().st_size


def test_no_report_is_written_when_the_audit_log_cannot_be_written(warehouse, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert run_report(warehouse, "commendation", "2023", out, audit=tmp_path) == 1  # the log path is a folder
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert "nhật ký truy cập" in capsys.readouterr().err


# ---------------------------------------------------------------------------------- the task report


@pytest.fixture(scope="module")
def q2(warehouse, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("q2")
    files = {ext: folder / f"tasks-2023-Q2.{ext}" for ext in ("docx", "xlsx")}
    for path in files.values():
        assert run_report(warehouse, "tasks", "2023-Q2", path) == 0
    return files


def test_task_docx_has_the_decree_30_header(q2):
    doc = Document(str(q2["docx"]))
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert left.paragraphs[0].text == "UBND THÀNH PHỐ HẢI PHÒNG"
    assert left.paragraphs[1].text == "VĂN PHÒNG" and left.paragraphs[1].runs[0].bold
    assert any(p.text.startswith("Số:") and p.text.endswith("/BC-VP") for p in left.paragraphs)
    assert right.paragraphs[0].text == EMBLEM and right.paragraphs[0].runs[0].bold
    motto = right.paragraphs[1]
    assert motto.text == MOTTO and motto.runs[0].bold and motto.runs[0].underline
    assert any(p.text.startswith("Hải Phòng, ngày ") and p.runs[0].italic for p in right.paragraphs)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Tình hình thực hiện nhiệm vụ được giao quý II năm 2023" in texts
    closing = doc.tables[-1].rows[0].cells
    assert closing[0].paragraphs[0].text == "Nơi nhận:"
    assert closing[1].paragraphs[0].text == "CHÁNH VĂN PHÒNG"


def test_task_report_says_on_which_day_status_is_judged(q2):
    text = docx_text(q2["docx"])
    assert "tình trạng thực hiện được xác định tại ngày 30/06/2023 (ngày cuối kỳ báo cáo)" in text


def test_task_figures_at_period_end_match_the_hand_count(q2):
    """Q2, judged on 30/06/2023: T1 on time, T2 overdue (its extension came in July), T3 not yet completed
    and in time, T4 done without deadline, T5 in time."""
    for rows in (sheet_rows(q2["xlsx"], "Theo nguồn giao"),):
        total = rows[-1]
        assert total["Nguồn giao"] == "Tổng cộng"
        assert total["Số nhiệm vụ được giao"] == 5
        assert total["Hoàn thành đúng hạn"] == 1
        assert total["Hoàn thành quá hạn"] == 0
        assert total["Hoàn thành (không có thời hạn)"] == 1
        assert total["Đang thực hiện trong hạn"] == 2
        assert total["Đang thực hiện quá hạn"] == 1
        assert total["Tỷ lệ quá hạn / số có thời hạn"] == pytest.approx(1 / 4)
        assert total["Tỷ lệ quá hạn / tổng số"] == pytest.approx(1 / 5)
        by_label = {r["Nguồn giao"]: r for r in rows}
        assert by_label["UBND thành phố"]["Số nhiệm vụ được giao"] == 2
        assert by_label["Nội bộ"]["Số nhiệm vụ được giao"] == 0
    overdue = sheet_rows(q2["xlsx"], "NV trọng tâm quá hạn")
    assert [(r["Trích yếu nhiệm vụ"], r["Cơ quan chủ trì"], r["Số ngày quá hạn"]) for r in overdue] == [
        ("Đề án chỉnh trang đô thị ven sông Lạch Tray", "Sở Xây dựng", 46)
    ]
    comparison = {r["Chỉ tiêu"]: r for r in sheet_rows(q2["xlsx"], "So sánh kỳ trước")}
    assert comparison["Số nhiệm vụ được giao"]["Quý I năm 2023"] == 1
    assert comparison["Hoàn thành quá hạn"]["Quý I năm 2023"] == 1
    assert comparison["Số nhiệm vụ được giao"]["Tăng (+), giảm (−)"] == 4


def test_task_figures_on_the_as_of_day_are_the_warehouse_figures(warehouse, tmp_path):
    """Q3 contains the as_of day: every figure is task_status's own."""
    out = tmp_path / "q3.xlsx"
    assert run_report(warehouse, "tasks", "2023-Q3", out) == 0
    expected = query(
        warehouse,
        "select owner_agency_id, a.name, count(*) as n, "
        "count(*) filter (where status = 'open_overdue') as overdue, "
        "count(*) filter (where status = 'no_deadline') as no_deadline "
        "from task_status join stg_agencies a on a.agency_id = owner_agency_id "
        "where assigned_on between '2023-07-01' and '2023-09-30' group by all",
    )
    rows = {r["Cơ quan chủ trì"]: r for r in sheet_rows(out, "Theo cơ quan")}
    for e in expected:
        row = rows[e["name"]]
        assert row["Số nhiệm vụ được giao"] == e["n"]
        assert row["Đang thực hiện quá hạn"] == e["overdue"]
        assert (
            row["Hoàn thành (không có thời hạn)"] + row["Đang thực hiện (không có thời hạn)"]
            == e["no_deadline"]
        )
    key_overdue = query(
        warehouse,
        "select t.title, t.days_overdue from task_status t where is_key and status = 'open_overdue' "
        "order by days_overdue desc, task_id",
    )
    listed = [
        (r["Trích yếu nhiệm vụ"], r["Số ngày quá hạn"]) for r in sheet_rows(out, "NV trọng tâm quá hạn")
    ]
    assert listed == [(k["title"], k["days_overdue"]) for k in key_overdue]
    assert (
        "Đề án chỉnh trang đô thị ven sông Lạch Tray",
        30,
    ) in listed  # the extended deadline, carried over


def test_shifting_findings_section_matches_shifting_flags(warehouse, q2):
    expected = query(
        warehouse,
        "select agency_id, count(*) as n from shifting_flags "
        "where occurred_on between '2023-04-01' and '2023-06-30' group by agency_id",
    )
    rows = sheet_rows(q2["xlsx"], "Đùn đẩy trách nhiệm")
    assert sorted(r["Tổng số phát hiện"] for r in rows) == sorted(e["n"] for e in expected)


def test_vietnamese_text_is_intact(q2):
    for text in (docx_text(q2["docx"]), xlsx_text(q2["xlsx"])):
        assert unicodedata.is_normalized("NFC", text)
        for phrase in (
            "Đề án chỉnh trang đô thị ven sông Lạch Tray",
            "Chủ tịch UBND thành phố",
            "Sở Xây dựng",
            "UBND quận Lê Chân",
            "Đang thực hiện quá hạn",
        ):
            assert phrase in text
        assert "á»" not in text and "Ä" not in text  # no UTF-8 read as cp1252 (mojibake)


def test_xlsx_is_set_up_for_printing(q2):
    book = openpyxl.load_workbook(q2["xlsx"])
    assert book.sheetnames[0] == "Báo cáo"
    assert {"Theo nguồn giao", "Theo cơ quan", "NV trọng tâm quá hạn", "So sánh kỳ trước"} <= set(
        book.sheetnames
    )
    ws = book["Theo nguồn giao"]
    assert ws.page_setup.orientation == "landscape"
    # one page wide (fitToWidth 1 is the OOXML default, left out of the file), as many pages high as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows and ws.print_area
    assert ws["A1"].value == "UBND THÀNH PHỐ HẢI PHÒNG"
    cells = [c.value for row in ws.iter_rows(max_row=3) for c in row]
    assert EMBLEM in cells and MOTTO in cells
    header = next(r for r in ws.iter_rows() if r[0].value == "STT")
    assert all(c.font.b for c in header)


def test_empty_period_says_there_is_no_data(warehouse, tmp_path):
    for kind in ("tasks", "commendation", "review"):
        for ext in ("docx", "xlsx"):
            out = tmp_path / f"{kind}-2019.{ext}"
            assert run_report(warehouse, kind, "2019", out) == 0
            text = docx_text(out) if ext == "docx" else xlsx_text(out)
            assert "Không có dữ liệu" in text, (kind, ext)


def test_period_after_the_as_of_day_says_there_is_no_data(warehouse, tmp_path):
    out = tmp_path / "future.docx"
    assert run_report(warehouse, "tasks", "2024-Q1", out) == 0
    assert "kỳ báo cáo bắt đầu sau ngày số liệu của kho dữ liệu (30/09/2023)" in docx_text(out)


# --------------------------------------------------------------- commendation and review lists


# People scenario (as_of 31/12/2025, rule set of Decree 152/2025): O1 completes six tasks on time and is
# graded excellent; O2 misses all six of its deadlines; O3 is disciplined for shirking in October.
# Who is proposed, blocked or under review is the marts' business: the reports list exactly what the
# marts say (on this scenario: one proposal, two blocked, two without enough data, two under review).
PEOPLE_TASKS = TASK_HEADER + "".join(
    f"\nP1{i},Hồ sơ cấp phép xây dựng số {i},city_pc,SXD,O1,agency,2025-0{i}-01,2025-0{i}-20,2025-0{i}-15,{k}"
    f"\nP2{i},Thẩm định dự án số {i},city_pc,SXD,O2,agency,2025-0{i}-01,2025-0{i}-20,,false"
    f"\nP3{i},Quyết toán ngân sách {i},government,STC,O3,agency,2025-0{i}-01,2025-0{i}-20,2025-0{i}-18,false"
    for i, k in zip(range(1, 7), ["true", "true", "false", "false", "false", "false"], strict=True)
)
PEOPLE = {
    "tasks": PEOPLE_TASKS,
    "annual_ratings": "official_id,year,grade\nO1,2025,excellent\nO2,2024,incomplete\nO2,2025,incomplete\n",
    "disciplinary_actions": "action_id,official_id,decided_on,form,violation,violation_year\n"
    "K1,O3,2025-10-01,warning,shirking,2025\n",
}


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("people"), PEOPLE, as_of="2025-12-31")


def test_commendation_report_lists_the_mart(people, tmp_path):
    for ext in ("docx", "xlsx"):
        assert run_report(people, "commendation", "2025", tmp_path / f"khen-thuong.{ext}") == 0
    text = docx_text(tmp_path / "khen-thuong.docx")
    assert EMBLEM in text and MOTTO in text and "BAN THI ĐUA - KHEN THƯỞNG" in text
    assert "Danh sách đề xuất danh hiệu thi đua cá nhân năm 2025" in text
    candidates = query(
        people,
        "select o.full_name as name, c.eligible, c.disciplined, c.proposed_title, t.label_vi as title "
        "from commendation_candidates c join stg_officials o using (official_id) "
        "left join enum_terms t on t.domain = 'commendation_title' and t.code = c.proposed_title "
        "where c.year = 2025",
    )
    split = "insufficient_data" in {
        r["column_name"] for r in query(people, "select column_name from (describe commendation_candidates)")
    }
    flags = {
        r["name"]: r
        for r in query(
            people,
            "select o.full_name as name, "
            + ("c.insufficient_data" if split else "false")
            + " as insufficient "
            "from commendation_candidates c join stg_officials o using (official_id) where c.year = 2025",
        )
    }
    proposed = sheet_rows(tmp_path / "khen-thuong.xlsx", "Đề xuất")
    blocked = sheet_rows(tmp_path / "khen-thuong.xlsx", "Không đủ điều kiện")
    assert sorted((r["Họ và tên"], r["Danh hiệu đề nghị"]) for r in proposed if r["Họ và tên"]) == sorted(
        (c["name"], c["title"]) for c in candidates if c["eligible"]
    )
    assert sorted(r["Họ và tên"] for r in blocked if r["Họ và tên"]) == sorted(
        c["name"]
        for c in candidates
        if not c["eligible"] and (c["disciplined"] or not flags[c["name"]]["insufficient"])
    )
    if any(c["eligible"] for c in candidates):
        assert all("Điều" in r["Căn cứ"] for r in proposed if r["Họ và tên"])
    assert any(c["eligible"] for c in candidates) or "Không có người đủ điều kiện" in text


def test_commendation_without_candidates_for_the_year_says_so(people, tmp_path):
    out = tmp_path / "khen-thuong-2024.docx"
    assert run_report(people, "commendation", "2024", out) == 0
    assert "Không có dữ liệu: kho dữ liệu không có danh sách xét thi đua cho năm 2024" in docx_text(out)


PAST_YEARS = {
    "tasks": TASK_HEADER + "\n",
    "annual_ratings": "official_id,year,grade\nO1,2022,excellent\nO2,2022,good\n"
    "O1,2023,excellent\nO2,2023,good\n",
}


@pytest.mark.parametrize(
    ("year", "words"),
    [
        # issue 14 point 3: titles for 2023 were considered on 02/01/2024 under Law 06/2022 + Decree 98/2023
        (
            2023,
            "Danh hiệu năm 2023 được xét theo Luật Thi đua, khen thưởng 06/2022/QH15; "
            "Nghị định 98/2023/NĐ-CP: "
            "bộ quy định có hiệu lực vào ngày 02/01/2024, ngày làm việc đầu tiên sau năm 2023",
        ),
        # 2022's titles were considered on 03/01/2023, before Law 06/2022 took effect: no rule set, in words
        (
            2022,
            "Không có bộ quy định thi đua, khen thưởng nào trong hệ thống "
            "có hiệu lực ngày 03/01/2023 để xét danh "
            "hiệu năm 2022: không đề xuất danh hiệu nào",
        ),
    ],
)
def test_commendation_report_names_the_rule_set_of_the_year_or_says_there_is_none(tmp_path, year, words):
    config = tmp_path / "config.toml"
    config.write_text(f"[commendation]\nevaluation_year = {year}\n", encoding="utf-8")
    db = build_warehouse(tmp_path, PAST_YEARS, as_of="2024-03-01", config=config)
    out = tmp_path / f"khen-thuong-{year}.xlsx"
    assert run_report(db, "commendation", str(year), out) == 0
    assert words in xlsx_text(out)
    proposed = {r["Họ và tên"]: r for r in sheet_rows(out, "Đề xuất") if r["Họ và tên"]}
    if year == 2023:
        assert proposed["Nguyễn Văn An"]["Danh hiệu đề nghị"] == "Chiến sĩ thi đua cơ sở"
        assert "98/2023" in proposed["Nguyễn Văn An"]["Căn cứ"]
        # issue 14 point 6: "Chức vụ" is a post (staff hold none), "Ngạch" the category
        assert (proposed["Nguyễn Văn An"]["Chức vụ"], proposed["Nguyễn Văn An"]["Ngạch"]) == (
            "Thủ trưởng",
            "Công chức",
        )
        assert (proposed["Trần Thị Bình"]["Chức vụ"], proposed["Trần Thị Bình"]["Ngạch"]) == (
            "Không giữ chức vụ",
            "Công chức",
        )
    else:
        assert proposed == {}


def test_legal_basis_comes_from_the_rule_set_in_force():
    basis = legal_basis("base_emulation_fighter", rule_set_for(2025))
    assert "Điều 23" in basis and "Điều 24" in basis and "152/2025" in basis
    assert "98/2023" in legal_basis("advanced_worker", rule_set_for(2024))
    assert rule_set_for(2019) is None and legal_basis("advanced_worker", None) == ""
    assert "98/2023" in legal_basis("advanced_worker", rule_set_for(2023))  # considered in January 2024


def test_review_report_lists_the_mart(people, tmp_path):
    out = tmp_path / "xem-xet.xlsx"
    assert run_report(people, "review", "2025-Q4", out) == 0
    expected = query(
        people,
        "select o.full_name as name, r.severity from personnel_review r "
        "join stg_officials o using (official_id)",
    )
    rows = sheet_rows(out, "Diện xem xét")
    labels = {"high": "Cao", "medium": "Trung bình"}
    assert sorted((r["Họ và tên"], r["Mức độ"]) for r in rows if r["Họ và tên"]) == sorted(
        (e["name"], labels.get(e["severity"], e["severity"])) for e in expected
    )
    for row in rows:  # an interval is shown only with enough tasks due, else "insufficient data"
        assert (row["Tỷ lệ đúng hạn: cận dưới 95%"] is None) == (row["Ghi chú"] == "Chưa đủ dữ liệu")
    docx_out = tmp_path / "xem-xet.docx"
    assert run_report(people, "review", "2025", docx_out) == 0
    text = docx_text(docx_out)
    assert "SỞ NỘI VỤ" in text and "Danh sách được xác định tại ngày 31/12/2025" in text
    assert bool(expected) != ("Không có dữ liệu" in text)


def test_review_outside_its_day_says_there_is_no_data(people, tmp_path):
    out = tmp_path / "xem-xet-q1.docx"
    assert run_report(people, "review", "2025-Q1", out) == 0
    assert "Không có dữ liệu cho kỳ quý I năm 2025" in docx_text(out)


def test_render_report_returns_the_same_file_as_bytes(warehouse):
    """What the dashboard's download buttons call."""
    for kind in ("tasks", "commendation", "review"):
        data = render_report(warehouse, kind, "2023-Q2", "xlsx")
        assert data[:2] == b"PK"
    assert render_report(warehouse, "tasks", "2023-Q2", "docx")[:2] == b"PK"
    with pytest.raises(ValueError, match="định dạng"):
        render_report(warehouse, "tasks", "2023-Q2", "pdf")


# ------------------------------------------------------------- the demo data and a rendered page


def test_demo_reports_are_produced(demo_warehouse, demo_manifest, tmp_path):
    """The demo year: totals equal task_status's (the year contains the as_of day), and the agencies the
    generator planted as shifting work lead the shifting table."""
    as_of = query(demo_warehouse, "select as_of from build_params")[0]["as_of"]
    out = tmp_path / "demo.xlsx"
    assert run_report(demo_warehouse, "tasks", str(as_of.year), out) == 0
    total = sheet_rows(out, "Theo nguồn giao")[-1]
    expected = query(
        demo_warehouse,
        "select count(*) as n, count(*) filter (where status = 'open_overdue') as overdue from task_status "
        "where assigned_on between $start and $end",
        {"start": dt.date(as_of.year, 1, 1), "end": as_of},
    )[0]
    assert (total["Số nhiệm vụ được giao"], total["Đang thực hiện quá hạn"]) == (
        expected["n"],
        expected["overdue"],
    )
    planted = demo_manifest["planted"]["shifting_agencies"]
    names = {
        r["agency_id"]: r["name"] for r in query(demo_warehouse, "select agency_id, name from stg_agencies")
    }
    top = [r["Cơ quan"] for r in sheet_rows(out, "Đùn đẩy trách nhiệm")][: len(planted)]
    assert sorted(top) == sorted(names[a] for a in planted)
    for kind in ("commendation", "review"):
        assert run_report(demo_warehouse, kind, str(as_of.year), tmp_path / f"demo-{kind}.docx") == 0


def test_docx_renders_to_pdf_and_png(q2):
    """Test-only: LibreOffice renders the .docx, pdftoppm makes a PNG kept in test-artifacts/."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        pytest.skip("LibreOffice (soffice) or pdftoppm not installed: the .docx was not rendered to PDF/PNG")
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(ARTIFACTS), str(q2["docx"])],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = ARTIFACTS / (q2["docx"].stem + ".pdf")
    assert pdf.stat().st_size > 0
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / pdf.stem)],
        check=True,
        timeout=60,
    )
    assert list(ARTIFACTS.glob(f"{pdf.stem}*.png"))
