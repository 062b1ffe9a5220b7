"""Reading an event log as it is shipped: XES or CSV, gzip-compressed or not, in whatever encoding.

`open_log(path)` looks at the file's bytes (not only its name) and returns a reader with the
columns it offers and a streaming `rows(selected)` that yields, per event, the values of the
selected columns (text or None). XES is flattened the way process-mining tools do: a trace
attribute `k` becomes column `case:k`, an event attribute `k` stays `k`. CSV encodings: UTF-8 (with
or without BOM) and UTF-16 with BOM are read as such; a file that is not valid UTF-8 is read as
Windows-1258 or TCVN3 (ABC) when its text reads as Vietnamese in it (VNI is refused), by the same
heuristic as the build's readers (pipelines/vietnamese_encodings.py); otherwise as Windows-1252 (a
superset of ISO-8859-1 on every printable character), so "Jüri" stays "Jüri" — never mojibake.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gzip
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from pipelines.vietnamese_encodings import VNI, detect_vietnamese_encoding

_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_CHARS = 64 * 1024
_PEEK_EVENTS = 5000
_XES_ATTRIBUTES = {"string", "date", "int", "float", "boolean", "id"}
_DELIMITERS = ",;\t|"
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


class EventLogError(Exception):
    """The log cannot be used (exit 2): unreadable, malformed, or a needed column is missing."""


def clean(value: str | None) -> str | None:
    """The text as the warehouse compares it: NFC, surrounding spaces removed, empty → None."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def _open_bytes(path: Path) -> io.BufferedReader | gzip.GzipFile:
    raw = path.open("rb")
    if raw.read(2) == _GZIP_MAGIC:
        raw.close()
        return gzip.open(path, "rb")
    raw.seek(0)
    return raw


@dataclass
class LogReader:
    path: Path
    kind: str  # "xes" or "csv"
    columns: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    compressed: bool = False
    notes: list[str] = field(default_factory=list)

    def rows(self, selected: list[str | None]) -> Iterator[tuple[str | None, ...]]:
        """Per event, the cleaned values of the selected columns (None for a column not selected)."""
        if self.kind == "xes":
            yield from _xes_rows(self.path, selected)
        else:
            yield from _csv_rows(self, selected)


def open_log(path: Path) -> LogReader:
    if not path.is_file():
        raise EventLogError(f"{path}: không tìm thấy tệp (file not found).")
    try:
        with _open_bytes(path) as f:
            head = f.read(4096)
    except (OSError, EOFError) as exc:
        raise EventLogError(f"{path.name}: không đọc được tệp (unreadable file): {exc}") from exc
    with path.open("rb") as f:
        compressed = f.read(2) == _GZIP_MAGIC
    name = path.name.lower().removesuffix(".gz")
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if name.endswith(".xes") or name.endswith(".xml") or stripped.startswith(b"<"):
        return LogReader(path, "xes", _xes_columns(path), encoding="xml", compressed=compressed)
    encoding = _detect_encoding(path, head)
    reader = LogReader(path, "csv", [], encoding=encoding, compressed=compressed)
    reader.delimiter, reader.columns = _csv_header(path, encoding)
    if encoding not in ("utf-8-sig",):
        reader.notes.append(f"bảng mã (encoding) {encoding}")
    return reader


# --- CSV -------------------------------------------------------------------------------------------


