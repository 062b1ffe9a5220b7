"""Step 6 of `make bench`: the dashboard's own queries (dashboard.data.run_query, signed in as a role that may
see the page), p50/p95 over repeated runs — for every page of dashboard.access.PAGES, the queries its default
view runs (recorded by opening it: benchmarks.pages), then a few filtered views (FILTERED)."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.pages import PageView, quiet_streamlit, record_views

# (page, query, params): filtered views beyond the default ones. Pages with large tables ask for small
# aggregates (…_counts) and the first rows for the filters ($limit); a download runs the same query with
# limit NULL, only when its button is clicked (not timed here). A query that takes a period ($start, or
# $period_kind and $period_start) gets the page's default period.
_ROWS = 1000  # dashboard.tables.ROW_LIMIT
_OVERDUE = {"agencies": None, "sources": None, "buckets": None, "key_only": False, "limit": _ROWS}
_FLAGS = {"kinds": None, "agencies": None, "limit": _ROWS}
_CONSULTATIONS = {"agencies": None, "statuses": None, "deemed_only": False, "limit": _ROWS}
_CANDIDATES = {"agencies": None, "titles": None, "limit": _ROWS}
FILTERED: list[tuple[str, str, dict]] = [
    ("overview", "overview_periods", {"kind": "month"}),
    ("overdue", "overdue_counts", {"include_done_late": True}),
    ("overdue", "overdue_tasks", {**_OVERDUE, "include_done_late": True}),
    ("overdue", "overdue_tasks", {**_OVERDUE, "include_done_late": True, "agencies": ["SXD"]}),
    (
        "overdue",
        "overdue_tasks",
        {**_OVERDUE, "include_done_late": True, "key_only": True, "buckets": ["d90_plus"]},
    ),
    ("overdue", "overdue_timeline", {"task_id": None}),  # task_id: the task page's task
    ("data-quality", "quality_rejected_rows", {"file": "tasks.csv", "reason": None, "limit": 500}),
    ("shifting", "shifting_flags", {**_FLAGS, "kinds": ["ping_pong"]}),
    ("shifting", "shifting_flags", {**_FLAGS, "agencies": ["SXD"]}),
    ("shifting", "shifting_flags", {**_FLAGS, "kinds": ["dossier_returned"], "agencies": ["SXD"]}),
    ("consultations", "consultations_status", {**_CONSULTATIONS, "agencies": ["SXD"]}),
    (
        "consultations",
        "consultations_status",
        {**_CONSULTATIONS, "statuses": ["unanswered_overdue"], "deemed_only": True},
    ),
    ("consultations", "consultations_evasive", {**_CONSULTATIONS, "agencies": ["SXD"]}),
    (
        "commendation",
        "commendation_candidates",
        {**_CANDIDATES, "agencies": ["SXD"], "standings": ["eligible"], "sort": "standing"},
    ),
    ("officials", "officials_list", {"agencies": ["SXD"], "enough_only": True, "limit": _ROWS}),
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


@dataclass
class PageTiming:
    """A page's default view: all its queries in a row, the answer cache cleared before each run."""

    page: str
    role: str
    query: dict[str, str]
    queries: int
    rows: int
    p50_ms: float
    p95_ms: float
    slowest: str  # the query with the highest p95
    exceptions: list[str] = field(default_factory=list)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        statistics.median(ordered)
        if q == 0.5
        else ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
    )


def dashboard_queries(
    db: Path, runs: int, pages: list[str] | None = None, filtered: bool = True
) -> tuple[list[QueryTiming], list[PageTiming]]:
    """Each page's default view (benchmarks.pages.record_views), then each FILTERED query, through
    dashboard.data.run_query as a user whose role is allowed to see the page — the same access check the
    pages pass. `runs` timed runs with the answer cache cleared (a first view or a new filter value), each
    query followed by a cached call (a rerun)."""
    quiet_streamlit()  # before the dashboard's modules are imported: their cached functions warn when defined
    import streamlit as st

    from dashboard import data, period
    from dashboard.access import User

    views = record_views(db, pages)
    os.environ["CONGVU_DB"] = str(db)
    data.clear_cache()
    as_of = period._as_date(data.build_info()["as_of"])
    assert as_of is not None
    default = period.default(as_of)
    task_id = next((v.query["id"] for v in views if v.page == "task"), None)
    extra: list[PageView] = []
    if filtered:
        from benchmarks.pages import detail_ids, view_role

        task_id = task_id or detail_ids(db)["task"]["id"]
        for page, name, params in FILTERED:
            if pages is not None and page not in pages:
                continue
            params = {**params, "task_id": task_id} if "task_id" in params else params
            sql = (data.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
            if "$start" in sql:
                params = {**params, **default.params()}
            if "$period_kind" in sql:  # a period mart's query: the default period (a year) by kind and start
                params = {**params, "period_kind": default.kind, "period_start": default.start}
            extra.append(PageView(page, view_role(page), {}, [(page, name, params)]))
    results: list[QueryTiming] = []
    totals: list[PageTiming] = []
    for view, is_filtered in [(v, False) for v in views] + [(v, True) for v in extra]:
        user = User(name="bench", role=view.role)
        rows = [len(data.run_query(user, page, name, params)) for page, name, params in view.calls]  # warm-up
        times: list[list[float]] = [[] for _ in view.calls]
        hits: list[list[float]] = [[] for _ in view.calls]
        sums: list[float] = []
        for _ in range(runs):
            # run_query caches answers (st.cache_data): clear it, so that every run asks DuckDB
            st.cache_data.clear()
            for i, (page, name, params) in enumerate(view.calls):
                started = time.perf_counter()
                data.run_query(user, page, name, params)
                times[i].append((time.perf_counter() - started) * 1000)
            sums.append(sum(t[-1] for t in times))
            for i, (page, name, params) in enumerate(view.calls):
                started = time.perf_counter()
                data.run_query(user, page, name, params)
                hits[i].append((time.perf_counter() - started) * 1000)
        timed = [
            QueryTiming(
                view.page,
                name,
                params,
                is_filtered,
                n,
                _pct(times[i], 0.5),
                _pct(times[i], 0.95),
                _pct(hits[i], 0.5),
            )
            for i, ((_, name, params), n) in enumerate(zip(view.calls, rows, strict=True))
        ]
        results += timed
        if not is_filtered:
            totals.append(
                PageTiming(
                    view.page,
                    view.role,
                    view.query,
                    len(view.calls),
                    sum(rows),
                    _pct(sums, 0.5) if sums else 0.0,
                    _pct(sums, 0.95) if sums else 0.0,
                    max(timed, key=lambda q: q.p95_ms).name if timed else "—",
                    view.exceptions,
                )
            )
    data.clear_cache()
    return results, totals
