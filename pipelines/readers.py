"""Reading one input file into a DuckDB table of text columns, whatever its format and encoding.

The result is a table `raw_<source>` whose columns carry the contract's names (matched from the
file's headers, English or Vietnamese), every value as text exactly as the file holds it, and
`_row`: the row number as a person sees it in the file (header = row 1, first record = row 2).
Types are not judged here; that is the validator's job.
"""

from __future__ import annotations

import codecs
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.sources import Source
from pipelines.vocab import normalise_label

EXTENSIONS = (".csv", ".xlsx", ".xls", ".parquet")
# The catalog of the build's working tables: a DuckDB file of its own in the build's scratch folder
# (attached by pipelines.build). Its tables are stored compressed and can leave memory without being
# spilled raw — ten million events as text take about a gigabyte in memory, 120 million twelve — and
# it is deleted with the folder, so the warehouse file never carries their space.
SCRATCH = "scratch"
_CHUNK = 1 << 24
_EXCEL_ROW = "_sheet_row"

# Letters that only a Vietnamese text decoded as Windows-1258 produces: ă â đ ê ô ơ ư and the five
# combining tone marks. A Latin-1 file decoded as 1258 shows almost none of them.
_VIETNAMESE_1258_MARKS = set("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")


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


def find_file(input_dir: Path, source: Source) -> Path | None:
    """The file holding `source` in the folder (tasks.csv, tasks.xlsx or tasks.parquet), if any."""
    candidates = sorted(
        p
        for p in input_dir.iterdir()
        if p.is_file() and p.stem.lower() == source.name and p.suffix.lower() in EXTENSIONS
    )
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        raise UnusableInput(
            f"{source.name}: có nhiều tệp cho cùng một loại dữ liệu ({names}); hãy giữ lại một tệp."
        )
    return candidates[0] if candidates else None


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
            con.execute(
                f"create or replace table {loaded} as "
                "select * from read_csv($path, header = true, all_varchar = true, null_padding = true)",
                {"path": str(csv_path)},
            )
        elif suffix == ".parquet":
            con.execute(
                f"create or replace table {loaded} as select * from read_parquet($path)", {"path": str(path)}
            )
        else:
            frame = _read_excel(path)
            con.register("_excel_frame", frame)
            con.execute(f"create or replace table {loaded} as select * from _excel_frame")
            con.unregister("_excel_frame")
    except UnusableInput:
        raise
    except (duckdb.Error, OSError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UnusableInput(f"{path.name}: không đọc được tệp (unreadable file): {first_line}") from exc

    headers = [row[0] for row in con.execute(f"describe {loaded}").fetchall()]
    row_number = "(rowid + 2)::bigint"
    if _EXCEL_ROW in headers:
        headers.remove(_EXCEL_ROW)
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
    result.rows = con.execute(f"select count(*) from {loaded}").fetchall()[0][0]
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

    UTF-8 (with or without BOM) is read in place. UTF-16 (Excel's "Unicode text") and Windows-1258
    are decoded correctly into a UTF-8 copy. Anything else is refused, never loaded as mojibake.
    """
    with path.open("rb") as f:
        head = f.read(4096)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _transcode(path, workdir, "utf-16"), "utf-16"
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return _transcode(path, workdir, "utf-16-le"), "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        return _transcode(path, workdir, "utf-16-be"), "utf-16-be"
    bad = _first_invalid_utf8(path)
    if bad is None:
        return path, "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    offset, line = bad
    if _looks_like_windows_1258(path):
        return _transcode(path, workdir, "cp1258"), "windows-1258"
    raise UnusableInput(
        f"{path.name}: tệp không phải UTF-8 (not UTF-8): byte lạ ở vị trí {offset}, dòng {line}; "
        "có vẻ là một bảng mã cũ 8-bit (Windows-1252/Latin-1 hoặc TCVN3), không phải Windows-1258. "
        "Hãy lưu lại tệp dưới dạng 'CSV UTF-8' rồi chạy lại."
    )


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


def _looks_like_windows_1258(path: Path) -> bool:
    with path.open("rb") as f:
        sample = f.read(_CHUNK).decode("cp1258", errors="replace")
    non_ascii = [ch for ch in sample if ord(ch) > 127]
    if not non_ascii:
        return False
    vietnamese = sum(ch in _VIETNAMESE_1258_MARKS for ch in non_ascii)
    return vietnamese / len(non_ascii) >= 0.3


def _transcode(path: Path, workdir: Path, encoding: str) -> Path:
    target = workdir / f"{path.stem}.utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(_CHUNK):
            dst.write(unicodedata.normalize("NFC", decoder.decode(chunk)))
        dst.write(decoder.decode(b"", final=True))
    return target


def _read_excel(path: Path) -> pd.DataFrame:
    """First sheet, first row as header, every cell as the text a person would type."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    if not rows:
        raise UnusableInput(f"{path.name}: trang tính đầu tiên trống (the first sheet is empty).")
    headers: list[str] = []
    for i, cell in enumerate(rows[0]):
        header = _cell_text(cell) or f"column_{i + 1}"
        headers.append(header if header not in headers else f"{header}_{i + 1}")
    body = []
    for sheet_row, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in row]
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
