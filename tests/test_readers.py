"""Files as agencies really export them: Vietnamese headers and labels, Excel, Parquet, encodings."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from pipelines.readers import UnusableInput
from tests.builders import AGENCIES, OFFICIALS, build_warehouse, query

VIETNAMESE_TASKS = (
    " MÃ NHIỆM VỤ ,Trích yếu,Nguồn giao,Văn bản giao,Cơ quan chủ trì,Người chủ trì,Thẩm quyền quyết định,"
    "Ngày giao,Hạn xử lý,Ngày hoàn thành,Trọng tâm\n"
    "NV-01,Đẩy nhanh giải ngân vốn đầu tư công,Thủ tướng Chính phủ,280/CĐ-TTg,SXD,O1,Cơ quan,04/05/2023,"
    "15/05/2023,14/05/2023,có\n"
    "NV-02,Rà soát thủ tục hành chính,Chủ tịch UBND thành phố,966/UBND-KSTTHC,STC,O3,UBND thành phố,"
    "05/05/2023,,,không\n"
    "NV-03,Báo cáo định kỳ,nội bộ,,SNV,O4,,2023-05-06,2023-05-20,,x\n"
)


def _tasks(db):
    return {r["task_id"]: r for r in query(db, "select * from stg_tasks")}


def test_vietnamese_headers_labels_and_day_first_dates(tmp_path):
    db = build_warehouse(tmp_path, {"tasks": VIETNAMESE_TASKS})
    tasks = _tasks(db)
    assert query(db, "select count(*) as n from rejected_rows")[0]["n"] == 0
    first = tasks["NV-01"]
    assert (first["source"], first["decided_by"], first["is_key"]) == ("prime_minister", "agency", True)
    assert (str(first["assigned_on"]), str(first["due_on"])) == ("2023-05-04", "2023-05-15")
    assert (tasks["NV-02"]["source"], tasks["NV-02"]["decided_by"]) == ("city_chair", "city")
    assert (tasks["NV-03"]["source"], tasks["NV-03"]["is_key"]) == ("internal", True)
    assert tasks["NV-02"]["is_key"] is False


def test_xlsx_first_sheet_with_real_dates(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    frame = pd.DataFrame(
        {
            "task_id": ["X1", "X2"],
            "title": ["Việc Excel một", "Việc Excel hai"],
            "source": ["city_pc", "UBND thành phố"],
            "owner_agency_id": ["SXD", "STC"],
            "assigned_on": [pd.Timestamp("2023-05-04"), pd.Timestamp("2023-05-05")],
            "due_on": [pd.Timestamp("2023-05-10"), None],
            "is_key": [True, False],
        }
    )
    with pd.ExcelWriter(folder / "tasks.xlsx", engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="Nhiệm vụ")
        frame.head(0).to_excel(writer, index=False, sheet_name="Ignored")
    db = build_warehouse(tmp_path, {"agencies": AGENCIES, "officials": OFFICIALS})
    tasks = _tasks(db)
    assert set(tasks) == {"X1", "X2"}
    assert str(tasks["X1"]["due_on"]) == "2023-05-10" and tasks["X1"]["is_key"] is True
    assert tasks["X2"]["source"] == "city_pc" and tasks["X2"]["due_on"] is None


def test_xlsx_row_numbers_match_the_sheet(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    frame = pd.DataFrame(
        {
            "task_id": ["X1", "X2"],
            "title": ["Một", "Hai"],
            "source": ["city_pc", "??"],
            "owner_agency_id": ["SXD", "SXD"],
            "assigned_on": ["2023-05-04", "2023-05-04"],
        }
    )
    frame.to_excel(folder / "tasks.xlsx", index=False)
    db = build_warehouse(tmp_path, {})
    assert query(db, "select file, row_number, column_name from rejected_rows") == [
        {"file": "tasks.xlsx", "row_number": 3, "column_name": "source"}
    ]


def test_parquet_with_typed_columns(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    pd.DataFrame(
        {
            "task_id": ["P1"],
            "title": ["Parquet"],
            "source": ["internal"],
            "owner_agency_id": ["SNV"],
            "assigned_on": [pd.Timestamp("2023-05-04").date()],
            "completed_on": [pd.Timestamp("2023-05-06").date()],
            "is_key": [False],
        }
    ).to_parquet(folder / "tasks.parquet")
    db = build_warehouse(tmp_path, {})
    task = _tasks(db)["P1"]
    assert str(task["completed_on"]) == "2023-05-06"


def _task_csv(title: str) -> str:
    return f"task_id,title,source,owner_agency_id,assigned_on\r\nE1,{title},city_pc,SXD,2023-05-04\r\n"


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed letters (â, ơ, ư ...) followed by combining tone marks."""
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONE_MARKS))
        out += (letter + "".join(p for p in parts if p in TONE_MARKS)).encode("cp1258")
    return bytes(out)


TITLE = "Giải quyết kiến nghị của cử tri quận Lê Chân về đường Hồ Sen"


@pytest.mark.parametrize(
    ("label", "encoded"),
    [
        ("utf-8", _task_csv(TITLE).encode("utf-8")),
        ("utf-8 with BOM", _task_csv(TITLE).encode("utf-8-sig")),
        ("utf-16 from Excel (tabs)", _task_csv(TITLE).replace(",", "\t").encode("utf-16")),
        ("windows-1258", _windows_1258(_task_csv(TITLE))),
    ],
)
def test_encodings_are_decoded_correctly(tmp_path, label, encoded):
    db = build_warehouse(tmp_path, {"tasks.csv": encoded})
    assert _tasks(db)["E1"]["title"] == TITLE, label


def test_legacy_8bit_file_is_refused_not_loaded_as_mojibake(tmp_path):
    latin1 = "task_id,title,source,owner_agency_id,assigned_on\nE1,Café Jüri,city_pc,SXD,2023-05-04\n"
    with pytest.raises(UnusableInput, match=r"tasks\.csv.*UTF-8"):
        build_warehouse(tmp_path, {"tasks.csv": latin1.encode("latin-1")})


def test_text_is_normalised_to_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", TITLE)
    assert decomposed != TITLE
    db = build_warehouse(tmp_path, {"tasks": _task_csv(decomposed)})
    assert _tasks(db)["E1"]["title"] == TITLE


def test_semicolon_separated_csv(tmp_path):
    db = build_warehouse(tmp_path, {"tasks": _task_csv(TITLE).replace(",", ";")})
    assert _tasks(db)["E1"]["owner_agency_id"] == "SXD"


def test_missing_required_column_names_it(tmp_path):
    with pytest.raises(UnusableInput, match=r"tasks\.csv.*owner_agency_id \[Cơ quan chủ trì\]"):
        build_warehouse(tmp_path, {"tasks": "task_id,title,source,assigned_on\nT1,a,city_pc,2023-01-01\n"})


def test_two_files_for_one_source_is_ambiguous(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "tasks.xlsx").write_bytes(b"")
    with pytest.raises(UnusableInput, match="tasks.csv, tasks.xlsx"):
        build_warehouse(tmp_path, {"tasks": _task_csv(TITLE)})


def test_files_not_read_names_strays_but_not_the_generators_manifest(tmp_path: Path) -> None:
    from pipelines.readers import GENERATOR_MANIFEST, files_not_read
    from pipelines.sources import SOURCES

    for name in ("tasks.csv", "tasks (1).csv", "notes.txt", GENERATOR_MANIFEST):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert files_not_read(tmp_path, SOURCES) == ["notes.txt", "tasks (1).csv"]
