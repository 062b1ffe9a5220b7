"""Reading one input file into a DuckDB table of text columns, whatever its format and encoding.

The result is a table `raw_<source>` whose columns carry the contract's names (matched from the
file's headers, English or Vietnamese), every value as text exactly as the file holds it, and
`_row`: the row number as a person sees it in the file (header = row 1, first record = row 2).
Types are not judged here; that is the validator's job.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import itertools
import os
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook

from pipelines.sources import Source
from pipelines.vietnamese_encodings import VNI, detect_vietnamese_encoding
from pipelines.vocab import normalise_label

EXTENSIONS = (".csv", ".xlsx", ".xls", ".parquet")
# The catalog of the build's working tables: a DuckDB file of its own in the build's scratch folder
# (attached by pipelines.build). Its tables are stored compressed and can leave memory without being
# spilled raw — ten million events as text take about a gigabyte in memory, 120 million twelve — and
# it is deleted with the folder, so the warehouse file never carries their space.
SCRATCH = "scratch"
_CHUNK = 1 << 24
# The column of a loaded table that holds each record's row as a person sees it in the file.
_EXCEL_ROW = "_sheet_row"
_DELIMITERS = ",;\t|"
# A line longer than this (one cell of 60 MB) is a bad row, not a reason to refuse the file.
_MAX_LINE_BYTES = 64 << 20
# DuckDB's reader takes a buffer of 16 × max_line_size, up to the whole file: 505 MB for the province's
# tasks under a 1 GB limit, the memory the typed rows needed. Twice the longest line is enough.
_BUFFER_BYTES = 2 * _MAX_LINE_BYTES
_WHOLE_ROW = "(cả dòng)"


class UnusableInput(Exception):
    """The input cannot be used at all (exit 2, the warehouse left as it was)."""


@dataclass
class ReadResult:
    source: str
    path: Path | None
    rows: int = 0
    encoding: str | None = None
    ignored_headers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Records the file holds but that could not be split into its columns (a stray quote, too many
    # fields, a formula without a saved value): (row as in the file, column, value, reason, rule).
    malformed: list[tuple[int, str | None, str | None, str, str]] = field(default_factory=list)


def find_file(input_dir: Path, source: Source) -> Path | None:
    """The file holding `source` in the folder (tasks.csv, tasks.xlsx or tasks.parquet), if any.

    An entry of that name that is not a readable file (a folder, a broken link) is refused, not taken
    for "no records of this kind".
    """
    candidates = sorted(
        p for p in input_dir.iterdir() if p.stem.lower() == source.name and p.suffix.lower() in EXTENSIONS
    )
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        raise UnusableInput(
            f"{source.name}: có nhiều tệp cho cùng một loại dữ liệu ({names}); hãy giữ lại một tệp."
        )
    if not candidates:
        return None
    path = candidates[0]
    try:
        regular = path.is_file()
    except OSError:  # a symbolic link that points to itself
        regular = False
    if not regular:
        what = "một thư mục (a folder)" if path.is_dir() else "một liên kết hỏng (a broken link)"
        raise UnusableInput(f"{path.name}: là {what}, không phải tệp dữ liệu (not a data file).")
    return path


# what `congvu generate` writes beside the data: the list of behaviours it planted, not an export
GENERATOR_MANIFEST = "manifest.json"


def files_not_read(input_dir: Path, sources: tuple[Source, ...]) -> list[str]:
    """Names in the folder that no source reads (a misspelled name, "tasks (1).csv"), for the summary."""
    names = {s.name for s in sources}
    return sorted(
        p.name
        for p in input_dir.iterdir()
        if not p.name.startswith(".")
        and p.name != GENERATOR_MANIFEST
        and not (p.stem.lower() in names and p.suffix.lower() in EXTENSIONS)
    )


def read_source(con: duckdb.DuckDBPyConnection, path: Path, source: Source, workdir: Path) -> ReadResult:
    """Loads `path` into a scratch table, seen through the view raw_<source.name>.

    Raises UnusableInput if it cannot.
    """
    result = ReadResult(source.name, path)
    suffix = path.suffix.lower()
    loaded = f"{SCRATCH}._loaded_{source.name}"
    try:
        if suffix == ".csv":
            csv_path, result.encoding = _utf8_copy_if_needed(path, workdir)
            if result.encoding not in ("utf-8", "utf-8-sig"):
                result.notes.append(f"đã chuyển mã từ {result.encoding} sang UTF-8")
            _load_csv(con, csv_path, loaded, source, result)
        elif suffix == ".parquet":
            _load_parquet(con, path, loaded)
        else:
            frame = _read_excel(path, result)
            con.register("_excel_frame", frame)
            con.execute(f"create or replace table {loaded} as select * from _excel_frame")
            con.unregister("_excel_frame")
    except UnusableInput:
        raise
    except (duckdb.Error, OSError, ValueError, CalamineError, zipfile.BadZipFile) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UnusableInput(f"{path.name}: không đọc được tệp (unreadable file): {first_line}") from exc

    headers = [row[0] for row in con.execute(f"describe {loaded}").fetchall()]
    headers.remove(_EXCEL_ROW)  # every loader numbers the rows as a person sees them in the file
    row_number = _EXCEL_ROW
    mapping = _match_headers(headers, source, path)
    result.ignored_headers = [h for h in headers if h not in mapping]
    selected = [
        f'"{h.replace(chr(34), chr(34) * 2)}"::varchar as {mapping[h]}' for h in headers if h in mapping
    ]
    present = set(mapping.values())
    missing_optional = [f"null::varchar as {c.name}" for c in source.columns if c.name not in present]
    # A view, not a copy: the file's rows are stored once, under the contract's column names.
    con.execute(
        f"create or replace temp view raw_{source.name} as "
        f"select {row_number} as _row, {', '.join(selected + missing_optional)} from {loaded}"
    )
    result.rows = con.execute(f"select count(*) from {loaded}").fetchall()[0][0] + len(result.malformed)
    return result


def drop_raw(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    con.execute(f"drop view if exists raw_{source.name}")
    con.execute(f"drop table if exists {SCRATCH}._loaded_{source.name}")


def create_empty_raw(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """An optional file that is absent means "no records of that kind": an empty raw table."""
    cols = ", ".join(f"null::varchar as {c.name}" for c in source.columns)
    con.execute(
        f"create or replace temp view raw_{source.name} as select null::bigint as _row, {cols} limit 0"
    )


def _match_headers(headers: list[str], source: Source, path: Path) -> dict[str, str]:
    """Header as found → contract column name; case-, space- and accent-form-insensitive."""
    accepted: dict[str, str] = {}
    for column in source.columns:
        for spelling in (column.name, *column.vi):
            accepted.setdefault(normalise_label(spelling), column.name)
    mapping: dict[str, str] = {}
    for header in headers:
        name = accepted.get(normalise_label(header))
        if name and name not in mapping.values():
            mapping[header] = name
    missing = [c.name for c in source.columns if c.required and c.name not in mapping.values()]
    if missing:
        wanted = "; ".join(
            f"{c.name} [{c.vi[0]}]" if c.vi else c.name for c in source.columns if c.name in missing
        )
        found = ", ".join(headers) or "(không có)"
        raise UnusableInput(
            f"{path.name}: thiếu cột bắt buộc (missing required column) {wanted}. Các cột đang có: {found}."
        )
    return mapping


def _utf8_copy_if_needed(path: Path, workdir: Path) -> tuple[Path, str]:
    """The path of a UTF-8 version of the file, and the encoding the file was found in.

    UTF-8 (with or without BOM) is read in place. UTF-16 (Excel's "Unicode text", with or without
    BOM), Windows-1258 and TCVN3 (ABC) are decoded correctly into a UTF-8 copy in NFC. VNI and
    anything else are refused by name, never loaded as mojibake.
    """
    with path.open("rb") as f:
        head = f.read(4096)
    utf16 = _utf16_in_head(head)
    if utf16 is not None:
        return _transcode(path, workdir, utf16), utf16
    bad = _first_invalid_utf8(path)
    if bad is None:
        return path, "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    offset, line = bad
    with path.open("rb") as f:
        found = detect_vietnamese_encoding(f.read(_CHUNK))
    if found == VNI:
        raise UnusableInput(
            f"{path.name}: tệp ở bảng mã VNI (VNI encoding), không phải UTF-8; chương trình không "
            "chuyển mã VNI. Hãy chuyển sang Unicode (ví dụ bằng Unikey: VNI Windows → Unicode) hoặc lưu "
            "lại dưới dạng 'CSV UTF-8' rồi chạy lại."
        )
    if found is not None:
        return _transcode(path, workdir, found), "windows-1258" if found == "cp1258" else "TCVN3 (ABC)"
    raise UnusableInput(
        f"{path.name}: tệp không phải UTF-8 (not UTF-8): byte lạ ở vị trí {offset}, dòng {line}; "
        "có vẻ là một bảng mã 8-bit không phải tiếng Việt (Windows-1252/Latin-1), không phải "
        "Windows-1258, TCVN3 hay VNI. Hãy lưu lại tệp dưới dạng 'CSV UTF-8' rồi chạy lại."
    )


def _utf16_in_head(head: bytes) -> str | None:
    """The UTF-16 encoding the first bytes of a file show, if any."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # Without a BOM, UTF-16 shows as a zero byte in every other place: odd places for LE, even for BE.
    # Combining marks (text in NFD, U+0300...) put a few zeros in the other places too.
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if len(head) >= 4 and odd > len(head) // 4 and even * 4 < odd:
        return "utf-16-le"
    if len(head) >= 4 and even > len(head) // 4 and odd * 4 < even:
        return "utf-16-be"
    return None


