"""Bad inputs, one line each: the real `congvu build` on a real folder → exit code, message, rows.

To add a case, add one `Case(...)` to CASES: a name, the files that differ from a good folder (good
agencies, officials and tasks are written first), the exit code, a fragment of what the command
prints, and — for a build that succeeds — the rows of `file` loaded and rejected and one rejected row
(file, row as in the file, column). A build that fails must leave a previous warehouse byte for byte.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from tests.builders import AGENCIES, OFFICIALS, TASK_HEADER, write_inputs

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2023-06-30"
OFFICIAL_HEADER = "official_id,full_name,agency_id,position,category"
EVENT_HEADER = "event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on"
CONSULTATION_HEADER = "consultation_id,task_id,requesting_agency_id,consulted_agency_id,sent_on,responded_on"


def task(
    task_id: str, title: str = "Việc", assigned: str = "2023-05-01", due: str = "", done: str = ""
) -> str:
    return f"{task_id},{title},city_pc,SXD,O1,agency,{assigned},{due},{done},false"


GOOD_TASKS = "\n".join([TASK_HEADER, task("T1"), task("T2"), task("T3")]) + "\n"


def tasks_with(*rows: str) -> str:
    return "\n".join([TASK_HEADER, *rows]) + "\n"


def officials_with(*rows: str) -> str:
    return OFFICIALS + "".join(f"{r}\n" for r in rows)


def _windows_1258(text: str) -> bytes:
    """As Windows-1258 writes Vietnamese: precomposed base letters, then a combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out += (letter + "".join(p for p in parts if p in tones)).encode("cp1258")
    return bytes(out)


# TCVN3 (ABC) bytes as the fonts .VnTime write them, spelled out from the TCVN 5712 table (checked with
# glibc's iconv), not from the codec under test: Trần = Tr 0xC7 n, Thị = Th 0xDE, Hưởng = H 0xAD 0xEB ng.
TCVN3_OFFICIALS = (
    b"official_id,full_name,agency_id,position,category\n"
    b"O1,Tr\xc7n Th\xde Mai,SXD,head,civil_servant\nO2,Ph\xb9m V\xa8n H\xad\xebng,SXD,staff,civil_servant\n"
    b"O3,L\xaa \xa7\xf8c Th\xbeng,STC,staff,civil_servant\nO4,B\xb6o Th\xbeng,SNV,deputy,civil_servant\n"
    b"O5,Ho\xb5ng V\xa8n Em,UBND,staff,cadre\n"
)
# VNI: a letter then a byte for its marks — Trần = Tra + 0xE0 + n, Hưởng = H + 0xF6 0xF4 0xFB + ng.
VNI_OFFICIALS = (
    b"official_id,full_name,agency_id,position,category\n"
    b"O1,Tra\xe0n Th\xf2 Mai,SXD,head,civil_servant\n"
    b"O2,Pha\xefm Va\xean H\xf6\xf4\xfbng,SXD,staff,civil_servant\n"
    b"O3,Le\xe2 \xd1\xf6\xf9c Tha\xe9ng,STC,staff,civil_servant\n"
)


