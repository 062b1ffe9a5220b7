"""Validation at the door: raw text rows → typed rows that keep every rule, plus every failure.

For each source, one pass over `raw_<source>` types every column and collects all the problems of
each row (missing values, unknown codes, unparseable dates, cross-column rules); references and
duplicate ids are judged after, against the rows of the referenced files that were loaded. Every
failure of every row lands in `rejected_rows` with file, row, column, value and reason; the rows
without failure become `valid_<source>`, typed. The SQL is generated from the registry in
pipelines/sources.py: identifiers come from code; reasons and dates travel as parameters.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.readers import (
    SCRATCH,
    CsvPiece,
    PlainCsv,
    ReadResult,
    csv_pieces,
    drop_numbering,
    piece_lines,
    piece_path,
    plain_csv_clean,
    plain_csv_reading,
    plain_csv_verdict,
    record_numbering,
)
from pipelines.sources import BOOL, DATE, DATETIME, ENUM, INT, KEY_OF, Column, Source
from pipelines.vocab import DOMAINS, label_rows

REASONS = {
    "missing_required": "Thiếu giá trị bắt buộc (missing required value)",
    "bad_date": "Ngày không đọc được (unparseable date): dùng YYYY-MM-DD hoặc dd/mm/yyyy",
    "bad_number": "Không phải số nguyên (not a whole number)",
    "date_out_of_range": "Ngày ngoài khoảng 01/01/1990–31/12/2100 hoặc năm viết hai chữ số "
    "(date outside 1990–2100 or two-digit year): viết năm đủ bốn chữ số",
    "bad_boolean": "Không phải giá trị có/không (not a boolean): "
    "dùng true/false, 1/0, có/không, x hoặc để trống",
}


# Dates a record of public service can carry; 31/12/9999 ("no deadline") and a year written "24" are
# bad rows, never loaded as the year 9999 or 0024.
EARLIEST_DATE, LATEST_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


@dataclass
class Validation:
    source: str
    loaded: int
    rejected_rows: int
    failures: int


def _typed_expr(column: Column, params: _Params) -> str:
    text = f"{column.name}__txt"
    if column.kind == DATE:
        return f"parse_date({text})"
    if column.kind == DATETIME:
        return f"parse_timestamp({text})"
    if column.kind == ENUM:
        return _enum_expr(text, column.domain or "", params)
    if column.kind == BOOL:
        return f"({_enum_expr(text, 'boolean', params)} = 'true')"
    if column.kind == INT:
        return f"parse_integer({text})"
    return text


def _enum_expr(text: str, domain: str, params: _Params) -> str:
    """The code of a value that is a code or an accepted label of `domain`, NULL when it is neither.

    A value written as the code itself (the usual case) is recognised without normalising it; other
    spellings are looked up by label_key in constant lists, not joined against enum_labels — a join per
    enumerated column was a third of the time to validate ten million events.
    """
    rows = [(spelling, code) for d, spelling, code in label_rows() if d == domain]
    as_code = params.add([spelling for spelling, code in rows if spelling == code])
    spellings = params.add([spelling for spelling, _ in rows])
    codes = params.add([code for _, code in rows])
    return (
        f"coalesce(case when list_contains({as_code}, {text}) then {text} end, "
        f"{codes}[list_position({spellings}, label_key({text}))])"
    )


@functools.lru_cache(maxsize=1)
def nfc_unstable_class() -> str:
    """A regular-expression class of every character that can make a text differ from its NFC form.

    A text with none of them is already NFC (Unicode's quick check: no character with NFC_QC = No or
    Maybe, no combining mark), so only the others pay for nfc_normalize — Vietnamese titles typed in
    precomposed form are almost all of them, and normalising them all was a quarter of loading tasks.
    The set is read from Python's Unicode database; \\p{M} adds any combining mark newer than it.
    """
    members: set[int] = set()
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if unicodedata.combining(ch) or unicodedata.normalize("NFC", ch) != ch:
            members.add(cp)
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<") and len(parts := decomposition.split()) == 2:
            members.add(int(parts[1], 16))  # may compose with the character before it (NFC_QC = Maybe)
    # Hangul syllables compose by algorithm, not through the database: vowel and trailing jamo are Maybe too
    members.update(range(0x1161, 0x1176), range(0x11A8, 0x11C3))
    ranges: list[list[int]] = []
    for cp in sorted(members):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(f"\\x{{{a:04X}}}" if a == b else f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" for a, b in ranges)
    return f"[\\p{{M}}{body}]"


def create_text_macros(con: duckdb.DuckDBPyConnection) -> None:
    """`nfc(x)`: x in Unicode NFC; `clean_text(x)`: NFC, without surrounding spaces, NULL when empty.

    Both skip work a value does not need: an ASCII text (as many bytes as characters) is already NFC
    and trim() takes nothing from it but plain spaces, so only one that starts or ends with a space is
    trimmed; other texts go through the full trim(nfc(x)). Trimming and normalising every value of ten
    million events was a third of their validation.
    """
    con.execute(
        "create or replace macro nfc(x) as "
        f"case when regexp_matches(x, '{nfc_unstable_class()}') then nfc_normalize(x) else x end"
    )
    con.execute(
        "create or replace macro clean_text(x) as nullif(case "
        "when strlen(x) = length(x) then case when x like ' %' or x like '% ' then trim(x) else x end "
        "else trim(nfc(x)) end, '')"
    )


def _enum_reason(column: Column) -> str:
    accepted = "; ".join(f"{t.code} ({t.vi})" for t in DOMAINS[column.domain or "boolean"])
    return f"Giá trị không hợp lệ (unknown value); chấp nhận: {accepted}"


def _type_reason(column: Column) -> tuple[str, str]:
    if column.kind in (DATE, DATETIME):
        return "bad_date", REASONS["bad_date"]
    if column.kind == INT:
        return "bad_number", REASONS["bad_number"]
    if column.kind == BOOL:
        return "unknown_enum", REASONS["bad_boolean"]
    return "unknown_enum", _enum_reason(column)


class _Params:
    """Collects values as named parameters, so the generated SQL holds no literal text from outside."""

    def __init__(self, as_of: dt.date):
        self.values: dict[str, object] = {"as_of": as_of}

    def add(self, value: object) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"

    def execute(self, con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
        """DuckDB refuses parameters a statement does not use: pass only the ones it names."""
        used = set(re.findall(r"\$([a-z_0-9]+)", sql))
        # fetchall: an unfinished result would hold the connection (DuckDB 2.0)
        return con.execute(sql, {k: v for k, v in self.values.items() if k in used}).fetchall()


def _problem(column: str, code: str, reason_param: str) -> str:
    return (
        f"{{'column_name': '{column}', 'value': {column}__txt, 'rule': '{code}', "
        f"'reason': {reason_param}::varchar}}"
    )


def typed_rows_sql(source: Source, params: _Params, origin: str, row: str) -> str:
    """The select that types the text rows of `origin` (a FROM item with the contract's column names, as
    text) and flags each row's problems; `row` is the expression of the row number (`_row`, or a
    numbering of the records as they pass, readers.record_numbering).

    The rules that read another file (RowRule.lookup) are judged after, from the typed rows
    (`lookup_failures_sql`): a join here would hold the other file's rows while this one is read.
    """
    texts = ", ".join(f"clean_text({c.name}) as {c.name}__txt" for c in source.columns)
    typed = ", ".join(f"{_typed_expr(c, params)} as {c.name}" for c in source.columns)
    checks: list[tuple[str, str]] = []  # (broken when, the problem it names)
    for c in source.columns:
        if c.required:
            reason = params.add(REASONS["missing_required"])
            checks.append((f"{c.name}__txt is null", _problem(c.name, "missing_required", reason)))
        if c.kind in (DATE, DATETIME):
            reason = params.add(REASONS["date_out_of_range"])
            low, high = params.add(EARLIEST_DATE), params.add(LATEST_DATE)
            checks.append(
                (
                    f"{c.name}::date < {low} or {c.name}::date > {high}",
                    _problem(c.name, "date_out_of_range", reason),
                )
            )
        if c.kind != "text":
            code, why = _type_reason(c)
            reason = params.add(why)
            checks.append((f"{c.name}__txt is not null and {c.name} is null", _problem(c.name, code, reason)))
    for rule in source.row_rules:
        if rule.lookup is None:
            reason = params.add(rule.reason)
            checks.append((rule.broken_when, _problem(rule.column, rule.code, reason)))
    # Each rule is judged once, into a flag; the list of a row's problems is built only for a row with a
    # flag up, and is NULL, not [], for the others: a list of a dozen structs made and dropped for each of
    # ten million good events took more memory than the read and the typing together.
    flags = ", ".join(f"({when}) as _broken{i}" for i, (when, _) in enumerate(checks))
    problems = (
        f"case when {' or '.join(f'_broken{i}' for i in range(len(checks)))} then list_filter(["
        + ", ".join(f"case when _broken{i} then {problem} end" for i, (_, problem) in enumerate(checks))
        + "], lambda p: p is not null) end"
        if checks
        else "null"
    )
    return (
        f"select _row, {', '.join(c.name for c in source.columns)}, {problems} as _problems from ("
        f"select *{', ' + flags if flags else ''} from ("
        f"select *, {typed} from (select {row} as _row, {texts} from {origin}) texts) typed) flagged"
    )


def typed_table_sql(source: Source, params: _Params) -> str:
    """The statement that types the text rows of raw_<s> into scratch.typed_<s> (the exact path)."""
    rows = typed_rows_sql(source, params, f"raw_{source.name}", "_row")
    return f"create or replace table {typed_table(source, one_pass=False)} as {rows}"


def lookup_failures_sql(source: Source, params: _Params, typed: str) -> list[str]:
    """The failures of the rules that read another file: the typed rows joined to what the rule reads."""
    queries = []
    for rule in source.row_rules:
        if rule.lookup is None:
            continue
        reason = params.add(rule.reason)
        column = source.column(rule.column)
        # the value as read (the text is not kept for ten million rows to quote a few)
        value = (
            f"case when typed.{column.name}::time = '00:00:00' "
            f"then strftime(typed.{column.name}, '%Y-%m-%d') "
            f"else strftime(typed.{column.name}, '%Y-%m-%d %H:%M') end"
            if column.kind in (DATE, DATETIME)
            else f"typed.{column.name}::varchar"
        )
        queries.append(
            f"select typed._row, '{rule.column}' as column_name, {value} as value, "
            f"'{rule.code}' as rule, {reason}::varchar as reason "
            f"from {typed} typed {rule.lookup} where {rule.broken_when}"
        )
    return queries


def _reference_failures_sql(source: Source, params: _Params, typed: str) -> list[str]:
    queries = []
    for c in source.columns:
        if not c.references:
            continue
        key = KEY_OF[c.references]
        # A file that refers to itself (agencies.parent_id) is checked against its own well-formed rows.
        target = typed if c.references == source.name else f"valid_{c.references}"
        filter_ = " where _problems is null" if c.references == source.name else ""
        reason = params.add(
            f"Không tìm thấy {key} này trong {c.references} (unknown reference: no such {key} was loaded)"
        )
        queries.append(
            f"select t._row, '{c.name}' as column_name, t.{c.name} as value, 'unknown_reference' as rule, "
            f"{reason}::varchar as reason from {typed} t "
            # an anti join, not `not exists`: DuckDB planned that as a mark join three times slower
            # (ten million events against 2.5 M tasks: 2.0 -> 0.6 CPU-s)
            f"anti join (select {key} from {target}{filter_}) r on r.{key} = t.{c.name} "
            f"where t.{c.name} is not null"
        )
    return queries


def validate_source(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    file_label: str,
    as_of: dt.date,
    release_raw: Callable[[], None] = lambda: None,
) -> Validation:
    """Builds typed_<s>, appends the failures to rejected_rows, and builds valid_<s>.

    `release_raw` is called as soon as the text rows are no longer needed (typed_<s> holds the values
    the failures quote), so that they do not share memory with the judging that follows.
    """
    params = _Params(as_of)
    params.execute(con, typed_table_sql(source, params))
    release_raw()
    return _judge(con, source, file_label, params, one_pass=False)


@dataclass
class OnePass:
    """A plain UTF-8 CSV read and typed in one pass into valid_<s>, waiting to be judged (`judge`)."""

    source: Source
    read: ReadResult
    params: _Params
    seconds: float

    def judge(self, con: duckdb.DuckDBPyConnection, file_label: str) -> Validation:
        return _judge(con, self.source, file_label, self.params, one_pass=True)


@dataclass
class OnePassRead:
    """A plain UTF-8 CSV being read in one pass, piece by piece (readers.csv_pieces), into valid_<s>.

    Each piece is read on one thread and its records numbered from the line it starts on as they pass
    (readers.record_numbering); when no record was refused by the reader (a stray quote, too many fields, a
    byte that is not UTF-8 all are) and each piece has one line per record (no blank line, no line break
    inside a cell), record n is on line n, and every failure names its row as the exact path would. The
    typing reads no other file, so that pieces, of one file or of several, can be read side by side, one
    per core (pipelines.build); tests/test_one_pass_read.py holds the two paths equal.

    `line_count` gives a piece's lines (readers.piece_lines): a piece starts on the line after those of the
    pieces before it, so these are counted before it is read (the build counts them beside the reads).
    """

    source: Source
    plan: PlainCsv
    pieces: list[CsvPiece]
    params: _Params
    as_of: dt.date
    line_count: Callable[[CsvPiece], int]
    seconds: float = 0.0
    records: int = 0
    numbered_right: bool = True
    # pieces of one file are read on several threads: their sums are kept under a lock
    lock: threading.Lock = field(default_factory=threading.Lock)

    def first_line(self, piece: CsvPiece) -> int:
        """The line of the piece's first record: the header is line 1."""
        return 2 + sum(self.line_count(p) for p in self.pieces[: piece.index]) - (piece.index > 0)

    def type_piece(self, con: duckdb.DuckDBPyConnection, piece: CsvPiece, folder: Path) -> None:
        """Appends the typed rows of one piece to valid_<s>, on `con` (one connection per thread)."""
        started = time.perf_counter()
        catalog = con.execute("select current_database()").fetchall()[0][0]
        numbering = record_numbering(con, self.source, catalog, self.first_line(piece), piece.index)
        records, right = 0, False
        try:
            with piece_path(piece, folder) as read_path:
                reading, reading_params = self.plan.reading(self.source, piece, read_path)
                params = _Params(self.as_of)
                for name, value in reading_params.items():
                    reading = reading.replace(f"${name}", params.add(value))
                rows = typed_rows_sql(self.source, params, reading, numbering)
                table = typed_table(self.source, one_pass=True)
                records = params.execute(con, f"insert into {table} {rows}")[0][0]
            right = plain_csv_verdict(con, self.source, piece, records, self.line_count(piece))
        except duckdb.OutOfMemoryException:
            raise
        except duckdb.Error:  # whatever it is, the exact path meets it again and names it
            plain_csv_clean(con, self.source, piece)
        finally:
            drop_numbering(con, self.source, catalog, piece.index)
            with self.lock:
                self.seconds += time.perf_counter() - started
                self.records += records
                self.numbered_right = self.numbered_right and right

    def finish(self, con: duckdb.DuckDBPyConnection) -> OnePass | None:
        """The file read, waiting to be judged; None, with nothing of it left behind, when a piece was
        not numbered right: the caller reads the file the exact way (readers.read_source)."""
        if not self.numbered_right:
            con.execute(f"drop table if exists {typed_table(self.source, one_pass=True)}")
            return None
        self.plan.result.rows = self.records
        return OnePass(self.source, self.plan.result, self.params, self.seconds)


