"""The one read-only way to the warehouse: named, parameterised queries from dashboard/queries/.

An in-memory DuckDB connection ATTACHes the warehouse file READ_ONLY as catalog `wh` (queries name
tables `wh.<table>`). It is cached per file identity `(path, st_ino, st_mtime_ns)`, so a rebuild —
which swaps in a new file with `os.replace` — is picked up by the next query while sessions still
holding the old connection keep reading their snapshot. Every query runs on its own `.cursor()`
(a shared connection is not safe across Streamlit's threads). Old connections are never closed here:
they are collected when the last cursor goes. Answers are cached (st.cache_data) per file identity,
query name and parameters, so a widget change that reruns a page does not rerun its other queries.

`run_query(user, page, name, params)` refuses, with PermissionError, a page the user's role may not view.
The user is passed in by the page; this module never reads the browser session.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Literal

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from dashboard.access import User, can_view

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
DEFAULT_DB = Path("data/warehouse.duckdb")

_SEARCH_PATH = "set search_path = 'wh.main'"

WarehouseState = Literal["missing", "unreadable", "empty", "ok"]


def db_path() -> Path:
    return Path(os.environ.get("CONGVU_DB") or DEFAULT_DB)


def _identity(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), st.st_ino, st.st_mtime_ns)


_lock = threading.Lock()


@functools.lru_cache(maxsize=4)
def _connect(identity: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("attach $path as wh (read_only)", {"path": identity[0]})
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """The cached connection for the warehouse file as it is now; FileNotFoundError when absent."""
    path = db_path()
    identity = _identity(path)
    if identity is None:
        raise FileNotFoundError(str(path))
    with _lock:
        return _connect(identity)


def clear_cache() -> None:
    """Forget cached connections and query texts (tests; the app never needs it)."""
    _connect.cache_clear()
    _cached_query.clear()
    _sql.cache_clear()
    _enum_terms.cache_clear()


@functools.lru_cache(maxsize=256)
def _sql(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"bad query name {name!r}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _allowed_identity(role: str | None, page: str) -> tuple[str, int, int]:
    if not can_view(role, page):
        raise PermissionError(f"role {role!r} may not read data of page {page!r}")
    identity = _identity(db_path())
    if identity is None:
        raise FileNotFoundError(str(db_path()))
    return identity


def query_as(role: str | None, page: str, name: str, params: dict | None = None) -> pd.DataFrame:
    """Runs dashboard/queries/<name>.sql for `page` on behalf of `role` (PermissionError if not allowed)."""
    identity = _allowed_identity(role, page)
    # answers are cached per warehouse file identity: a rebuilt file is a new key, never a stale answer
    return _cached_query(identity, name, dict(params or {}))


def export_as(role: str | None, page: str, name: str, params: dict | None = None) -> pd.DataFrame:
    """As query_as, but never cached: a full download (hundreds of thousands of rows), read when asked for
    and not kept in the answer cache."""
    return _run(_allowed_identity(role, page), name, dict(params or {}))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(identity: tuple[str, int, int], name: str, params: dict) -> pd.DataFrame:
    return _run(identity, name, params)


def _run(identity: tuple[str, int, int], name: str, params: dict) -> pd.DataFrame:
    with _lock:
        con = _connect(identity)
    cursor = con.cursor()
    try:
        # the warehouse's macros (pipelines/sql/macros.sql: the metrics, each written once) call one another
        # by bare name: they resolve in the warehouse's schema (a search path is per cursor in DuckDB)
        cursor.execute(_SEARCH_PATH)
        return _list_cells_as_tuples(cursor.execute(_sql(name), params).df())
    finally:
        cursor.close()


def _list_cells_as_tuples(frame: pd.DataFrame) -> pd.DataFrame:
    """LIST cells (criteria met and missed, an agency's lineage path) as Python tuples, not the numpy arrays
    DuckDB hands over: st.cache_data pickles every answer it stores and unpickles every one it serves, and a
    numpy array per cell made that the dearest part of a query — 1,000 candidates' two criteria lists took
    10 ms to store and 18 ms to store and read back as arrays, under 1 ms as Python sequences. Tuples rather
    than lists: thousands of lists kept per page view set off the garbage collector's full passes (50 middle
    and 2 full collections in 100 views of the commendation lists; none with tuples, which it stops tracking).
    Pages read list cells through fmt.as_list and fmt.joined, which take any sequence."""
    for i in range(frame.shape[1]):  # by position: a query may repeat a column name
        values = frame.iloc[:, i]
        if values.dtype == object and any(isinstance(v, np.ndarray) for v in values):
            frame.isetitem(
                i,
                pd.Series(
                    [tuple(v.tolist()) if isinstance(v, np.ndarray) else v for v in values],
                    index=frame.index,
                    dtype=object,
                ),
            )
    return frame


def run_query(user: User | None, page: str, name: str, params: dict | None = None) -> pd.DataFrame:
    """The pages' query function: `user` (the page's signed-in user) must be allowed to view `page`."""
    return query_as(user.role if user else None, page, name, params)


def _scalar(sql: str, params: dict | None = None) -> object:
    cursor = connection().cursor()
    try:
        row = cursor.execute(sql, params or {}).fetchone()
        return row[0] if row else None
    finally:
        cursor.close()


def setting(key: str) -> str:
    """A build setting as the build stored it (settings.toml and --config): every build stores them all, so
    a missing one is an error, never a second default here."""
    value = _scalar("select value from wh.settings where key = $key", {"key": key})
    if value is None:
        raise KeyError(f"setting {key} is not in the warehouse")
    return str(value)


def table_exists(name: str) -> bool:
    try:
        return bool(
            _scalar(
                "select count(*) from information_schema.tables "  # tables and views (staging)
                "where table_catalog = 'wh' and table_name = $name",
                {"name": name},
            )
        )
    except (FileNotFoundError, duckdb.Error):
        return False


def warehouse_state() -> WarehouseState:
    """missing (no file), unreadable (not a warehouse), empty (built, but no task loaded) or ok."""
    try:
        connection()
    except FileNotFoundError:
        return "missing"
    except duckdb.Error:
        return "unreadable"
    if not table_exists("task_status") or not table_exists("build_params"):
        return "unreadable"
    return "ok" if _scalar("select count(*) from wh.task_status") else "empty"


def build_info() -> dict:
    """as_of, evaluation_year and the last successful build's finish time (not sensitive: any page)."""
    cursor = connection().cursor()
    try:
        row = cursor.execute(
            "select p.as_of, p.evaluation_year, "
            "(select max(finished_at) from wh.build_runs where status = 'success') as built_at "
            "from wh.build_params p"
        ).fetchone()
    finally:
        cursor.close()
    return {"as_of": row[0], "evaluation_year": row[1], "built_at": row[2]} if row else {}


def enum_terms() -> dict[tuple[str, str], tuple[str, str]]:
    identity = _identity(db_path())
    return _enum_terms(identity) if identity else {}


@functools.lru_cache(maxsize=4)
def _enum_terms(identity: tuple[str, int, int]) -> dict[tuple[str, str], tuple[str, str]]:
    try:
        cursor = _connect(identity).cursor()
        rows = cursor.execute("select domain, code, label_vi, label_en from wh.enum_terms").fetchall()
        cursor.close()
    except duckdb.Error:
        return {}
    return {(d, c): (vi, en) for d, c, vi, en in rows}