def _xlsx(rows: list[list[object]]) -> bytes:
    """An .xlsx written by openpyxl, which stores formulas without a computed value (as scripts do)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _parquet(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.to_parquet(out)
    return out.getvalue()


TASK_COLUMNS = TASK_HEADER.split(",")
FLOAT_FINDINGS = pd.DataFrame(
    {
        "inspection_id": ["I1", "I2", "I3"],
        "agency_id": ["SXD", "STC", "SNV"],
        "started_on": ["2023-03-01"] * 3,
        "kind": ["surprise"] * 3,
        "findings": [2.0, None, 0.0],  # an int column with a gap, as pandas stores it: float64
    }
)


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes | Callable[[Path], None]]
    exit: int
    message: str = ""
    file: str = "tasks.csv"  # the file whose rows are counted
    loaded: int | None = None
    rejected: int | None = None
    bad: tuple[str, int, str] | None = None  # a rejected row: file, row as in the file, column
    value: tuple[str, object] | None = None  # a query on the warehouse and its one expected value
    extra_args: tuple[str, ...] = field(default=())


def _directory(path: Path) -> None:
    path.mkdir()


def _symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


CASES = [
    # 1. one stray quote costs one row, never the file; a gutted or empty required file is refused
    Case(
        "stray quote inside a quoted cell",
        {
            "officials": '"official_id","full_name","agency_id","position","category"\n'
            '"O1","Nguyễn Văn An","SXD","head","civil_servant"\n'
            '"O2","Trần "Bé" Bình","SXD","staff","civil_servant"\n'
            '"O3","Lê Minh Châu","STC","staff","civil_servant"\n'
            '"O4","Phạm Thu Dung","SNV","deputy","civil_servant"\n'
            '"O5","Hoàng Văn Em","UBND","staff","cadre"\n'
        },
        0,
        file="officials.csv",
        loaded=4,
        rejected=1,
        bad=("officials.csv", 3, "full_name"),
    ),
    Case(
        "stray quote opening an unquoted cell",
        {"tasks": tasks_with(task("T1"), task("T2", '"Việc hai'), task("T3"), task("T4"), task("T5", '"a"'))},
        0,
        loaded=4,
        rejected=1,
        bad=("tasks.csv", 3, "title"),
    ),
    Case(
        "more than half of a required file rejected",
        {"tasks": tasks_with(task("T1"), task("T2", assigned="hôm qua"), task("T3", assigned="mai"))},
        2,
        "build.max_rejected_share",
    ),
    Case("required file with a header only", {"tasks": TASK_HEADER + "\n"}, 2, "không có bản ghi nào"),
    # 2. legacy Vietnamese encodings: decoded correctly or refused by name
    Case(
        "TCVN3 (ABC) file",
        {"officials.csv": TCVN3_OFFICIALS},
        0,
        file="officials.csv",
        loaded=5,
        rejected=0,
        value=("select full_name from stg_officials where official_id = 'O1'", "Trần Thị Mai"),
    ),
    Case(
        "TCVN3 (ABC) letters of three kinds",
        {"officials.csv": TCVN3_OFFICIALS},
        0,
        file="officials.csv",
        value=(
            "select string_agg(full_name, '|' order by official_id) from stg_officials "
            "where official_id > 'O1'",
            "Phạm Văn Hưởng|Lê Đức Thắng|Bảo Thắng|Hoàng Văn Em",
        ),
    ),
    Case(
        "Windows-1258 file",
        {"tasks.csv": _windows_1258(tasks_with(task("T1", "Giải quyết kiến nghị của cử tri")))},
        0,
        loaded=1,
        value=("select title from stg_tasks", "Giải quyết kiến nghị của cử tri"),
    ),
    Case("VNI file", {"officials.csv": VNI_OFFICIALS}, 2, "VNI"),
    Case("Latin-1 file", {"tasks.csv": tasks_with(task("T1", "Café Jüri")).encode("latin-1")}, 2, "UTF-8"),
    # 3. dates: a placeholder year, year 1, a two-digit year
    Case(
        "due 31/12/9999 (no-deadline placeholder)",
        {"tasks": tasks_with(task("T1"), task("T2", due="31/12/9999"), task("T3"))},
        0,
        loaded=2,
        rejected=1,
        bad=("tasks.csv", 3, "due_on"),
    ),
    Case(
        "assigned 01/01/0001",
        {"tasks": tasks_with(task("T1"), task("T2", assigned="01/01/0001"), task("T3"))},
        0,
        loaded=2,
        rejected=1,
        bad=("tasks.csv", 3, "assigned_on"),
    ),
    Case(
        "two-digit year 10/05/24",
        {"tasks": tasks_with(task("T1"), task("T2"), task("T3", assigned="10/05/24"))},
        0,
        loaded=2,
        rejected=1,
        bad=("tasks.csv", 4, "assigned_on"),
    ),
    # 4. unreadable files: one line naming the file, not a traceback
    Case("damaged .xlsx", {"tasks.xlsx": b"PK\x03\x04 this zip was cut short"}, 2, "tasks.xlsx"),
    Case("CSV renamed .xlsx", {"tasks.xlsx": GOOD_TASKS.encode()}, 2, "tasks.xlsx"),
    # 5. valid files that were refused or misread
    Case(
        "line break inside a quoted cell (Alt+Enter)",
        {"tasks": tasks_with(task("T1", '"Dòng một\nDòng hai"'), task("T2"), task("T3", assigned="x"))},
        0,
        loaded=2,
        rejected=1,
        bad=("tasks.csv", 5, "assigned_on"),
        value=("select title from stg_tasks where task_id = 'T1'", "Dòng một\nDòng hai"),
    ),
    Case(
        "Parquet whole numbers stored as float64",
        {"inspections.parquet": _parquet(FLOAT_FINDINGS)},
        0,
        file="inspections.parquet",
        loaded=3,
        rejected=0,
        value=("select sum(findings) from stg_inspections", 2),
    ),
    Case(
        "UTF-16 LE without BOM, in NFD",
        {"tasks.csv": unicodedata.normalize("NFD", tasks_with(task("T1", "Hải Phòng"))).encode("utf-16-le")},
        0,
        loaded=1,
        value=("select title from stg_tasks", "Hải Phòng"),
    ),
    # 6. silent damage that is now a bad row
    Case(
        "formula cell without a saved value",
        {
            "tasks.xlsx": _xlsx(
                [
                    TASK_COLUMNS,
                    [
                        "T1",
                        "Việc",
                        "city_pc",
                        "SXD",
                        "O1",
                        "agency",
                        "2023-05-01",
                        "2023-05-10",
                        None,
                        "false",
                    ],
                    ["T2", "Việc", "city_pc", "SXD", "O1", "agency", "2023-05-01", "=G3+30", None, "false"],
                ]
            )
        },
        0,
        file="tasks.xlsx",
        loaded=1,
        rejected=1,
        bad=("tasks.xlsx", 3, "due_on"),
    ),
    Case(
        "extra trailing fields on a row",
        {"tasks": tasks_with(task("T1"), task("T2") + ",thừa,thừa nữa", task("T3"))},
        0,
        loaded=2,
        rejected=1,
        bad=("tasks.csv", 3, "(cả dòng)"),
    ),
    Case(
        "answer before the request was sent",
        {
            "tasks": GOOD_TASKS,
            "consultations": f"{CONSULTATION_HEADER}\nC1,T1,SXD,STC,2023-05-20,2023-05-05\n"
            "C2,T1,SXD,STC,2023-05-20,2023-05-25\n",
        },
        0,
        file="consultations.csv",
        loaded=1,
        rejected=1,
        bad=("consultations.csv", 2, "responded_on"),
    ),
    Case(
        "event years before its task was assigned",
        {
            "tasks": GOOD_TASKS,
            "task_events": f"{EVENT_HEADER}\nE1,T1,2019-05-02,reopen,,,,,\nE2,T1,2023-05-02,reopen,,,,,\n",
        },
        0,
        file="task_events.csv",
        loaded=1,
        rejected=1,
        bad=("task_events.csv", 2, "occurred_on"),
    ),
    # 7. row numbers are the lines a text editor shows
    Case(
        "bad row after blank lines",
        {
            "tasks": TASK_HEADER
            + "\n"
            + task("T1")
            + "\n\n\n"
            + task("T2", assigned="x")
            + "\n"
            + task("T3")
            + "\n"
        },
        0,
        loaded=2,
        rejected=1,
        bad=("tasks.csv", 5, "assigned_on"),
    ),
    # 8. messages that misled
    Case(
        "one line of 30,000 fields",
        {"tasks": tasks_with(task("T1"), ",".join(["x"] * 30_000), task("T2"), task("T3"))},
        0,
        loaded=3,
        rejected=1,
        bad=("tasks.csv", 3, "(cả dòng)"),
    ),
    Case(
        "one 3 MB cell on line 300",
        {"tasks": tasks_with(*[task(f"T{i}") for i in range(2, 300)], task("T300", "x" * 3_000_000))},
        0,
        loaded=299,
        rejected=0,
    ),
    Case("optional file that is a folder", {"task_events.csv": _directory}, 2, "thư mục"),
    Case("optional file that is a symlink loop", {"consultations.csv": _symlink_loop}, 2, "liên kết hỏng"),
    Case("required file that is a folder", {"tasks": GOOD_TASKS, "officials.csv": _directory}, 2, "thư mục"),
    # 9. files that match no entity are listed as not read
    Case(
        "copy, misspelling and a name of no entity",
        {"tasks (1).csv": GOOD_TASKS, "taks.csv": GOOD_TASKS, "staff_transfers.csv": "official_id\n"},
        0,
        "Tệp không đọc (files not read",
        loaded=3,
        rejected=0,
    ),
]


def congvu(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
    )


def write_case(folder: Path, case: Case) -> Path:
    base = {"agencies": AGENCIES, "officials": OFFICIALS, "tasks": GOOD_TASKS}
    plain = {k: v for k, v in case.files.items() if not callable(v)}
    if any(k.startswith(("tasks.", "officials.")) for k in plain):  # the case gives its own in another form
        base = {
            k: v
            for k, v in base.items()
            if f"{k}.csv" not in plain and not any(p.startswith(f"{k}.") for p in plain)
        }
    write_inputs(folder, {**base, **plain})  # type: ignore[dict-item]
    for name, make in case.files.items():
        if callable(make):
            target = folder / name
            target.unlink(missing_ok=True)
            make(target)
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_case(case: Case, tmp: Path, cwd: Path = REPO) -> dict[str, object]:
    """Builds the case (onto a good warehouse when it must be refused); what happened, as a table row."""
    db = tmp / "wh.duckdb"
    before = None
    if case.exit != 0:
        good = write_inputs(tmp / "good", {"tasks": GOOD_TASKS})
        first = congvu("build", "--input", str(good), "--db", str(db), "--as-of", AS_OF, cwd=cwd)
        assert first.returncode == 0, first.stderr
        before = digest(db)
    folder = write_case(tmp / "case", case)
    result = congvu(
        "build", "--input", str(folder), "--db", str(db), "--as-of", AS_OF, *case.extra_args, cwd=cwd
    )
    out = {
        "exit": result.returncode,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "unchanged": before is not None and digest(db) == before,
        "traceback": "Traceback" in result.stderr,
    }
    if result.returncode == 0:
        con = duckdb.connect(str(db), read_only=True)
        try:
            entity = case.file.split(".")[0]
            out["loaded"] = con.execute(f"select count(*) from stg_{entity}").fetchall()[0][0]
            out["rejected"] = con.execute(
                "select count(distinct row_number) from rejected_rows where file = $f", {"f": case.file}
            ).fetchall()[0][0]
            out["bad"] = [
                tuple(r)
                for r in con.execute("select file, row_number, column_name from rejected_rows").fetchall()
            ]
            if case.value:
                out["value"] = con.execute(case.value[0]).fetchall()[0][0]
        finally:
            con.close()
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    got = run_case(case, tmp_path)
    said = f"{got['stdout']}\n{got['stderr']}"
    assert got["exit"] == case.exit, said
    assert not got["traceback"], said
    assert case.message in said
    if case.exit != 0:
        assert got["unchanged"], "a refused build must leave the warehouse byte for byte"
        last = str(got["stderr"]).strip().splitlines()[-1]  # after the progress lines, one line says why
        assert case.message in last, said
        return
    if case.loaded is not None:
        assert got["loaded"] == case.loaded
    if case.rejected is not None:
        assert got["rejected"] == case.rejected
    if case.bad is not None:
        assert case.bad in got["bad"], got["bad"]
    if case.value is not None:
        assert got["value"] == case.value[1]


# 4 and 10: failures that are not in the input folder


def test_db_naming_a_directory_is_one_line_before_any_work(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in", {"tasks": GOOD_TASKS})
    (tmp_path / "wh.duckdb").mkdir()
    result = congvu("build", "--input", str(folder), "--db", str(tmp_path / "wh.duckdb"), "--as-of", AS_OF)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "thư mục" in result.stderr and "Đọc tasks.csv" not in result.stderr


def test_a_second_build_onto_the_same_db_is_told_and_changes_nothing(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in", {"tasks": GOOD_TASKS})
    db = tmp_path / "wh.duckdb"
    assert congvu("build", "--input", str(folder), "--db", str(db), "--as-of", AS_OF).returncode == 0
    before = digest(db)
    with (tmp_path / ".wh.duckdb.lock").open("a+") as held:  # a build in progress holds this lock
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        result = congvu("build", "--input", str(folder), "--db", str(db), "--as-of", AS_OF)
    assert result.returncode == 1, result.stderr
    assert "another build of this warehouse is running" in result.stderr and "4242" in result.stderr
    assert digest(db) == before
    assert congvu("build", "--input", str(folder), "--db", str(db), "--as-of", AS_OF).returncode == 0


def test_scratch_folders_of_killed_builds_are_removed(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in", {"tasks": GOOD_TASKS})
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(finished.stdout)  # a process that has ended: its pid names no live build
    killed = tmp_path / f".congvu-build-{dead_pid}-x1y2z3"
    (killed / "spill").mkdir(parents=True)
    (killed / "scratch.duckdb").write_bytes(b"\0" * 1024)
    alive = tmp_path / f".congvu-build-{os.getpid()}-a1b2c3"  # this test process is alive
    alive.mkdir()
    result = congvu("build", "--input", str(folder), "--db", str(tmp_path / "wh.duckdb"), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert not killed.exists() and alive.exists()
    assert not [p for p in tmp_path.glob(".congvu-build-*") if p != alive]


def test_a_users_file_that_cannot_be_parsed_is_named_in_one_line(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    users.write_text('[users.an]\nrole = "admin"\npassword_hash = "$2b$04$x\n', encoding="utf-8")  # unclosed
    result = congvu("serve", "--db", str(tmp_path / "wh.duckdb"), "--users", str(users))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(f"Tệp tài khoản {users} không đọc được")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def tiny_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 1.5 MB file system (tmpfs; needs root, skipped where it cannot be mounted)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_disk_full_is_one_line_and_leaves_nothing_behind(tmp_path: Path, tiny_disk: Path) -> None:
    folder = write_inputs(
        tmp_path / "in", {"tasks": tasks_with(*[task(f"T{i}", "Việc " * 30) for i in range(3000)])}
    )
    result = congvu("build", "--input", str(folder), "--db", str(tiny_disk / "wh.duckdb"), "--as-of", AS_OF)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "disk full" in result.stderr.strip().splitlines()[-1]
    assert [p.name for p in tiny_disk.iterdir()] == [".wh.duckdb.lock"]  # no warehouse, no scratch, no .wal