def _first_invalid_utf8(path: Path) -> tuple[int, int] | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, lines = 0, 1
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset + exc.start, lines + chunk[: exc.start].count(b"\n")
            offset += len(chunk)
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, lines
    return None


def _load_csv(
    con: duckdb.DuckDBPyConnection, path: Path, loaded: str, source: Source, result: ReadResult
) -> None:
    """Reads a UTF-8 CSV into `loaded` with `_sheet_row` = the line a text editor shows.

    The dialect is fixed, not sniffed: the delimiter is the one the header line uses most, and cells
    may be quoted with '"' (doubled inside). A sniffer shown one stray quote gives up quoting for the
    whole file; here a record that cannot be split into the header's columns is rejected on its own
    (DuckDB's store_rejects), and the lines an unterminated quote swallowed are read again one by one.
    """
    headers, delimiter = _csv_header(path)
    if not headers:
        raise UnusableInput(f"{path.name}: tệp trống, không có dòng tiêu đề (empty file, no header line).")
    names = _unique_headers(headers)
    rejects = f"_rejects_{source.name}"
    numbering = record_numbering(con, source)
    con.execute(
        f"create or replace table {loaded} as select {numbering} as {_EXCEL_ROW}, * from read_csv($path, "
        "header = true, auto_detect = false, columns = $columns, delim = $delim, quote = '\"', "
        f"escape = '\"', max_line_size = {_MAX_LINE_BYTES}, buffer_size = {_BUFFER_BYTES}, "
        f"store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan', "
        "parallel = false)",
        {"path": str(path), "columns": {n: "VARCHAR" for n in names}, "delim": delimiter},
    )
    bad = con.execute(
        f"select line, arg_min(error_type, column_idx), arg_min(column_name, column_idx), "
        f"arg_min(csv_line, column_idx) from {rejects} group by line order by line"
    ).fetchall()
    con.execute(f"drop table if exists {rejects}")
    con.execute(f"drop table if exists {rejects}_scan")
    kept = con.execute(f"select count(*) from {loaded}").fetchall()[0][0]
    lines = _record_lines(path, delimiter) if bad or _newlines(path) != kept + 1 else None
    if lines is None:
        return  # one record a line, none rejected: numbered from 2 in file order, as a text editor shows
    rejected_at = {line for line, *_ in bad}
    rows = [lines[i] for i in range(1, len(lines)) if lines[i] > 0 and i + 1 not in rejected_at]
    if len(rows) != kept:  # the two readings of the file disagree: say so rather than guess
        rows = list(range(2, kept + 2))
        result.notes.append("số dòng báo lỗi có thể lệch (row numbers may be approximate)")
    extra: list[list[str | int | None]] = []
    for line, error, column, text in bad:
        first = abs(lines[line - 1]) if line - 1 < len(lines) else line
        extra += _reread_bad_record(first, error, column, text or "", names, delimiter, result)
    frame = pa.table({"_rid": pa.array(range(kept), pa.int64()), _EXCEL_ROW: pa.array(rows, pa.int64())})
    con.register("_csv_rows", frame)
    quoted = ", ".join(_quote_ident(n) for n in names)
    con.execute(
        f"create or replace table {loaded} as select {quoted}, r.{_EXCEL_ROW} "
        f"from (select * exclude ({_EXCEL_ROW}), {_EXCEL_ROW} - 2 as _rid from {loaded}) l "
        "join _csv_rows r using (_rid) "
        f"order by r.{_EXCEL_ROW}"
    )
    con.unregister("_csv_rows")
    if extra:
        con.executemany(f"insert into {loaded} values ({', '.join('?' * (len(names) + 1))})", extra)


