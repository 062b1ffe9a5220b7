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


def test_every_page_is_benchmarked_by_its_default_view_and_every_filtered_query_runs(
    demo_warehouse: Path, monkeypatch, capfd
) -> None:
    # `make bench` broke silently when page queries gained a period ($start, $end) and new filters, and it
    # timed a hand-made list of queries that missed the pages added later (task, agency, official, to-decide,
    # inspection-risk, gaming-signals, data-quality, audit): every page of PAGES is now opened and timed
    from benchmarks.pages import NO_WAREHOUSE
    from benchmarks.queries import FILTERED, dashboard_queries
    from dashboard.access import PAGES

    monkeypatch.setenv("CONGVU_DB", str(demo_warehouse))
    timings, pages = dashboard_queries(demo_warehouse, runs=1)
    assert [p.page for p in pages] == list(PAGES)
    assert {p.page for p in pages if p.queries == 0} == NO_WAREHOUSE
    assert all(not p.exceptions for p in pages), [(p.page, p.exceptions) for p in pages if p.exceptions]
    # the detail pages open on a real record: their sections' queries ran, not "not found"
    by_page = {p.page: p for p in pages}
    for page in ("task", "agency", "official"):
        assert by_page[page].query["id"] and by_page[page].queries >= 3, page
    defaults = {(t.page, t.name) for t in timings if not t.filtered}
    assert ("officials", "officials_list") in defaults and ("officials", "officials_counts") in defaults
    assert ("officials", "officials_scorecard") not in defaults  # the whole scorecard is no longer read
    filtered = [(t.page, t.name) for t in timings if t.filtered]
    assert filtered == [(page, name) for page, name, _ in FILTERED]
    assert {t.name for t in timings if t.rows > 0} >= {
        "shifting_flags",
        "overdue_tasks",
        "commendation_candidates",
        "officials_list",
    }
    # issue 16: the benchmark's output was buried under Streamlit's bare-mode warnings (one or two per page
    # opened and per query timed outside a script run); they are silenced in the benchmark
    err = capfd.readouterr().err
    assert "missing ScriptRunContext" not in err and "No runtime found" not in err


def test_the_browser_step_renders_every_page() -> None:
    from benchmarks.render import pages_to_render
    from dashboard.access import PAGES

    assert pages_to_render() == list(PAGES)


def test_models_rerun_gives_the_built_answers(demo_warehouse: Path, tmp_path: Path, capsys) -> None:
    """benchmarks.models re-runs marts on a copy of a warehouse: the same rows and row hash as the build
    made (what an A/B of two versions of the SQL compares), and the checks pass."""
    import shutil

    from benchmarks.models import main, row_hash
    from pipelines.build import SQL_DIR

    copy = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, copy)
    names = ["task_status", "task_handover_summary"]
    with duckdb.connect(str(copy), read_only=True) as con:
        built = {name: row_hash(con, name) for name in names}
    main(["--warehouse", str(copy), "--hash", "--checks", *names])
    printed = capsys.readouterr().out
    for name in names:
        line = next(line for line in printed.splitlines() if line.startswith(name + " "))
        count, digest = built[name]
        assert f"rows {count:>10,}" in line and line.endswith(f"hash {digest}")
    checks = [line for line in printed.splitlines() if line.startswith("check ")]
    assert len(checks) == len(list((SQL_DIR / "checks").glob("*.sql"))) > 0
    assert all(line.endswith(" ok") for line in checks)