def _detect_encoding(path: Path, head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    legacy_sample = b""
    try:
        with _open_bytes(path) as f:
            while chunk := f.read(1 << 22):
                if not legacy_sample:
                    legacy_sample = chunk
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8-sig"  # reads UTF-8 with and without BOM alike
    except UnicodeDecodeError:
        pass
    except (OSError, EOFError) as exc:
        raise EventLogError(f"{path.name}: không đọc được tệp (unreadable file): {exc}") from exc
    high = [b for b in legacy_sample if b > 127]
    vietnamese = detect_vietnamese_encoding(legacy_sample)
    if vietnamese == VNI:
        raise EventLogError(
            f"{path.name}: tệp ở bảng mã VNI (VNI encoding); hãy chuyển sang Unicode (UTF-8) rồi chạy lại."
        )
    if vietnamese is not None:
        return vietnamese
    if any(b in _CP1252_UNDEFINED for b in high):
        return "latin-1"
    return "cp1252"


def _text_stream(path: Path, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(_open_bytes(path), encoding=encoding, newline="")


def _csv_header(path: Path, encoding: str) -> tuple[str, list[str]]:
    try:
        with _text_stream(path, encoding) as f:
            sample = f.read(_SNIFF_CHARS)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise EventLogError(f"{path.name}: không đọc được tệp (unreadable file): {exc}") from exc
    if not sample.strip():
        raise EventLogError(f"{path.name}: tệp trống (empty file).")
    if "\n" in sample.rstrip("\r\n"):
        sample = sample[: sample.rstrip("\r\n").rfind("\n") + 1]  # whole lines only
    first_line = sample.splitlines()[0]
    delimiter = None
    with contextlib.suppress(csv.Error):
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    if delimiter is None or len(next(csv.reader([first_line], delimiter=delimiter))) < 2:
        delimiter = max(_DELIMITERS, key=first_line.count)
    header = [h.strip() for h in next(csv.reader([first_line], delimiter=delimiter))]
    header = [unicodedata.normalize("NFC", h) for h in header]
    return delimiter, _unique(header)


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h}_{seen[h]}")
    return out


def _csv_rows(reader: LogReader, selected: list[str | None]) -> Iterator[tuple[str | None, ...]]:
    index = [reader.columns.index(c) if c is not None else None for c in selected]
    width = len(reader.columns)
    assert reader.encoding and reader.delimiter
    with _text_stream(reader.path, reader.encoding) as f:
        rows = csv.reader(f, delimiter=reader.delimiter)
        next(rows, None)
        for row in rows:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) < width:
                row += [""] * (width - len(row))
            yield tuple(clean(row[i]) if i is not None else None for i in index)


# --- XES -------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xes_events(path: Path) -> Iterator[dict[str, str]]:
    """Each event as one flat dict: trace attributes as `case:<key>`, event attributes as `<key>`.

    Streams with iterparse and clears each trace once its events are out, so memory stays flat.
    Nested attribute values (lists, containers) and the log's <global> defaults are not read.
    """
    trace_attrs: dict[str, str] = {}
    pending: list[dict[str, str]] = []
    stack: list[str] = []
    try:
        with _open_bytes(path) as f:
            # defusedxml: a log is input from outside; entity declarations (billion laughs) and external
            # entities or DTDs (reading local files, network calls) are refused, not expanded
            for action, elem in SafeET.iterparse(f, events=("start", "end")):
                tag = _local(elem.tag)
                if action == "start":
                    stack.append(tag)
                    if tag == "trace":
                        trace_attrs, pending = {}, []
                    continue
                stack.pop()
                parent = stack[-1] if stack else None
                if tag in _XES_ATTRIBUTES and parent == "trace" and elem.get("key") is not None:
                    trace_attrs[f"case:{elem.get('key')}"] = elem.get("value", "")
                elif tag == "event":
                    event = {
                        child.get("key", ""): child.get("value", "")
                        for child in elem
                        if _local(child.tag) in _XES_ATTRIBUTES and child.get("key") is not None
                    }
                    if parent == "trace":
                        pending.append(event)
                    else:  # an event outside any trace (allowed by XES): it has only its own attributes
                        yield event
                    elem.clear()
                elif tag == "trace":
                    for event in pending:
                        yield {**trace_attrs, **event}
                    pending = []
                    elem.clear()
                elif parent == "log" and tag != "trace":
                    elem.clear()
    except SafeET.ParseError as exc:
        raise EventLogError(f"{path.name}: XES không hợp lệ (malformed XES): {exc}") from exc
    except DefusedXmlException as exc:
        raise EventLogError(
            f"{path.name}: XES có khai báo thực thể hoặc DTD, không được chấp nhận "
            f"(entity or DTD declarations refused): {exc}"
        ) from exc
    except (OSError, EOFError) as exc:
        raise EventLogError(f"{path.name}: không đọc được tệp (unreadable file): {exc}") from exc


def _xes_columns(path: Path) -> list[str]:
    """The attribute keys of the first events (enough to resolve the mapping before the real pass)."""
    columns: dict[str, None] = {}
    for n, event in enumerate(_xes_events(path)):
        columns.update(dict.fromkeys(event))
        if n >= _PEEK_EVENTS:
            break
    if not columns:
        raise EventLogError(f"{path.name}: không có sự kiện nào trong tệp XES (no events in the XES file).")
    return list(columns)


def _xes_rows(path: Path, selected: list[str | None]) -> Iterator[tuple[str | None, ...]]:
    for event in _xes_events(path):
        yield tuple(clean(event.get(c)) if c is not None else None for c in selected)