def record_numbering(
    con: duckdb.DuckDBPyConnection, source: Source, catalog: str = SCRATCH, first: int = 2, piece: int = 0
) -> str:
    """An expression that numbers the records of one read of `source` (or of one piece of it) `first`,
    `first` + 1, … in the order they are read.

    DuckDB's parallel CSV reader gives no row numbers, and the order in which a parallel read fills a table
    is not the file's once memory runs short (at province scale under 1 GB, a block of 1.2 M tasks came out
    of place: rowid is not a row number). So a file, or a piece of it, is read on one thread
    (`parallel = false`), where rows arrive in file order, and each takes the next value of a sequence as it
    passes. The sequence lives in the database the rows are written to (a statement writes to one database
    only; drop_numbering).
    """
    sequence = f"{_quote_ident(catalog)}._records_{source.name}_{piece}"
    con.execute(f"create or replace sequence {sequence} start {int(first)}")
    return "nextval('" + sequence.replace("'", "''") + "')"


def drop_numbering(
    con: duckdb.DuckDBPyConnection, source: Source, catalog: str = SCRATCH, piece: int = 0
) -> None:
    con.execute(f"drop sequence if exists {_quote_ident(catalog)}._records_{source.name}_{piece}")


@dataclass(frozen=True)
class CsvPiece:
    """Bytes [start, end) of a CSV file, whole lines: the first piece holds the header line."""

    path: Path
    index: int
    start: int
    end: int
    size: int  # the whole file's

    @property
    def whole_file(self) -> bool:
        return self.start == 0 and self.end == self.size


