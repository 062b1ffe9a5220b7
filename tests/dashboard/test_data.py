"""The query layer: read-only, picks up a rebuilt warehouse, refuses forbidden roles, a cursor per query."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from dashboard import data
from dashboard.access import PAGES, ROLE_PAGES, ROLES


def _rebuild(source: Path, live: Path) -> None:
    """What `congvu build` does to a live file: a complete new file swapped in with os.replace."""
    tmp = live.with_name(".building")
    shutil.copyfile(source, tmp)
    tmp.replace(live)


@pytest.fixture
def warehouse(builds: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(builds["one"], db)
    monkeypatch.setenv("CONGVU_DB", str(db))
    data.clear_cache()
    yield db
    data.clear_cache()


def _statuses(role: str = "home_affairs") -> dict[str, int]:
    frame = data.query_as(role, "overview", "overview_status_totals")
    return dict(zip(frame["status"], frame["tasks"], strict=True))


def test_a_rebuilt_file_is_picked_up(warehouse: Path, builds: dict[str, Path]) -> None:
    assert _statuses() == {"done_on_time": 1}
    old = data.connection()
    _rebuild(builds["two"], warehouse)  # while the old connection is alive
    assert _statuses() == {"done_on_time": 1, "open_overdue": 1}
    assert data.connection() is not old
    # the old connection still reads its snapshot, without errors
    assert old.cursor().execute("select count(*) from wh.task_status").fetchone() == (1,)


def test_the_warehouse_is_attached_read_only(warehouse: Path) -> None:
    with pytest.raises(duckdb.Error, match="read-only|read only"):
        data.connection().cursor().execute("create table wh.x as select 1")


@pytest.mark.parametrize(("role", "page"), [(r, p) for r in ROLES for p in PAGES if p not in ROLE_PAGES[r]])
def test_forbidden_roles_are_refused(warehouse: Path, role: str, page: str) -> None:
    with pytest.raises(PermissionError):
        data.query_as(role, page, "overview_status_totals")


def test_anonymous_and_unknown_roles_are_refused(warehouse: Path) -> None:
    for role in (None, "superuser"):
        with pytest.raises(PermissionError):
            data.query_as(role, "overview", "overview_status_totals")


def test_query_names_cannot_leave_the_queries_folder(warehouse: Path) -> None:
    with pytest.raises(ValueError):
        data.query_as("admin", "overview", "../app")


def test_parameters_are_bound_not_spliced(warehouse: Path) -> None:
    rows = data.query_as("admin", "data-quality", "quality_rejected_rows",
                         {"file": "x' or '1'='1", "reason": None, "limit": 10})  # fmt: skip
    assert rows.empty


def test_a_cursor_per_query_is_safe_across_threads(warehouse: Path, builds: dict[str, Path]) -> None:
    _rebuild(builds["two"], warehouse)
    expected = {"done_on_time": 1, "open_overdue": 1}
    results: list[object] = []

    def worker() -> None:
        for _ in range(25):
            try:
                results.append(_statuses())
            except Exception as exc:  # noqa: BLE001 — every failure is a test failure below
                results.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 200
    assert all(result == expected for result in results), [r for r in results if r != expected][:3]


def test_warehouse_states(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warehouse: Path, builds: dict[str, Path]
) -> None:
    assert data.warehouse_state() == "ok"
    assert data.table_exists("task_status") and not data.table_exists("no_such_table")
    assert data.build_info()["as_of"].isoformat() == "2023-06-30"

    monkeypatch.setenv("CONGVU_DB", str(tmp_path / "nowhere.duckdb"))
    assert data.warehouse_state() == "missing"
    assert not data.table_exists("task_status")

    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("CONGVU_DB", str(garbage))
    assert data.warehouse_state() == "unreadable"

    monkeypatch.setenv("CONGVU_DB", str(builds["empty"]))
    assert data.warehouse_state() == "empty"


def test_list_cells_come_as_python_tuples_that_cache_cheaply(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 16: DuckDB hands LIST cells over as one numpy array per cell, and st.cache_data pickles every
    # answer it stores (and unpickles every one it serves): for a thousand commendation candidates the two
    # criteria lists cost more than the rest of the answer. The cells come as Python tuples, same items.
    monkeypatch.setenv("CONGVU_DB", str(demo_warehouse))
    data.clear_cache()
    params = {"agencies": None, "titles": None, "start": dt.date(1900, 1, 1), "end": dt.date(2100, 1, 1),
              "standings": None, "sort": "standing", "limit": None}  # fmt: skip
    rows = data.query_as("board", "commendation", "commendation_candidates", params)
    data.clear_cache()
    assert len(rows) > 0
    for column in ("criteria_met", "criteria_missed"):
        cells = rows[column].tolist()
        assert all(cell is None or type(cell) is tuple for cell in cells), {type(c) for c in cells}
        assert any(cell for cell in cells)
    # the same items as DuckDB holds, in the same order
    con = duckdb.connect(":memory:")
    con.execute("attach $p as wh (read_only)", {"p": str(demo_warehouse)})
    held = dict(con.execute("select official_id, criteria_met from wh.commendation_candidates").fetchall())
    con.close()
    assert {
        o: c if c is None else list(c) for o, c in zip(rows["official_id"], rows["criteria_met"], strict=True)
    } == held
    # what the cache keeps: the tuples come back as tuples
    again = pickle.loads(pickle.dumps(rows))
    assert again["criteria_met"].tolist() == rows["criteria_met"].tolist()


def test_a_query_that_repeats_a_column_name_still_converts_its_lists() -> None:
    frame = duckdb.sql("select [1, 2] as x, 'a' as x, ['b'] as y").df()
    out = data._list_cells_as_tuples(frame)
    assert out.iloc[0].tolist() == [(1, 2), "a", ("b",)]
