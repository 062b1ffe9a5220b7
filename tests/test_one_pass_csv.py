"""The one-pass read of plain UTF-8 CSV files (pipelines.validate.validate_csv_in_one_pass).

A clean file is read and typed in one parallel pass, its rows numbered from the table's order; anything
unusual (a record the reader refuses, a blank line, a line break inside a cell, another encoding) sends
the file down the exact text-first path. Either way the warehouse and every rejected row — file, row as a
text editor shows it, column, reason — are the same: each test builds the same folder both ways.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines import readers
from pipelines.build import BuildSummary, build
from tests.builders import TASK_HEADER, write_inputs
from tests.test_bad_inputs import _windows_1258

AS_OF = dt.date(2023, 6, 30)
EVENT_HEADER = "event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on"


def task(
    task_id: str, title: str = "Việc", assigned: str = "2023-05-01", due: str = "", done: str = ""
) -> str:
    return f"{task_id},{title},city_pc,SXD,O1,agency,{assigned},{due},{done},false"


def _build(folder: Path, db: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> BuildSummary:
    with monkeypatch.context() as m:
        m.setattr(readers, "FAST_CSV", fast)
        return build(folder, db, as_of=AS_OF, allow_empty_required=True)


def _tables(db: Path) -> dict[str, tuple[int, int | None]]:
    """Rows and a hash of every table of the warehouse but build_runs (which holds the build's times)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        return {
            n: con.execute(f'select count(*), sum(hash(t)) from "{n}" t').fetchall()[0]
            for n in names
            if n != "build_runs"
        }
    finally:
        con.close()


def _rejected(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select * from rejected_rows order by all").fetchall()
    finally:
        con.close()


def both_ways(
    tmp_path: Path, files: dict[str, str | bytes], monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, bool], list[tuple]]:
    """Builds the folder one-pass and exact; asserts the warehouses are equal; returns which files took
    the one pass, and the rejected rows."""
    folder = write_inputs(tmp_path / "input", files)
    fast = _build(folder, tmp_path / "fast.duckdb", True, monkeypatch)
    exact = _build(folder, tmp_path / "exact.duckdb", False, monkeypatch)
    assert not any(f.one_pass for f in exact.files)
    assert _rejected(tmp_path / "fast.duckdb") == _rejected(tmp_path / "exact.duckdb")
    assert _tables(tmp_path / "fast.duckdb") == _tables(tmp_path / "exact.duckdb")
    assert [(f.source, f.rows_read, f.loaded, f.rejected, f.notes) for f in fast.files] == [
        (f.source, f.rows_read, f.loaded, f.rejected, f.notes) for f in exact.files
    ]
    return {f.source: f.one_pass for f in fast.files if f.file}, _rejected(tmp_path / "fast.duckdb")


def test_a_clean_file_with_failing_rows_takes_one_pass_and_names_each_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = "\n".join(
        [
            TASK_HEADER + ",extra",
            task("T1") + ",x",
            task("T2", assigned="30/02/2023") + ",",  # no such day
            task("T3", title="  Giải quyết kiến nghị  ", assigned="05/04/2023") + ",",
            task("T1") + ",",  # written twice
            task("T4", title="Vie\u0302\u0323c") + ",",  # NFD
            "T5,,city_pc,SXD,O1,agency,2023-05-01,,,false,",  # no title
            "T6,Việc,Bộ Nội vụ,SXD,O1,agency,2023-05-01,,,false,",  # not a source
            "T7,Việc,city_pc,SXD,O9,agency,2023-05-01,,,false,",  # no such official
            *(task(f"G{i}", due="2023-08-01") + "," for i in range(10)),
        ]
    )
    events = "\r\n".join(
        [
            EVENT_HEADER,
            "E1,T1,02/05/2023,transfer,SXD,STC,O1,,",
            "E2,T9,2023-05-03,transfer,SXD,STC,O1,,",  # no such task
            "E3,T3,2023-05-04 08:30,extend,,,O1,,2023-07-01",
            "E4,T3,04/04/2023,transfer,SXD,STC,O1,,",  # before T3 was assigned (05/04/2023)
            "E5,T3,05/04/2023,transfer,SXD,STC,O1,,",
            "",
        ]
    )
    taken, rejected = both_ways(tmp_path, {"tasks": tasks, "task_events": events}, monkeypatch)
    assert taken == {"agencies": True, "officials": True, "tasks": True, "task_events": True}
    by_row = {(r[0], r[1], r[2], r[5]) for r in rejected}
    assert by_row == {
        ("tasks.csv", 3, "assigned_on", "bad_date"),
        ("tasks.csv", 5, "task_id", "duplicate_id"),
        ("tasks.csv", 7, "title", "missing_required"),
        ("tasks.csv", 8, "source", "unknown_enum"),
        ("tasks.csv", 9, "lead_official_id", "unknown_reference"),
        ("task_events.csv", 3, "task_id", "unknown_reference"),
        ("task_events.csv", 5, "occurred_on", "event_before_assigned"),
    }


