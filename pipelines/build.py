"""`congvu build`: input folder → a new DuckDB warehouse, checked, then swapped in atomically.

Steps: read and validate every input file (rejected rows are kept, not fatal) → reference tables
(pipelines/prepare/*) → the SQL of sql/staging and sql/marts in dependency order → the checks of
sql/checks (each returns offending rows; any row fails the build) → build_runs → os.replace.
The target file is only ever replaced by a complete, checked warehouse: a failure at any step leaves
it byte-for-byte as it was, and a dashboard reading it keeps its snapshot.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import functools
import importlib
import os
import pkgutil
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipelines import sqlfiles
from pipelines.readers import (
    SCRATCH,
    CsvPiece,
    UnusableInput,
    create_empty_raw,
    drop_raw,
    files_not_read,
    find_file,
    piece_lines,
    read_source,
)
from pipelines.settings import ConfigError, as_rows, load_settings, read_by, require
from pipelines.sources import SOURCES
from pipelines.validate import OnePass, OnePassRead, create_text_macros, start_one_pass, validate_source
from pipelines.vocab import label_rows, term_rows

SQL_DIR = Path(__file__).parent / "sql"


class CheckFailed(RuntimeError):
    """The warehouse was built but a check found rows that break an invariant: it is not published."""


class BuildRefused(RuntimeError):
    """The build could not run or finish for a reason outside the input (another build of the same
    warehouse running, the disk full): one line for the user, the warehouse left as it was."""


_SCRATCH_PREFIX = ".congvu-build-"
# A file smaller than this is read whole: a piece's own costs (a statement, a pipe, a thread) would outweigh
# what reading it beside another saves.
_MIN_PIECE_BYTES = 32 << 20
# Pieces are fed through named pipes by os.splice (Linux); elsewhere each file is read whole.
_PIECES_POSSIBLE = hasattr(os, "mkfifo") and hasattr(os, "splice")


@dataclass
class FileSummary:
    source: str
    file: str | None
    loaded: int = 0
    rejected: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass
class BuildContext:
    """What a prepare step (pipelines/prepare/*.py) may use."""

    as_of: dt.date
    evaluation_year: int
    settings: dict[str, tuple[Any, str]]
    input_dir: Path
    progress: Callable[[str], None]


@dataclass
class BuildSummary:
    db_path: Path
    as_of: dt.date
    files: list[FileSummary]
    steps: list[tuple[str, float]]
    seconds: float
    run_id: int
    not_read: list[str] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return sum(f.loaded for f in self.files)

    @property
    def rows_rejected(self) -> int:
        return sum(f.rejected for f in self.files)


def _quiet(_: str) -> None:
    return None


def build(
    input_dir: Path,
    db_path: Path,
    as_of: dt.date | None = None,
    config: Path | None = None,
    progress: Callable[[str], None] = _quiet,
    allow_empty_required: bool = False,
    decisions: Path | None = None,
) -> BuildSummary:
    """`allow_empty_required` lets a golden test judge one file with the other required files reduced
    to their headers; `congvu build` never sets it (a required file without a record is unusable).
    `decisions`: the decision store whose history is copied in (default: decisions.sqlite beside db_path,
    none when that file is absent; a store named but missing is unusable input)."""
    input_dir, db_path = Path(input_dir), Path(db_path)
    as_of = as_of or dt.date.today()
    if not input_dir.is_dir():
        raise UnusableInput(f"{input_dir}: thư mục dữ liệu không tồn tại (input folder not found).")
    for source in SOURCES:  # a missing required file is known before anything is read
        if source.required and find_file(input_dir, source) is None:
            raise UnusableInput(
                f"Thiếu tệp bắt buộc (required file missing): {source.name}.csv (hoặc .xlsx, .parquet) trong "
                f"{input_dir}. Các tệp bắt buộc: agencies, officials, tasks."
            )
    if db_path.is_dir():
        raise UnusableInput(f"--db {db_path}: là một thư mục, không phải tệp (is a directory, not a file).")
    decision_rows = _decision_snapshot(db_path, decisions)
    settings = load_settings(config)
    require(settings, read_by(sqlfiles.body(path) for path in sqlfiles.discover(SQL_DIR).values()))
    evaluation_year = _evaluation_year(settings, as_of)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(db_path):
        _remove_abandoned_builds(db_path)
        try:
            return _build_locked(
                input_dir,
                db_path,
                as_of,
                settings,
                evaluation_year,
                progress,
                allow_empty_required,
                decision_rows,
            )
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise BuildRefused(_disk_full(db_path)) from exc
            raise
        except duckdb.Error as exc:
            if isinstance(exc, duckdb.OutOfMemoryException):
                raise
            text = str(exc)
            if "No space left on device" in text or "disk is full" in text.lower():
                raise BuildRefused(_disk_full(db_path)) from exc
            if isinstance(exc, (duckdb.IOException, duckdb.FatalException, duckdb.TransactionException)):
                first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
                raise BuildRefused(f"lỗi ghi/đọc đĩa (I/O error): {first}") from exc
            raise


def _disk_full(db_path: Path) -> str:
    return f"hết chỗ trống trên đĩa (disk full) ở {db_path.parent.resolve()}: giải phóng chỗ rồi chạy lại."


@contextlib.contextmanager
def _build_lock(db_path: Path):  # type: ignore[no-untyped-def]
    """One build at a time per warehouse: a second one is told, not raced (the last would win)."""
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    with lock_path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            raise BuildRefused(
                f"một lần xây dựng khác đang chạy trên {db_path} (another build of this warehouse is "
                f"running, process {holder}); chờ nó xong rồi chạy lại."
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            lock.seek(0)
            lock.truncate()
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_locked(
    input_dir: Path,
    db_path: Path,
    as_of: dt.date,
    settings: dict[str, tuple[Any, str]],
    evaluation_year: int,
    progress: Callable[[str], None],
    allow_empty_required: bool,
    decision_rows: list[tuple],
) -> BuildSummary:
    started_at = dt.datetime.now()
    clock = time.perf_counter()
    tmp_path = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    # the process id in the name lets a later build remove the folder of a build that was killed
    workdir = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-", dir=db_path.parent))
    steps: list[tuple[str, float]] = []
    con = duckdb.connect(str(tmp_path))
    try:
        con.execute("set memory_limit = $m", {"m": str(settings["build.memory_limit"][0])})
        con.execute("set threads = $t", {"t": int(settings["build.threads"][0])})
        con.execute("set temp_directory = $d", {"d": str(workdir / "spill")})
        con.execute("set enable_progress_bar = false")  # our own progress lines say what is happening
        con.execute(f"attach $path as {SCRATCH}", {"path": _scratch_path(input_dir, workdir, settings)})
        _create_infrastructure(con, as_of, evaluation_year, input_dir, settings)
        _create_decisions(con, decision_rows)

        max_share = float(settings["build.max_rejected_share"][0])
        files = _load_inputs(con, input_dir, as_of, workdir, progress, steps, max_share, allow_empty_required)
        ctx = BuildContext(as_of, evaluation_year, settings, input_dir, progress)
        # Row numbers of the input files come from insertion order (rowid), so it is kept while loading;
        # the models state their order where it matters (ORDER BY) and run faster and leaner without it.
        con.execute("set preserve_insertion_order = false")
        _run_prepare_steps(con, ctx, steps)
        for name, seconds in sqlfiles.run_models(con, SQL_DIR, progress):
            steps.append((name, seconds))
        _run_checks(con, progress)
        run_id = _record_run(con, db_path, started_at, as_of, input_dir, files)
        _drop_scratch(con)
        con.execute(f"detach {SCRATCH}")
        con.execute("checkpoint")
        con.close()
        _publish(tmp_path, db_path)
    except BaseException:
        con.close()
        for leftover in (tmp_path, Path(f"{tmp_path}.wal")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    not_read = files_not_read(input_dir, SOURCES)
    return BuildSummary(db_path, as_of, files, steps, time.perf_counter() - clock, run_id, not_read)


def _evaluation_year(settings: dict[str, tuple[Any, str]], as_of: dt.date) -> int:
    """The year whose titles commendation_candidates judges: setting commendation.evaluation_year, else the
    year of as_of (the data contract, docs/warehouse.md)."""
    value, origin = settings.get("commendation.evaluation_year", (as_of.year, "as_of"))
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
        raise ConfigError(
            f"{origin}: commendation.evaluation_year = {value!r}: cần một năm (a year), ví dụ 2025"
        )
    return value


_UNITS = {
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}


def _bytes(size: str) -> int | None:
    """Bytes of a memory size such as "1250MB" or "4GiB", read as DuckDB reads memory_limit; else None."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]+)\s*", size)
    if not match or match.group(2).lower() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _scratch_path(input_dir: Path, workdir: Path, settings: dict[str, tuple[Any, str]]) -> str:
    """Where the working tables of the load live (readers.SCRATCH): in memory, or in a DuckDB file.

    In memory they are fastest while they fit; past the memory limit DuckDB spills them uncompressed
    (23 GB for a national build), while a scratch file stores them compressed and costs about a quarter
    more CPU. `build.scratch` = "memory" | "disk" | "auto": memory when the input files take at most
    half of build.memory_limit (a file's text and its typed copy are held together while it loads).
    """
    choice = str(settings.get("build.scratch", ("auto", ""))[0]).lower()
    if choice not in ("auto", "memory", "disk"):
        raise ConfigError(f'build.scratch = "{choice}": dùng "auto", "memory" hoặc "disk"')
    if choice == "auto":
        limit = _bytes(str(settings["build.memory_limit"][0]))
        size = sum(p.stat().st_size for p in input_dir.iterdir() if p.is_file())
        choice = "memory" if limit is not None and 2 * size <= limit else "disk"
    return ":memory:" if choice == "memory" else str(workdir / "scratch.duckdb")


def _create_infrastructure(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    evaluation_year: int,
    input_dir: Path,
    settings: dict[str, tuple[Any, str]],
) -> None:
    con.execute("create table enum_labels (domain varchar, spelling varchar, code varchar)")
    con.executemany("insert into enum_labels values (?, ?, ?)", label_rows())
    con.execute("create table enum_terms (domain varchar, code varchar, label_vi varchar, label_en varchar)")
    con.executemany("insert into enum_terms values (?, ?, ?, ?)", term_rows())
    con.execute("create table settings (key varchar, value varchar, origin varchar)")
    con.executemany("insert into settings values (?, ?, ?)", as_rows(settings))
    con.execute(
        "create table build_params as select $as_of::date as as_of, $year::integer as evaluation_year, "
        "$input::varchar as input_dir",
        {"as_of": as_of, "year": evaluation_year, "input": str(input_dir.resolve())},
    )
    con.execute(
        "create table rejected_rows (file varchar, row_number bigint, column_name varchar, value varchar, "
        "reason varchar, rule varchar)"
    )
    con.execute(
        "create table build_runs (run_id integer, started_at timestamp, finished_at timestamp, as_of date, "
        "input_dir varchar, rows_loaded bigint, rows_rejected bigint, status varchar)"
    )
    con.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    create_text_macros(con)


def _decision_snapshot(db_path: Path, decisions: Path | None) -> list[tuple]:
    """The decision store's whole history as it is now (one read transaction: a consistent snapshot;
    decisions written after it are in the store for the dashboard and the next build, never lost)."""
    from pipelines.decisions import store

    if decisions is not None and not Path(decisions).exists():
        raise UnusableInput(f"{decisions}: không có kho quyết định (decision store not found).")
    path = Path(decisions) if decisions is not None else store.default_path(db_path)
    try:
        rows = store.history(path)
    except store.StoreUnavailable as exc:
        raise UnusableInput(str(exc)) from exc
    return [
        tuple(row[c] for c in store.COLUMNS[:-1])
        + (dt.datetime.fromisoformat(row["decided_at"]).replace(tzinfo=None),)
        for row in rows
    ]


def _create_decisions(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Table `decisions` (contract §4), the store's history at build time; the marts join its latest
    decision per subject (sql/marts/decision_current.sql)."""
    con.execute(
        "create table decisions (decision_id bigint, subject_kind varchar, subject_id varchar, "
        "outcome varchar, reason varchar, document_ref varchar, vote_share double, decided_by varchar, "
        "role varchar, decided_at timestamp)"
    )
    if rows:
        con.executemany("insert into decisions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _load_inputs(
    con: duckdb.DuckDBPyConnection,
    input_dir: Path,
    as_of: dt.date,
    workdir: Path,
    progress: Callable[[str], None],
    steps: list[tuple[str, float]],
    max_rejected_share: float,
    allow_empty_required: bool,
) -> list[FileSummary]:
    files: list[FileSummary] = []
    paths = {source.name: find_file(input_dir, source) for source in SOURCES}
    typed = _type_plain_csvs(con, paths, as_of, workdir, progress, steps)
    for source in SOURCES:
        started = time.perf_counter()
        path = paths[source.name]
        summary = FileSummary(source.name, path.name if path else None)
        label = summary.file or f"{source.name}.csv"
        one_pass = typed.get(source.name)
        if path is None:
            create_empty_raw(con, source)
            summary.notes.append("không có tệp: không có bản ghi loại này (no file: no records of this kind)")
        else:
            if one_pass is None:
                progress(f"Đọc {path.name} …")
            read = one_pass.read if one_pass else read_source(con, path, source, workdir)
            summary.notes = read.notes
            if read.ignored_headers:
                summary.notes.append("bỏ qua cột (ignored columns): " + ", ".join(read.ignored_headers))
            if read.malformed:
                con.executemany(
                    "insert into rejected_rows values (?, ?, ?, ?, ?, ?)",
                    [(path.name, *bad) for bad in read.malformed],
                )
        checked = (
            one_pass.judge(con, label)
            if one_pass
            else validate_source(
                con, source, label, as_of, release_raw=functools.partial(drop_raw, con, source)
            )
        )
        malformed = len({bad[0] for bad in read.malformed}) if path is not None else 0
        summary.loaded, summary.rejected = checked.loaded, checked.rejected_rows + malformed
        if source.required:
            _refuse_gutted(con, source.name, summary, max_rejected_share, allow_empty_required)
        summary.seconds = time.perf_counter() - started + (one_pass.seconds if one_pass else 0.0)
        steps.append((f"load {source.name}", time.perf_counter() - started))
        if path is not None:
            progress(
                f"  {path.name}: {summary.loaded:,} dòng nạp, {summary.rejected:,} dòng bị loại "
                f"({summary.seconds:.1f} s)"
            )
        files.append(summary)
    return files


def _type_plain_csvs(
    con: duckdb.DuckDBPyConnection,
    paths: dict[str, Path | None],
    as_of: dt.date,
    workdir: Path,
    progress: Callable[[str], None],
    steps: list[tuple[str, float]],
) -> dict[str, OnePass]:
    """The plain UTF-8 CSV files read and typed in one pass each, in pieces read side by side.

    A piece is read on one thread (its rows are numbered in file order as they pass), so the pieces are
    read in parallel instead, one per core of build.threads, each on its own connection, largest file
    first: the files are cut into pieces of about a third of a core's share of all the bytes, so that no
    core is left reading the largest file alone. A file that is not plain — another format or encoding, a
    record the reader refused, a line break inside a cell — is left to the exact path (absent from the
    result).
    """
    plain = sorted(
        (
            (source, path)
            for source in SOURCES
            if (path := paths[source.name]) and path.suffix.lower() == ".csv"
        ),
        key=lambda item: -item[1].stat().st_size,
    )
    if not plain:
        return {}
    started = time.perf_counter()
    threads = max(1, int(con.execute("select current_setting('threads')").fetchall()[0][0]))
    total = sum(path.stat().st_size for _, path in plain)
    piece_bytes = max(_MIN_PIECE_BYTES, -(-total // (threads * 3))) if _PIECES_POSSIBLE else total + 1
    folder = workdir / "pieces"
    folder.mkdir(exist_ok=True)
    counted: dict[CsvPiece, Future[int]] = {}
    counted_here: dict[CsvPiece, int] = {}
    counting = threading.Lock()

    def line_count(piece: CsvPiece) -> int:
        # A count no worker has begun is taken back and done by the thread that needs it: waiting for it
        # could wait forever when every worker is a read waiting the same way (build.threads = 1).
        future = counted.get(piece)
        if future is not None and not future.cancel():
            return future.result()
        with counting:
            if piece not in counted_here:
                counted_here[piece] = piece_lines(piece)
            return counted_here[piece]

    def type_piece(reading: OnePassRead, piece: CsvPiece) -> None:
        part = f" (phần {piece.index + 1}/{len(reading.pieces)})" if len(reading.pieces) > 1 else ""
        progress(f"Đọc {piece.path.name}{part} …")  # lines of pieces read side by side may interleave
        cursor = con.cursor()
        try:
            reading.type_piece(cursor, piece, folder)
        finally:
            cursor.close()

    readings: list[OnePassRead] = []
    reads: list[Future[None]] = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for source, path in plain:
            pieces = -(-path.stat().st_size // piece_bytes)
            reading = start_one_pass(con, source, path, as_of, pieces, line_count)
            if reading is None:
                continue
            readings.append(reading)
            # A piece is numbered from the lines of the pieces before it. The first needs none, so it is
            # read at once while the next worker counts the lines the others need (a pass over the disk,
            # for a national file the slower part); each later read is queued after the counts it waits
            # for. A read may still need a count no worker has begun (the first piece's own, for its
            # verdict, when there is one worker): line_count then does it itself.
            first, *rest = reading.pieces
            reads.append(pool.submit(type_piece, reading, first))
            counted.update({p: pool.submit(piece_lines, p) for p in reading.pieces[:-1]})
            reads.extend(pool.submit(type_piece, reading, piece) for piece in rest)
        for read in reads:
            read.result()
    typed = {reading.source.name: one for reading in readings if (one := reading.finish(con)) is not None}
    steps.append(("read and type CSV files", time.perf_counter() - started))
    return typed


def _refuse_gutted(
    con: duckdb.DuckDBPyConnection, source: str, summary: FileSummary, max_share: float, allow_empty: bool
) -> None:
    """A required file with no record, or one that would lose more than max_share of its rows, is not
    loaded over a good warehouse: the export is broken, not the rows."""
    name = summary.file or f"{source}.csv"
    total = summary.loaded + summary.rejected
    if total == 0 and not allow_empty:
        raise UnusableInput(
            f"{name}: tệp bắt buộc không có bản ghi nào (required file without a single record)."
        )
    if total and summary.rejected / total > max_share:
        top = con.execute(
            "select column_name, reason, count(*) as n from rejected_rows where file = $f "
            "group by all order by n desc, column_name limit 1",
            {"f": name},
        ).fetchall()
        why = f"; lý do thường gặp nhất: {top[0][0]}: {top[0][1]} ({top[0][2]:,} lần)" if top else ""
        raise UnusableInput(
            f"{name}: {summary.rejected:,} trên {total:,} dòng bị loại, quá {max_share:.0%} "
            f"(build.max_rejected_share) — tệp xuất có vẻ hỏng (more than {max_share:.0%} of a required "
            f"file rejected){why}. Xem lại tệp rồi chạy lại."
        )


def _run_prepare_steps(
    con: duckdb.DuckDBPyConnection, ctx: BuildContext, steps: list[tuple[str, float]]
) -> None:
    """Reference tables that are not input files (calendar, rule sets, phrase lists), one module each."""
    from pipelines import prepare

    for module_info in sorted(pkgutil.iter_modules(prepare.__path__), key=lambda m: m.name):
        started = time.perf_counter()
        module = importlib.import_module(f"pipelines.prepare.{module_info.name}")
        module.prepare(con, ctx)
        steps.append((f"prepare {module_info.name}", time.perf_counter() - started))


def _run_checks(con: duckdb.DuckDBPyConnection, progress: Callable[[str], None]) -> None:
    progress("Kiểm tra kết quả (checks) …")
    failed = []
    for path in sorted((SQL_DIR / "checks").glob("*.sql")):
        rows = con.execute(path.read_text(encoding="utf-8")).fetchmany(3)
        if rows:
            failed.append(f"{path.stem}: {rows}")
    if failed:
        raise CheckFailed("Kiểm tra không đạt (checks failed): " + " | ".join(failed))


def _record_run(
    con: duckdb.DuckDBPyConnection,
    db_path: Path,
    started_at: dt.datetime,
    as_of: dt.date,
    input_dir: Path,
    files: list[FileSummary],
) -> int:
    if db_path.exists():
        try:
            con.execute("attach $path as previous (read_only)", {"path": str(db_path)})
            con.execute("insert into build_runs by name select * from previous.build_runs")
            con.execute("detach previous")
        except duckdb.Error:
            # The old file is not a warehouse of ours (or is locked by a writer): history starts anew.
            pass
    next_id = con.execute("select coalesce(max(run_id), 0) + 1 from build_runs").fetchone()
    assert next_id is not None  # an aggregate without group by always returns one row
    run_id = next_id[0]
    con.execute(
        "insert into build_runs "
        "values ($id, $started, $finished, $as_of, $input, $loaded, $rejected, 'success')",
        {
            "id": run_id,
            "started": started_at,
            "finished": dt.datetime.now(),
            "as_of": as_of,
            "input": str(input_dir.resolve()),
            "loaded": sum(f.loaded for f in files),
            "rejected": sum(f.rejected for f in files),
        },
    )
    return int(run_id)


def _drop_scratch(con: duckdb.DuckDBPyConnection) -> None:
    """Temporary views and tables of the load (never part of the warehouse), freed before the checkpoint."""
    for (name,) in con.execute(
        "select view_name from duckdb_views() where temporary and not internal"
    ).fetchall():
        con.execute(f'drop view temp."{name}"')
    for (name,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall():
        con.execute(f'drop table temp."{name}"')


def _publish(tmp_path: Path, db_path: Path) -> None:
    # A write-ahead log left by a crashed writer of the old file would be replayed into the new one.
    Path(f"{db_path}.wal").unlink(missing_ok=True)
    os.chmod(tmp_path, 0o640)  # the warehouse names officials: owner and group only
    os.replace(tmp_path, db_path)


def _remove_abandoned_builds(db_path: Path) -> None:
    """Temporary files and scratch folders of builds that were killed (their process is gone)."""
    for leftover in db_path.parent.glob(f".{db_path.name}.building-*"):
        pid = leftover.name.rsplit("-", 1)[-1].removesuffix(".wal")
        if pid.isdigit() and not _process_alive(int(pid)):
            leftover.unlink(missing_ok=True)
    for folder in db_path.parent.glob(f"{_SCRATCH_PREFIX}*"):
        pid = folder.name.removeprefix(_SCRATCH_PREFIX).split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True
    return True
