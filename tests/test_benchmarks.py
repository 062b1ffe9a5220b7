"""The benchmark's pandas reference computes what the warehouse computes.

No timing here: `make bench` times.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from benchmarks.pandas_ref import task_status
from benchmarks.warehouse import warehouse_answers
from tests.conftest import DEMO_AS_OF


def test_pandas_reference_agrees_with_the_warehouse(demo_input: Path, demo_warehouse: Path) -> None:
    ours = task_status(demo_input, DEMO_AS_OF)
    theirs = warehouse_answers(demo_warehouse)
    assert ours["status_counts"] == theirs["status_counts"]
    assert ours["days_overdue_sum"] == theirs["days_overdue_sum"]
    assert ours["ping_pong_tasks"] == theirs["ping_pong_tasks"] > 0
    assert ours["events"] == theirs["events"]
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        assert ours["tasks"] == con.execute("select count(*) from task_status").fetchone()[0]


def test_pandas_reference_rejects_the_planted_bad_task_rows(demo_input: Path, demo_manifest: dict) -> None:
    ours = task_status(demo_input, DEMO_AS_OF)
    bad_tasks = [b for b in demo_manifest["bad_rows"] if b["file"] == "tasks.csv"]
    assert bad_tasks
    assert ours["tasks"] == demo_manifest["files"]["tasks.csv"] - len(bad_tasks)


def test_every_benchmarked_page_query_runs_with_the_parameters_its_sql_takes(
    demo_warehouse: Path, monkeypatch
) -> None:
    # `make bench` broke silently when page queries gained a period ($start, $end) and new filters
    from benchmarks.queries import QUERIES, dashboard_queries

    monkeypatch.setenv("CONGVU_DB", str(demo_warehouse))
    timings = dashboard_queries(demo_warehouse, runs=1)
    assert [(t.page, t.name) for t in timings] == [(page, name) for page, name, _, _ in QUERIES]
    assert {t.name for t in timings if t.rows > 0} >= {
        "shifting_flags",
        "overdue_tasks",
        "commendation_candidates",
    }