@pytest.mark.parametrize(
    "tasks",
    [
        # a stray quote: the reader refuses the record
        "\n".join([TASK_HEADER, task("T1"), task("T2", '"Việc hai'), task("T3"), task("T4", assigned="mai")]),
        # a blank line: the rows after it are one further down than their record's place
        "\n".join([TASK_HEADER, task("T1"), "", task("T2"), task("T3", assigned="mai"), task("T4")]),
        # a line break inside a quoted cell
        "\n".join([TASK_HEADER, task("T1", '"Việc\nhai dòng"'), task("T2"), task("T3", assigned="mai")]),
        # too many fields
        "\n".join([TASK_HEADER, task("T1"), task("T2") + ",x,y", task("T3", assigned="mai"), task("T4")]),
    ],
    ids=["stray quote", "blank line", "line break in a cell", "too many fields"],
)
def test_an_unusual_file_is_read_the_exact_way_with_the_same_rows(
    tasks: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken, rejected = both_ways(tmp_path, {"tasks": tasks + "\n"}, monkeypatch)
    assert taken["tasks"] is False and taken["officials"] is True
    lines = (tasks + "\n").split("\n")
    mai = next(i for i, line in enumerate(lines, start=1) if ",mai," in line)
    assert ("tasks.csv", mai, "assigned_on", "bad_date") in {(r[0], r[1], r[2], r[5]) for r in rejected}


def test_a_file_that_is_not_utf8_is_read_the_exact_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = "\n".join([TASK_HEADER, task("T1", "Giải quyết kiến nghị"), task("T2", assigned="mai")]) + "\n"
    taken, rejected = both_ways(tmp_path, {"tasks.csv": _windows_1258(content)}, monkeypatch)
    assert taken["tasks"] is False
    assert [(r[1], r[2]) for r in rejected] == [(3, "assigned_on")]


def test_a_utf8_file_with_one_bad_byte_deep_inside_is_read_the_exact_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one pass does not check the bytes itself: the reader refuses the record that is not UTF-8, and
    the exact path judges the file's encoding as it always did."""
    rows = [task(f"T{i}") for i in range(1, 2000)]
    content = (
        ("\n".join([TASK_HEADER, *rows]) + "\n").encode() + task("T9999", "Caf\xe9").encode("latin-1") + b"\n"
    )
    taken, _ = both_ways(tmp_path, {"tasks.csv": content}, monkeypatch)
    assert taken["tasks"] is False


def test_missing_required_column_is_refused_in_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_inputs(tmp_path / "input", {"tasks": "task_id,title\nT1,Việc\n"})
    with pytest.raises(readers.UnusableInput) as fast:
        _build(folder, tmp_path / "fast.duckdb", True, monkeypatch)
    with pytest.raises(readers.UnusableInput) as exact:
        _build(folder, tmp_path / "exact.duckdb", False, monkeypatch)
    assert "thiếu cột bắt buộc" in str(fast.value) and str(fast.value) == str(exact.value)
