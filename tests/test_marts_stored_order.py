"""The marts the detail and list pages look into are stored in the order those pages read them (issue 16).

DuckDB keeps each row group's minimum and maximum of every column and skips the row groups a filter cannot
match: the task page looks up one task in task_status, task_handover_summary, task_handover_burden and
task_custody, and with those stored by task_id each lookup reads one row group instead of up to all of them
(2.5 M tasks, 2.9 M holding periods at province scale). The consultations page lists the newest consultations
of a period first and then reads whole only the rows it picked: stored by sent_on, those lie together.
Values and rows are the models' own (the order changes neither); these tests hold the order itself, read in
rowid order from a real build."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

STORED_BY = {
    "task_status": ["task_id"],
    "task_handover_summary": ["task_id"],
    "task_handover_burden": ["task_id"],
    "task_custody": ["task_id", "period_number"],
    "consultation_status": ["sent_on", "consultation_id"],
}


@pytest.fixture(scope="module")
def con(demo_warehouse: Path):
    connection = duckdb.connect(str(demo_warehouse), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("table", sorted(STORED_BY))
def test_a_mart_is_stored_in_the_order_its_page_reads_it(con, table: str) -> None:
    key = STORED_BY[table]
    rows = con.execute(f"select {', '.join(key)} from {table} order by rowid").fetchall()
    assert len(rows) > 100
    assert rows == sorted(rows, key=lambda r: tuple((v is None, v) for v in r))
    # the key is unique: the stored order is the order, not one of several
    assert len(set(rows)) == len(rows)