def csv_pieces(path: Path, count: int) -> list[CsvPiece]:
    """`path` cut into `count` pieces of about equal size, each ending after a line break (fewer when the
    file has fewer lines). A cut can fall inside a quoted cell that holds a line break; the read of such a
    piece then fails its verdict (plain_csv_verdict) and the file goes the exact way."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as f:
        for k in range(1, max(1, count)):
            f.seek(max(size * k // count, cuts[-1]))
            line = f.readline(_MAX_LINE_BYTES)
            if not line.endswith(b"\n") or f.tell() >= size:
                break
            cuts.append(f.tell())
    cuts.append(size)
    return [CsvPiece(path, i, start, end, size) for i, (start, end) in enumerate(itertools.pairwise(cuts))]


def piece_lines(piece: CsvPiece) -> int:
    """The lines of a piece: its line breaks, plus an unended last line of the file."""
    count, left, last = 0, piece.end - piece.start, ord("\n")
    chunk = bytearray(min(_CHUNK, max(left, 1)))
    with piece.path.open("rb") as f:
        f.seek(piece.start)
        while left > 0 and (size := f.readinto(memoryview(chunk)[: min(len(chunk), left)])):
            count += chunk.count(b"\n", 0, size)
            last, left = chunk[size - 1], left - size
    return count + (piece.end == piece.size and piece.end > piece.start and last != ord("\n"))


@contextlib.contextmanager
def piece_path(piece: CsvPiece, folder: Path) -> Iterator[Path]:
    """A path DuckDB can read that holds just the piece: the file itself when the piece is all of it, else
    a named pipe that a thread fills from the file (os.splice: the kernel moves the bytes, nothing is
    copied through Python or written to disk)."""
    if piece.whole_file:
        yield piece.path
        return
    pipe = folder / f"{piece.path.stem}.{piece.index}.{threading.get_ident()}.csv"
    os.mkfifo(pipe)

    def fill() -> None:
        try:
            with open(pipe, "wb", buffering=0) as sink, piece.path.open("rb") as origin:
                offset = piece.start
                while offset < piece.end:
                    moved = os.splice(origin.fileno(), sink.fileno(), piece.end - offset, offset_src=offset)
                    if not moved:
                        break
                    offset += moved
        except OSError:  # the read stopped early, or the file shrank: the piece's verdict fails
            return

    filler = threading.Thread(target=fill, name=f"fill {pipe.name}", daemon=True)
    filler.start()
    try:
        yield pipe
    finally:
        # A read that failed, or never opened the pipe, leaves the filler waiting for a reader or for room
        # in the pipe: read what is left ourselves until it is done.
        drain = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
        try:
            while filler.is_alive():
                try:
                    if not os.read(drain, 1 << 20):
                        filler.join(0.01)
                except BlockingIOError:
                    filler.join(0.01)
        finally:
            os.close(drain)
            pipe.unlink()


@dataclass
class PlainCsv:
    """How to read a CSV file that may be plain UTF-8 in one pass: every column as text under the
    contract's names (plain_csv_reading)."""

    path: Path
    selected: str
    columns: dict[str, str]
    delimiter: str
    result: ReadResult

    def reading(self, source: Source, piece: CsvPiece, read_path: Path) -> tuple[str, dict[str, object]]:
        """A FROM item reading one piece on one thread (read from `read_path`, piece_path), and its
        parameters. DuckDB's own line limit and buffer (2 MB, 32 MB): a longer line is a record refused,
        and the file then goes the exact way, which allows _MAX_LINE_BYTES."""
        rejects = f"_rejects_{source.name}_{piece.index}"
        sql = (
            f"(select {self.selected} from read_csv($path, header = $header, auto_detect = false, "
            "columns = $columns, delim = $delim, quote = '\"', escape = '\"', "
            f"store_rejects = true, parallel = false, rejects_table = '{rejects}', "
            f"rejects_scan = '{rejects}_scan'))"
        )
        return sql, {
            "path": str(read_path),
            "header": piece.start == 0,
            "columns": self.columns,
            "delim": self.delimiter,
        }