def start_one_pass(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    path: Path,
    as_of: dt.date,
    pieces: int = 1,
    line_count: Callable[[CsvPiece], int] | None = None,
) -> OnePassRead | None:
    """valid_<s> created empty, to be filled from a plain UTF-8 CSV in `pieces` pieces (OnePassRead); None
    when the file is not such a file (readers.plain_csv_reading)."""
    plan = plain_csv_reading(path, source)
    if plan is None:
        return None
    params = _Params(as_of)
    empty = "(select " + ", ".join(f"null::varchar as {c.name}" for c in source.columns) + " limit 0)"
    rows = typed_rows_sql(source, params, empty, "null::bigint")
    params.execute(con, f"create or replace table {typed_table(source, one_pass=True)} as {rows}")
    cut = csv_pieces(path, pieces)
    return OnePassRead(source, plan, cut, params, as_of, line_count or functools.cache(piece_lines))


def _judge(
    con: duckdb.DuckDBPyConnection, source: Source, file_label: str, params: _Params, one_pass: bool
) -> Validation:
    """From the typed rows: the failures of each row, references and duplicates into rejected_rows; then
    valid_<s>, the rows without failure, a table of the warehouse that the staging views read."""
    typed = typed_table(source, one_pass)
    failures = [
        "select _row, p.column_name, p.value, p.rule, p.reason "
        f"from (select _row, unnest(_problems) as p from {typed} where _problems is not null)",
        *lookup_failures_sql(source, params, typed),
        *_reference_failures_sql(source, params, typed),
    ]
    params.execute(
        con, f"create or replace temp table failures_{source.name} as {' union all '.join(failures)}"
    )

    key_cols = ", ".join(source.key)
    key_text = " + ".join(source.key)
    duplicate_reason = params.add(
        f"Trùng khóa {key_text} với một dòng trước (duplicate id: the first row is loaded)"
    )
    params.execute(
        con,
        f"insert into failures_{source.name} "
        f"select _row, '{source.key[0]}', {source.key[0]}::varchar, 'duplicate_id', "
        f"{duplicate_reason}::varchar || ', dòng ' || first_row "
        f"from (select _row, {source.key[0]}, min(_row) over keys as first_row, "
        f"row_number() over keys as nth from {typed} "
        # only keys written more than once are ordered: a count is far cheaper than a window, and a count
        # of the keys' hashes (a number, not ten million texts) cheaper still; a hash two keys share only
        # brings them into the window, which tells them apart
        f"semi join (select hash({key_cols}) as _key from {typed} group by _key having count(*) > 1) "
        f"as twice on hash({', '.join(f'{typed}.{k}' for k in source.key)}) = twice._key "
        f"where _row not in (select _row from failures_{source.name}) "
        f"window keys as (partition by {key_cols} order by _row)) where nth > 1",
    )

    con.execute(
        "insert into rejected_rows by name "
        "select $file as file, _row as row_number, column_name, value, reason, rule "
        f"from failures_{source.name} order by _row, column_name",
        {"file": file_label},
    )
    counts = con.execute(f"select count(distinct _row), count(*) from failures_{source.name}").fetchone()
    assert counts is not None  # an aggregate without group by always returns one row
    rejected, count = counts
    # fetchall, not fetchone: an unfinished result would hold the connection (DuckDB 2.0)
    loaded = con.execute(f"select count(*) from {typed}").fetchall()[0][0] - rejected
    _keep_valid_rows(con, source, typed, one_pass)
    return Validation(source.name, loaded, rejected, count)


def typed_table(source: Source, one_pass: bool) -> str:
    """Where the typed rows of `source` are judged: read in one pass, straight into valid_<s> of the
    warehouse, which then loses its failing rows; read the exact way, in the scratch file."""
    return f"valid_{source.name}" if one_pass else f"{SCRATCH}.typed_{source.name}"


def _keep_valid_rows(con: duckdb.DuckDBPyConnection, source: Source, typed: str, one_pass: bool) -> None:
    """valid_<s>: the rows without failure, stored once. Rows read in one pass are already in it (a few
    failing rows are deleted, not ten million good ones copied); the exact path copies from scratch."""
    columns = ", ".join(c.name for c in source.columns)
    failing = f"_row in (select _row from failures_{source.name})"
    if not one_pass:
        keep = f"select _row, {columns} from {typed} where not {failing}"
        con.execute(f"create or replace table valid_{source.name} as {keep}")
        return
    con.execute(f"delete from {typed} where {failing}")
    kept = {c.name for c in source.columns} | {"_row"}
    for (name,) in con.execute(f"select column_name from (describe {typed})").fetchall():
        if name not in kept:  # the problems
            con.execute(f"alter table {typed} drop column {name}")
