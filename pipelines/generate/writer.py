"""CSV files written chunk by chunk, with the planted bad rows slipped in where the plan says.

UTF-8 without BOM, comma separated, a plain header line, fields quoted only where needed, blanks empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from pipelines.sources import SOURCES

# The contract's columns, in the contract's order (§2): the same registry the readers validate against.
COLUMNS: dict[str, list[str]] = {s.name: [c.name for c in s.columns] for s in SOURCES}

_OPTIONS = pacsv.WriteOptions(include_header=False, quoting_style="needed")

Row = dict[str, str | None]


@dataclass
class BadRow:
    """A row that breaks one rule of the input format (pipelines/sources.py), planted on purpose and listed
    in the manifest."""

    file: str
    column: str
    rule: str
    write_no: int  # inserted into this write (chunk) of the file, or the first non-empty one after it
    frac: float  # at this fraction of the chunk
    make: Callable[[Row, Row], Row]  # (row before the insertion point, row at it) → the bad row
    row: int = 0  # set when written: row number in the file, the header being row 1
    value: str | None = None


class CsvSink:
    def __init__(self, folder: Path, name: str, bad_rows: list[BadRow]) -> None:
        self.name = name
        self.columns = COLUMNS[name]
        self.path = folder / f"{name}.csv"
        self._file = self.path.open("wb")
        self._file.write((",".join(self.columns) + "\n").encode("utf-8"))
        self._pending = sorted(bad_rows, key=lambda b: (b.write_no, b.frac))
        self.planted: list[BadRow] = []
        self.rows = 0
        self._writes = 0
        self._last: pa.Table | None = None

    def write(self, table: pa.Table) -> None:
        table = table.select(self.columns)
        due = [b for b in self._pending if b.write_no <= self._writes]
        if due and table.num_rows:
            table = self._insert(table, due)
        if table.num_rows:
            pacsv.write_csv(table, self._file, write_options=_OPTIONS)
            self._last = table.slice(table.num_rows - 1, 1)
        self.rows += table.num_rows
        self._writes += 1

    def _insert(self, table: pa.Table, due: list[BadRow]) -> pa.Table:
        n = table.num_rows
        placed = sorted(((max(1, min(n, int(b.frac * n))), b) for b in due), key=lambda x: x[0])
        pieces, prev = [], 0
        for j, (pos, bad) in enumerate(placed):
            before = table.slice(pos - 1, 1).to_pylist()[0]
            at = table.slice(min(pos, n - 1), 1).to_pylist()[0]
            row = bad.make(before, at)
            bad.value = row.get(bad.column)
            bad.row = self.rows + pos + j + 2
            pieces += [table.slice(prev, pos - prev), self._one(row)]
            prev = pos
            self._pending.remove(bad)
            self.planted.append(bad)
        pieces.append(table.slice(prev))
        return pa.concat_tables(pieces)

    def _one(self, row: Row) -> pa.Table:
        return pa.table({c: pa.array([row.get(c)], type=pa.string()) for c in self.columns})

    def close(self) -> int:
        if self._pending and self._last is not None:  # fewer chunks than planned: add them at the end
            last = self._last.to_pylist()[0]
            for bad in list(self._pending):
                row = bad.make(last, last)
                bad.value = row.get(bad.column)
                bad.row = self.rows + 2
                pacsv.write_csv(self._one(row), self._file, write_options=_OPTIONS)
                self.rows += 1
                self._pending.remove(bad)
                self.planted.append(bad)
        self._file.close()
        return self.rows
