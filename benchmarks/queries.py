"""Step 6 of `make bench`: the dashboard's own queries (dashboard.data.run_query, signed in as a role that may
see the page), p50/p95 over repeated runs."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import one

# (page, query, params, filtered): what the pages run on first render and on their filters.
# Pages with large tables ask for small aggregates (…_counts) and the first rows for the filters ($limit);
# a download runs the same query with limit NULL, only when its button is clicked (not timed here).
_ROWS = 1000  # dashboard.tables.ROW_LIMIT
_OVERDUE = {"agencies": None, "sources": None, "buckets": None, "key_only": False, "limit": _ROWS}
_FLAGS = {"kinds": None, "agencies": None, "limit": _ROWS}
_CONSULTATIONS = {"agencies": None, "statuses": None, "deemed_only": False, "limit": _ROWS}
_CANDIDATES = {"agencies": None, "titles": None, "limit": _ROWS}
QUERIES: list[tuple[str, str, dict, bool]] = [
    ("overview", "overview_periods", {"kind": "quarter"}, True),
    ("overview", "overview_periods", {"kind": "month"}, True),
    ("overview", "overview_top_agencies", {"limit": 10}, True),
    ("overview", "overview_status_totals", {}, False),
    ("overdue", "overdue_counts", {"include_done_late": False}, False),
    ("overdue", "overdue_counts", {"include_done_late": True}, True),
    ("overdue", "overdue_tasks", {**_OVERDUE, "include_done_late": False}, False),
    ("overdue", "overdue_tasks", {**_OVERDUE, "include_done_late": True}, True),
    (
        "overdue",
        "overdue_tasks",
        {**_OVERDUE, "include_done_late": True, "agencies": ["SXD"]},
        True,
    ),
    (
        "overdue",
        "overdue_tasks",
        {**_OVERDUE, "include_done_late": True, "key_only": True, "buckets": ["d90_plus"]},
        True,
    ),
    ("overdue", "overdue_timeline", {"task_id": None}, True),  # task_id filled in from the warehouse
    ("data-quality", "quality_rejected_rows", {"file": "tasks.csv", "reason": None, "limit": 500}, True),
    ("data-quality", "quality_rejected_summary", {}, False),
    ("agencies", "agencies_scorecard", {}, False),
    ("officials", "officials_scorecard", {}, False),
    (
        "shifting",
        "shifting_flag_counts",
        {},
        False,
    ),
    ("shifting", "shifting_flags", {**_FLAGS}, False),
    ("shifting", "shifting_flags", {**_FLAGS, "kinds": ["ping_pong"]}, True),
    ("shifting", "shifting_flags", {**_FLAGS, "agencies": ["SXD"]}, True),
    (
        "shifting",
        "shifting_flags",
        {**_FLAGS, "kinds": ["dossier_returned"], "agencies": ["SXD"]},
        True,
    ),
    ("shifting", "shifting_rate", {}, False),
    ("shifting", "shifting_network", {"agencies": None}, False),
    ("shifting", "shifting_cycles", {"agencies": None}, False),
    (
        "consultations",
        "consultations_counts",
        {},
        False,
    ),
    ("consultations", "consultations_status", {**_CONSULTATIONS}, False),
    ("consultations", "consultations_status", {**_CONSULTATIONS, "agencies": ["SXD"]}, True),
    (
        "consultations",
        "consultations_status",
        {**_CONSULTATIONS, "statuses": ["unanswered_overdue"], "deemed_only": True},
        True,
    ),
    ("consultations", "consultations_evasive", {**_CONSULTATIONS}, False),
    ("consultations", "consultations_evasive", {**_CONSULTATIONS, "agencies": ["SXD"]}, True),
    ("personnel", "personnel_review", {}, False),
    ("grading", "grading_cap_check", {}, False),
    ("commendation", "commendation_counts", {}, False),
    ("commendation", "commendation_proposal", _CANDIDATES, False),
    (
        "commendation",
        "commendation_candidates",
        {**_CANDIDATES, "standings": None, "sort": "standing"},
        False,
    ),
    (
        "commendation",
        "commendation_candidates",
        {**_CANDIDATES, "agencies": ["SXD"], "standings": ["eligible"], "sort": "standing"},
        True,
    ),
]


@dataclass
class QueryTiming:
    page: str
    name: str
    params: dict
    filtered: bool
    rows: int
    p50_ms: float  # run_query with its answer cache cleared: access check, DuckDB, DataFrame, cache store
    p95_ms: float
    cached_p50_ms: float  # the same call answered from the cache (a rerun with the same parameters)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        statistics.median(ordered)
        if q == 0.5
        else ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
    )


def dashboard_queries(db: Path, runs: int) -> list[QueryTiming]:
    """Each query through dashboard.data.run_query, as a user whose role is allowed to see the
    page — the same access check the pages pass. One warm-up run, then `runs` timed runs with the answer
    cache cleared (a first view or a new filter value), each followed by a cached call (a rerun)."""
    import logging

    import duckdb
    import streamlit as st

    from dashboard import data, period
    from dashboard.access import ROLE_PAGES, User

    con = duckdb.connect(str(db), read_only=True)
    try:  # a task with a long timeline (the page's task picker lists overdue tasks)
        task_id = one(
            con,
            "select s.task_id from task_status s join task_handover_summary h using (task_id) "
            "where s.status = 'open_overdue' order by h.holder_count desc, s.task_id limit 1",
        )
        as_of = con.cursor().execute("select as_of from build_params").fetchall()[0][0]
    finally:
        con.close()
    default = period.default(as_of)
    # Outside `streamlit run`, session state is a plain dict and Streamlit logs a warning per access.
    for name in (
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        "streamlit.runtime.state.session_state_proxy",
        "streamlit.runtime.caching.cache_data_api",
    ):
        logging.getLogger(name).setLevel(logging.ERROR)
    os.environ["CONGVU_DB"] = str(db)
    data.clear_cache()
    results = []
    for page, name, params, filtered in QUERIES:
        params = {**params, "task_id": task_id} if "task_id" in params else params
        if "$start" in (data.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8"):
            params = {**params, **default.params()}  # the page's default period
        role = next(r for r, pages in ROLE_PAGES.items() if page in pages)
        user = User(name="bench", role=role)
        rows = len(data.run_query(user, page, name, params))
        times, hits = [], []
        for _ in range(runs):
            # run_query caches answers (st.cache_data): clear it, so that every run asks DuckDB
            st.cache_data.clear()
            started = time.perf_counter()
            data.run_query(user, page, name, params)
            times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            data.run_query(user, page, name, params)
            hits.append((time.perf_counter() - started) * 1000)
        results.append(
            QueryTiming(
                page, name, params, filtered, rows, _pct(times, 0.5), _pct(times, 0.95), _pct(hits, 0.5)
            )
        )
    data.clear_cache()
    return results
