"""A plain UTF-8 CSV is read and typed in one pass (pipelines.validate.start_one_pass, OnePassRead), in pieces
read side by side; everything else goes the exact way (text first). Both must give the same warehouse and
name every rejected row by the line a text editor shows — also when the read runs short of memory, where a
table filled by a parallel read is not in file order (province tasks under 1 GB: a block of 1.2 M rows out
of place)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import duckdb
import pytest

import pipelines.build
import pipelines.validate
from pipelines.build import _create_infrastructure, build
from pipelines.readers import SCRATCH, csv_pieces, piece_path
from pipelines.settings import load_settings
from pipelines.sources import SOURCES
from pipelines.validate import OnePass, OnePassRead, start_one_pass
from tests.builders import TASK_HEADER, write_inputs

AS_OF = dt.date(2023, 6, 30)
EVENT_HEADER = "event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on"
TASKS = SOURCES[[s.name for s in SOURCES].index("tasks")]


def type_csv_in_one_pass(con: duckdb.DuckDBPyConnection, path: Path, pieces: int = 1) -> OnePass | None:
    """A tasks file read in one pass as the build reads it, its pieces one after the other on `con`."""
    reading = start_one_pass(con, TASKS, path, AS_OF, pieces)
    if reading is None:
        return None
    with tempfile.TemporaryDirectory(prefix="congvu-pieces-") as folder:
        for piece in reading.pieces:
            reading.type_piece(con, piece, Path(folder))
    return reading.finish(con)


def _inputs(folder: Path) -> Path:
    tasks = [TASK_HEADER]
    for i in range(1, 400):
        tasks.append(f"T{i},Việc {i},city_pc,SXD,O1,agency,2023-05-01,2023-06-01,,false")
    tasks[37] = "T37,Việc,city_pc,SXD,O1,agency,30/02/2023,,,false"  # line 38: no such day
    tasks[120] = "T5,Việc lặp,city_pc,SXD,O1,agency,2023-05-01,,,false"  # line 121: T5 again
    tasks[250] = "T250,,city_pc,SXD,O1,agency,2023-05-01,,,false"  # line 251: no title
    events = [EVENT_HEADER]
    for i in range(1, 300):
        events.append(f"E{i},T{1 + i % 30},2023-05-0{1 + i % 8},transfer,SXD,STC,O1,,")
    events[77] = "E77,T18,2023-04-01,transfer,SXD,STC,O1,,"  # line 78: before its task was assigned
    events[200] = "E200,T999,2023-05-02,transfer,SXD,STC,O1,,"  # line 201: no such task
    return write_inputs(folder, {"tasks": "\n".join(tasks) + "\n", "task_events": "\n".join(events) + "\n"})


def _pieces_per_file(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Into how many pieces the build cuts each file it reads in one pass (filled as it reads)."""
    pieces: dict[str, int] = {}
    start = pipelines.build.start_one_pass

    def count_pieces(*args, **kwargs):  # type: ignore[no-untyped-def]
        reading = start(*args, **kwargs)
        if reading is not None:
            pieces[reading.source.name] = len(reading.pieces)
        return reading

    monkeypatch.setattr("pipelines.build.start_one_pass", count_pieces)
    return pieces


def _tables(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: con.execute(f"select * from {table} order by all").fetchall()
            for table in ("rejected_rows", "stg_tasks", "stg_task_events", "stg_agencies", "stg_officials")
        }
    finally:
        con.close()


@pytest.mark.parametrize("piece_bytes", [None, 2048], ids=["whole files", "files in pieces"])
def test_one_pass_and_exact_path_build_the_same_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece_bytes: int | None
) -> None:
    folder = _inputs(tmp_path / "input")
    if piece_bytes:  # the tasks and events cut into pieces of 2 KB, read side by side
        monkeypatch.setattr("pipelines.build._MIN_PIECE_BYTES", piece_bytes)
    pieces = _pieces_per_file(monkeypatch)
    one_pass: list[str] = []
    finish = OnePassRead.finish

    def spy(reading: OnePassRead, con: duckdb.DuckDBPyConnection) -> OnePass | None:
        typed = finish(reading, con)
        if typed is not None:
            one_pass.append(reading.source.name)
        return typed

    monkeypatch.setattr(OnePassRead, "finish", spy)
    # a warehouse whose name is no plain identifier (its catalog names the row-numbering sequence)
    build(folder, tmp_path / "2023's.duckdb", as_of=AS_OF)
    assert {"tasks", "task_events", "agencies", "officials"} <= set(one_pass)
    assert (pieces["tasks"] > 1 and pieces["task_events"] > 1) if piece_bytes else set(pieces.values()) == {1}

    monkeypatch.setattr(pipelines.validate, "plain_csv_reading", lambda path, source: None)
    build(folder, tmp_path / "exact.duckdb", as_of=AS_OF)

    fast, exact = _tables(tmp_path / "2023's.duckdb"), _tables(tmp_path / "exact.duckdb")
    assert fast == exact
    assert sorted((r[0], r[1], r[5]) for r in fast["rejected_rows"]) == [
        ("task_events.csv", 78, "event_before_assigned"),
        ("task_events.csv", 201, "unknown_reference"),
        ("tasks.csv", 38, "bad_date"),
        ("tasks.csv", 121, "duplicate_id"),
        ("tasks.csv", 251, "missing_required"),
    ]
    # each staged row keeps the line it came from
    assert ("T300", 301) in {(r[0], r[-1]) for r in fast["stg_tasks"]}