def plain_csv_reading(path: Path, source: Source) -> PlainCsv | None:
    """For a CSV file that may be plain UTF-8: how to read it in one pass; None for any other file
    (another format, UTF-16, a header that is not UTF-8, missing or no headers), which the exact path
    reads or refuses with its own words. Bytes that are not UTF-8 further on are refused by DuckDB's
    reader, and the file then goes the exact way too (plain_csv_verdict)."""
    if path.suffix.lower() != ".csv":
        return None
    with path.open("rb") as f:
        head = f.read(4096)
    if _utf16_in_head(head) is not None:
        return None
    try:
        headers, delimiter = _csv_header(path)
    except (UnicodeDecodeError, OSError, csv.Error):
        return None
    if not headers:
        return None
    names = _unique_headers(headers)
    try:
        mapping = _match_headers(names, source, path)
    except UnusableInput:
        return None
    result = ReadResult(
        source.name, path, encoding="utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    )
    result.ignored_headers = [h for h in names if h not in mapping]
    by_name = {v: k for k, v in mapping.items()}
    selected = ", ".join(
        f"{_quote_ident(by_name[c.name])}::varchar as {c.name}"
        if c.name in by_name
        else f"null::varchar as {c.name}"
        for c in source.columns
    )
    return PlainCsv(path, selected, {n: "VARCHAR" for n in names}, delimiter, result)


def plain_csv_verdict(
    con: duckdb.DuckDBPyConnection, source: Source, piece: CsvPiece, records: int, lines: int
) -> bool:
    """Whether the one-pass read of a piece of `lines` lines (piece_lines) numbered its records right: none
    refused by the reader, and one line per record (a blank line or a line break inside a cell would shift
    the rows after it)."""
    refused = con.execute(f"select count(*) from _rejects_{source.name}_{piece.index}").fetchall()[0][0]
    plain_csv_clean(con, source, piece)
    return refused == 0 and lines == records + (piece.start == 0)


def plain_csv_clean(con: duckdb.DuckDBPyConnection, source: Source, piece: CsvPiece) -> None:
    con.execute(f"drop table if exists _rejects_{source.name}_{piece.index}")
    con.execute(f"drop table if exists _rejects_{source.name}_{piece.index}_scan")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _csv_header(path: Path) -> tuple[list[str], str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        first = f.readline(_MAX_LINE_BYTES)
    line = first.rstrip("\r\n")
    delimiter = max(_DELIMITERS, key=lambda d: (line.count(d), -_DELIMITERS.index(d)))
    if not line.strip():
        return [], delimiter
    return next(csv.reader([line], delimiter=delimiter)), delimiter


def _unique_headers(headers: list[str]) -> list[str]:
    names: list[str] = []
    for i, header in enumerate(headers):
        name = header.strip() or f"column_{i + 1}"
        # the loaders' own column of row numbers is a name no file column may take
        names.append(name if name not in names and name != _EXCEL_ROW else f"{name}_{i + 1}")
    return names


def _newlines(path: Path) -> int:
    """Records the file would hold if every line were one: its line breaks, plus an unended last line."""
    size = path.stat().st_size
    return piece_lines(CsvPiece(path, 0, 0, size, size))


def _record_lines(path: Path, delimiter: str) -> list[int]:
    """The line a text editor shows for each record, in file order (header first); -line for a blank one.

    Record i here is DuckDB's line i + 1: DuckDB counts blank lines but not the breaks inside a
    quoted cell.
    """
    starts: list[int] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter, strict=False)
        csv.field_size_limit(_MAX_LINE_BYTES)
        previous = 0
        try:
            for record in reader:
                starts.append(previous + 1 if record else -(previous + 1))
                previous = reader.line_num
        except csv.Error:
            return starts
    return starts


def _reread_bad_record(
    line: int,
    error: str,
    column: str | None,
    text: str,
    names: list[str],
    delimiter: str,
    result: ReadResult,
) -> list[list[str | int | None]]:
    """One record DuckDB could not split: its bad row(s) go to `result.malformed`; rows it hid come back.

    An unterminated quote makes the parser swallow the lines up to the next quote: the first line is
    the bad row, the others are read again one by one.
    """
    width = len(names)
    if error == "LINE SIZE OVER MAXIMUM":
        result.malformed.append(
            (
                line,
                _WHOLE_ROW,
                text[:200],
                f"Dòng dài hơn {_MAX_LINE_BYTES >> 20} MB (line too long)",
                "malformed_row",
            )
        )
        return []
    physical = text.split("\n") if error == "UNQUOTED VALUE" else [text]
    recovered: list[list[str | int | None]] = []
    for offset, piece in enumerate(physical):
        row = line + offset
        piece = piece.rstrip("\r")
        if offset == 0 and error == "UNQUOTED VALUE":
            result.malformed.append(
                (
                    row,
                    column,
                    piece[:200],
                    'Dấu ngoặc kép (") không đóng hoặc đặt sai trong ô (stray or unterminated quote); '
                    'viết "" cho một dấu " trong ô có ngoặc',
                    "malformed_row",
                )
            )
            continue
        if not piece.strip():
            continue
        try:
            fields = next(csv.reader([piece], delimiter=delimiter, strict=True))
        except csv.Error:
            result.malformed.append(
                (row, _WHOLE_ROW, piece[:200], "Dấu ngoặc kép đặt sai (stray quote)", "malformed_row")
            )
            continue
        if len(fields) > width:
            extra = delimiter.join(fields[width:])
            result.malformed.append(
                (
                    row,
                    _WHOLE_ROW,
                    extra[:200],
                    f"Dòng có {len(fields)} trường, nhiều hơn {width} cột của dòng tiêu đề "
                    f"(too many fields: {len(fields)} for {width} columns)",
                    "malformed_row",
                )
            )
            continue
        values: list[str | None] = [*fields, *([None] * (width - len(fields)))]
        recovered.append([*values, row])  # a short row keeps its values; the missing ones are empty
    return recovered


def _transcode(path: Path, workdir: Path, encoding: str) -> Path:
    target = workdir / f"{path.stem}.utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(_CHUNK):
            dst.write(unicodedata.normalize("NFC", decoder.decode(chunk)))
        dst.write(decoder.decode(b"", final=True))
    return target


def _load_parquet(con: duckdb.DuckDBPyConnection, path: Path, loaded: str) -> None:
    """Every column as text; a float column of whole numbers (pandas stores an int column with gaps
    as float64) gives "2", not "2.0"."""
    con.execute(
        f"create or replace table {loaded} as select * exclude (file_row_number), "
        f"file_row_number + 2 as {_EXCEL_ROW} from read_parquet($path, file_row_number = true)",
        {"path": str(path)},
    )
    floats = [
        name
        for name, kind, *_ in con.execute(f"describe {loaded}").fetchall()
        if kind in ("DOUBLE", "FLOAT") or kind.startswith("DECIMAL")
    ]
    if floats:
        whole = ", ".join(
            f"case when isfinite({q}) and {q} = trunc({q}) and abs({q}) < 1e18 then {q}::hugeint::varchar "
            f"else {q}::varchar end "
            f"as {q}"
            for q in map(_quote_ident, floats)
        )
        con.execute(f"create or replace table {loaded} as select * replace ({whole}) from {loaded}")


_SHEET_CELL = re.compile(rb"<c r=\"([A-Z]+)([0-9]+)\"[^>]*?(?:/>|>(.*?)</c>)", re.S)


def _formulas_without_value(path: Path) -> dict[tuple[int, int], str]:
    """(row, column index) → formula of the first sheet's formula cells that have no saved value.

    A workbook written by a program that does not compute formulas (or saved without recalculation)
    keeps the formula only; its cell reads as empty, which would pass for "no deadline".
    """
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        workbook = book.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        rels = book.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
        first = re.search(rb"<(?:\w+:)?sheet [^>]*r:id=\"([^\"]+)\"", workbook)
        target = None
        if first:
            for rel in re.finditer(rb"<Relationship [^>]*>", rels):
                if b'Id="' + first.group(1) + b'"' in rel.group(0):
                    found = re.search(rb'Target="([^"]+)"', rel.group(0))
                    target = found.group(1).decode().lstrip("/") if found else None
        sheet = target if target and target.startswith("xl/") else f"xl/{target}" if target else None
        if sheet is None or sheet not in names:
            return {}
        xml = book.read(sheet)
    if b"<f" not in xml:
        return {}
    missing: dict[tuple[int, int], str] = {}
    for match in _SHEET_CELL.finditer(xml):
        inner = match.group(3) or b""
        formula = re.search(rb"<f[^>]*>(.*?)</f>|<f[^>]*/>", inner, re.S)
        value = re.search(rb"<v>(.*?)</v>", inner, re.S)
        if formula and (value is None or not value.group(1)):
            column = 0
            for letter in match.group(1):
                column = column * 26 + letter - 64
            text = (formula.group(1) or b"").decode("utf-8", "replace")
            missing[(int(match.group(2)), column - 1)] = "=" + text
    return missing


def _read_excel(path: Path, result: ReadResult) -> pd.DataFrame:
    """First sheet, first row as header, every cell as the text a person would type."""
    if path.suffix.lower() == ".xlsx" and not zipfile.is_zipfile(path):
        raise UnusableInput(
            f"{path.name}: không phải tệp Excel .xlsx (not an .xlsx workbook: the file is damaged or "
            "is another format renamed)."
        )
    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    if not rows:
        raise UnusableInput(f"{path.name}: trang tính đầu tiên trống (the first sheet is empty).")
    headers: list[str] = []
    for i, cell in enumerate(rows[0]):
        header = _cell_text(cell) or f"column_{i + 1}"
        headers.append(header if header not in headers else f"{header}_{i + 1}")
    unsaved = _formulas_without_value(path) if path.suffix.lower() == ".xlsx" else {}
    body = []
    for sheet_row, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in row]
        broken = [(col, f) for (r, col), f in unsaved.items() if r == sheet_row and col < len(headers)]
        if broken:
            col, formula = min(broken)
            result.malformed.append(
                (
                    sheet_row,
                    headers[col],
                    formula,
                    "Ô công thức chưa có giá trị đã lưu (formula cell without a saved value): "
                    "mở tệp trong Excel, tính lại rồi lưu",
                    "formula_without_value",
                )
            )
            continue
        if any(c is not None for c in cells):  # a blank line is no record, but keeps its number
            body.append([*cells, sheet_row])
    frame = pd.DataFrame(body, columns=[*headers, _EXCEL_ROW], dtype="object")
    return frame.astype({h: "string" for h in headers} | {_EXCEL_ROW: "int64"})


def _cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