ROW = b"T1,Vi\xe1\xbb\x87c,city_pc,SXD,O1,agency,2023-05-01,,,false\n"


@pytest.mark.parametrize(
    "body",
    [
        ROW + b"\n" + ROW.replace(b"T1", b"T2"),
        b'T1,"Vi\xe1\xbb\x87c\nhai d\xc3\xb2ng",city_pc,SXD,O1,agency,2023-05-01,,,false\n'
        + ROW.replace(b"T1", b"T2"),
        b'T1,"Vi\xe1\xbb\x87c,city_pc,SXD,O1,agency,2023-05-01,,,false\n' + ROW.replace(b"T1", b"T2"),
        ROW + b"T2,Vi\xe1c,city_pc,SXD,O1,agency,2023-05-01,,,false\n",
    ],
    ids=["blank line", "line break in a cell", "stray quote", "not UTF-8"],
)
def test_a_file_that_is_not_one_record_a_line_goes_the_exact_way(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "tasks.csv"
    path.write_bytes((TASK_HEADER + "\n").encode() + body)
    con = _connection(tmp_path, "64MB")
    assert type_csv_in_one_pass(con, path) is None
    tables = con.execute("select table_name from duckdb_tables() where table_name like '%tasks%'").fetchall()
    assert tables == []  # nothing of it left behind


def _connection(tmp_path: Path, memory: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(f"set memory_limit = '{memory}'")
    con.execute("set threads = 2")
    con.execute(f"set temp_directory = '{tmp_path / 'spill'}'")
    con.execute(f"attach '{tmp_path / 'scratch.duckdb'}' as {SCRATCH}")
    _create_infrastructure(con, AS_OF, AS_OF.year, tmp_path, load_settings(None))
    return con


def test_each_row_of_a_large_file_is_numbered_by_its_line_under_a_memory_limit(tmp_path: Path) -> None:
    """300,000 tasks typed in one pass under a 100 MB limit: each row is numbered by the line it is on. (A
    parallel read misplaced rows only at province scale under 1 GB; at this size it numbers right too, so
    this holds the numbering, and `make bench` checks the planted bad rows' lines at full scale.)"""
    path = tmp_path / "tasks.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write(TASK_HEADER + "\n")
        for line in range(2, 300_002):
            title = f"Giải quyết kiến nghị của cử tri số {line} về hạ tầng giao thông"
            f.write(f"T{line:07d},{title},city_pc,SXD,O1,agency,2023-05-01,2023-06-01,,false\n")
    con = _connection(tmp_path, "100MB")
    typed = type_csv_in_one_pass(con, path)
    assert typed is not None and typed.read.rows == 300_000
    mismatched = con.execute(
        "select count(*) from valid_tasks where task_id <> 'T' || lpad(_row::varchar, 7, '0')"
    ).fetchall()[0][0]
    assert mismatched == 0


def test_a_file_column_named_like_the_row_numbers_is_only_an_ignored_column(tmp_path: Path) -> None:
    """The loaders number rows in a column of their own (_sheet_row); a file's column of that name was taken
    for the row numbers and named wrong rows."""
    tasks = TASK_HEADER + ",_sheet_row\nT1,Việc,city_pc,SXD,O1,agency,2023-05-01,,,false,99\n"
    tasks += "T2,Việc,city_pc,SXD,O1,agency,30/02/2023,,,false,5\n"
    folder = write_inputs(tmp_path / "input", {"tasks": tasks})
    summary = build(folder, tmp_path / "w.duckdb", as_of=AS_OF, allow_empty_required=True)
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        rows = con.execute("select file, row_number, column_name from rejected_rows").fetchall()
    finally:
        con.close()
    assert rows == [("tasks.csv", 3, "assigned_on")]
    notes = next(f.notes for f in summary.files if f.source == "tasks")
    assert any("_sheet_row" in note for note in notes)


def test_each_row_of_a_file_read_in_pieces_is_numbered_by_its_line(tmp_path: Path) -> None:
    """A file cut into pieces read one after the other (the build reads them side by side): each piece's
    rows are numbered from the line it starts on; a byte-order mark stays the first piece's."""
    path = tmp_path / "tasks.csv"
    with path.open("w", encoding="utf-8-sig") as f:
        f.write(TASK_HEADER + "\n")
        for line in range(2, 20_002):
            f.write(f"T{line:07d},Việc {line},city_pc,SXD,O1,agency,2023-05-01,2023-06-01,,false\n")
    con = _connection(tmp_path, "100MB")
    reading = start_one_pass(con, TASKS, path, AS_OF, pieces=7)
    assert reading is not None and len(reading.pieces) == 7
    with tempfile.TemporaryDirectory() as folder:
        for piece in reversed(reading.pieces):  # in any order
            reading.type_piece(con, piece, Path(folder))
    typed = reading.finish(con)
    assert typed is not None and typed.read.rows == 20_000
    rows = con.execute(
        "select count(*), min(_row), max(_row), count(distinct _row), "
        "count(*) filter (where task_id <> 'T' || lpad(_row::varchar, 7, '0')) from valid_tasks"
    ).fetchall()
    assert rows == [(20_000, 2, 20_001, 20_000, 0)]


def test_a_cut_inside_a_cell_with_a_line_break_sends_the_file_the_exact_way(tmp_path: Path) -> None:
    """The cut falls where a quoted title breaks its line: the pieces are not whole records, and the file
    must not be loaded from them."""
    path = tmp_path / "tasks.csv"
    for broken in range(80, 120):  # the row whose title breaks its line, moved until the cut falls inside
        rows = [f"T{i},Việc {i},city_pc,SXD,O1,agency,2023-05-01,,,false" for i in range(1, 200)]
        long_line = "Việc " + "rất dài " * 20  # longer than a row: the cut can fall in it
        cells = "city_pc,SXD,O1,agency,2023-05-01,,,false"
        rows[broken] = f'T{broken + 1},"{long_line}\ncòn tiếp dòng sau",{cells}'
        path.write_text(TASK_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
        if csv_pieces(path, 2)[1].start == path.read_bytes().index("còn tiếp".encode()):
            break
    else:
        pytest.fail("no place of the broken row puts the cut inside its cell")
    con = _connection(tmp_path, "64MB")
    assert type_csv_in_one_pass(con, path, pieces=2) is None
    tables = con.execute("select table_name from duckdb_tables() where table_name like '%tasks%'").fetchall()
    assert tables == []


def test_a_piece_nobody_reads_releases_its_pipe(tmp_path: Path) -> None:
    """A read that fails before it opens the pipe (or stops halfway) leaves the thread filling the pipe
    waiting: leaving piece_path must release it and remove the pipe, not hang the build."""
    path = tmp_path / "tasks.csv"
    path.write_text(TASK_HEADER + "\n" + "T1,Việc,city_pc,SXD,O1,agency,2023-05-01,,,false\n" * 50_000)
    piece = csv_pieces(path, 2)[1]
    before = threading.active_count()
    with pytest.raises(RuntimeError), piece_path(piece, tmp_path) as pipe:
        assert pipe.is_fifo()
        raise RuntimeError("the read failed before it opened the pipe")
    with piece_path(piece, tmp_path) as pipe, pipe.open("rb") as half_read:
        assert half_read.read(4096)  # a reader that stops after 4 KB of about 2.5 MB
    assert threading.active_count() == before
    assert list(tmp_path.glob("*.csv")) == [path]


def test_without_pipes_each_file_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces go through named pipes filled by os.splice, which only Linux has: elsewhere the build reads
    each file whole instead of failing at its first piece."""
    folder = _inputs(tmp_path / "input")
    monkeypatch.setattr("pipelines.build._MIN_PIECE_BYTES", 2048)
    monkeypatch.setattr("pipelines.build._PIECES_POSSIBLE", False)
    pieces = _pieces_per_file(monkeypatch)
    build(folder, tmp_path / "w.duckdb", as_of=AS_OF)
    assert pieces["tasks"] == pieces["task_events"] == 1


def test_one_thread_builds_a_file_read_in_pieces(tmp_path: Path) -> None:
    """With build.threads = 1 the only worker reads the first piece, and that piece's verdict needs its own
    line count, which was queued behind it: the build waited forever. Run apart, with a time limit, so that
    a build that hangs fails here instead of holding the test run."""
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        import pipelines.build
        from tests.test_one_pass_read import AS_OF, _inputs
        root = Path({str(tmp_path)!r})
        (root / "one.toml").write_text("[build]\\nthreads = 1\\n", encoding="utf-8")
        pipelines.build._MIN_PIECE_BYTES = 2048
        pieces = {{}}
        start = pipelines.build.start_one_pass
        def counted(*args, **kwargs):
            reading = start(*args, **kwargs)
            if reading is not None:
                pieces[reading.source.name] = len(reading.pieces)
            return reading
        pipelines.build.start_one_pass = counted
        folder = _inputs(root / "input")
        pipelines.build.build(folder, root / "w.duckdb", as_of=AS_OF, config=root / "one.toml")
        print(json.dumps(pieces))
        """
    )
    root = Path(pipelines.build.__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=180, check=True
    )
    pieces = json.loads(done.stdout.strip().splitlines()[-1])
    assert pieces["tasks"] > 1  # one thread's share is all the bytes: only the tasks reach three pieces
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        rejected = con.execute("select file, row_number from rejected_rows order by all").fetchall()
        assert ("tasks.csv", 38) in rejected and ("tasks.csv", 251) in rejected
        # a row of the last piece keeps the line it came from
        assert con.execute("select source_row from stg_tasks where task_id = 'T300'").fetchall() == [(301,)]
    finally:
        con.close()
