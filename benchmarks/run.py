"""`make bench` — build and dashboard speed at province scale, measured honestly. Prints; asserts nothing.

    python -m benchmarks.run [--scale province] [--seed 2023] [--as-of 2026-11-27] [--runs 30]
                             [--no-browser] [--no-doc]

1. the machine (CPU, cores, RAM, OS, Python, DuckDB);
2. the input folder from `congvu generate` (reused when seed, scale, as_of and the generator's code are
   unchanged): its time and peak memory;
3. `pipelines.build.build` in a child process: time per step, total, peak memory (wait4's max RSS);
4. the floor: DuckDB loading the same CSV files into tables and nothing else, same threads and memory;
5. the pandas reference (benchmarks.pandas_ref): task_status and ping-pong, checked against the warehouse;
6. the dashboard's own queries (dashboard.data.run_query, signed in as a role that may see the page):
   p50/p95 over repeated runs;
7. first render of three pages in Chromium against `congvu serve` on the new warehouse.
Then a table of figures, also written to docs/performance.md (with the command and the machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "data" / "bench"
DOC = ROOT / "docs" / "performance.md"
PYTHON = sys.executable
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# (page, query, params, filtered): what the pages run on first render and on their filters.
# Pages with large tables ask for small aggregates (…_counts) and the first rows for the filters ($limit);
# a download runs the same query with limit NULL, only when its button is clicked (not timed here).
_ROWS = 1000  # dashboard.page_kit.ROW_LIMIT
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
    ("overdue", "overdue_tasks", {**_OVERDUE, "include_done_late": True, "agencies": ["SXD"]}, True),
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
    ("shifting", "shifting_flag_counts", {}, False),
    ("shifting", "shifting_flags", _FLAGS, False),
    ("shifting", "shifting_flags", {**_FLAGS, "kinds": ["ping_pong"]}, True),
    ("shifting", "shifting_flags", {**_FLAGS, "agencies": ["SXD"]}, True),
    ("shifting", "shifting_flags", {**_FLAGS, "kinds": ["dossier_returned"], "agencies": ["SXD"]}, True),
    ("shifting", "shifting_rate", {}, False),
    ("shifting", "shifting_network", {}, False),
    ("shifting", "shifting_cycles", {}, False),
    ("consultations", "consultations_counts", {}, False),
    ("consultations", "consultations_status", _CONSULTATIONS, False),
    ("consultations", "consultations_status", {**_CONSULTATIONS, "agencies": ["SXD"]}, True),
    (
        "consultations",
        "consultations_status",
        {**_CONSULTATIONS, "statuses": ["unanswered_overdue"], "deemed_only": True},
        True,
    ),
    ("consultations", "consultations_evasive", {"agencies": None, "limit": _ROWS}, False),
    ("consultations", "consultations_evasive", {"agencies": ["SXD"], "limit": _ROWS}, True),
    ("personnel", "personnel_review", {}, False),
    ("grading", "grading_cap_check", {}, False),
    ("commendation", "commendation_counts", {}, False),
    ("commendation", "commendation_proposal", _CANDIDATES, False),
    ("commendation", "commendation_candidates", {**_CANDIDATES, "eligible_only": False}, False),
    (
        "commendation",
        "commendation_candidates",
        {**_CANDIDATES, "agencies": ["SXD"], "eligible_only": True},
        True,
    ),
]
# (page, title in the navigation) for the browser; the first is the page shown after signing in.
BROWSER_PAGES = [("overview", "Tổng quan"), ("overdue", "Nhiệm vụ quá hạn"), ("agencies", "Cơ quan")]
BROWSER_ROLE, BROWSER_PASSWORD = "home_affairs", "bench-mat-khau"


def say(text: str = "") -> None:
    print(text, flush=True)


# ---- the machine --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import duckdb
    import pandas as pd

    cpu = next(
        (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or "?",
    )
    mem_kb = next(
        (int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0
    )
    os_name = next(
        (
            line.split("=", 1)[1].strip().strip('"')
            for line in _lines("/etc/os-release")
            if line.startswith("PRETTY_NAME")
        ),
        platform.system(),
    )
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": cpu,
        "cores": f"{usable} usable ({os.cpu_count()} online)",
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{os_name}, {platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "DuckDB": duckdb.__version__,
        "pandas": pd.__version__,
    }


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


# ---- child processes ----------------------------------------------------------------------------


@dataclass
class Child:
    seconds: float
    max_rss_mb: float
    code: int
    log: Path
    cpu_seconds: float = 0.0  # user + system: less sensitive than wall time to other jobs on the machine


def run_child(args: list[str], log: Path, env: dict | None = None) -> Child:
    """Runs a command, its output to `log`; wall time and the peak RSS of that very process (wait4)."""
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Child(seconds, usage.ru_maxrss / 1024, process.returncode, log, usage.ru_utime + usage.ru_stime)


def _check(child: Child, what: str) -> None:
    if child.code != 0:
        tail = "\n".join(child.log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise SystemExit(f"{what} failed (exit {child.code}); end of {child.log}:\n{tail}")


# ---- 2. generate ---------------------------------------------------------------------------------


def generator_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "pipelines" / "generate").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def generate(scale: str, seed: int, as_of: str) -> tuple[Path, dict]:
    folder = BENCH / f"{scale}-seed{seed}-{as_of}-gen{generator_hash()}"
    stamp = folder / "generated.json"
    if stamp.exists():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        info["reused"] = True
        return folder, info
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    child = run_child(
        [
            str(ROOT / ".venv" / "bin" / "congvu"),
            "generate",
            "--out",
            str(folder / "input"),
            "--scale",
            scale,
            "--seed",
            str(seed),
            "--as-of",
            as_of,
        ],
        folder / "generate.log",
    )
    _check(child, "congvu generate")
    manifest = json.loads((folder / "input" / "manifest.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in (folder / "input").glob("*.csv"))
    info = {
        "seconds": child.seconds,
        "max_rss_mb": child.max_rss_mb,
        "rows": manifest["files"],
        "bytes": size,
    }
    stamp.write_text(json.dumps(info, indent=2), encoding="utf-8")
    info["reused"] = False
    return folder, info


# ---- 3-5. build, floor, pandas ---------------------------------------------------------------------


def build(folder: Path, as_of: str, memory_limit: str | None = None) -> tuple[Path, dict]:
    """The build as `congvu build` runs it; with memory_limit, through a --config file that sets it."""
    db, out = folder / "warehouse.duckdb", folder / "build.json"
    extra = []
    if memory_limit:
        config = folder / "bench-config.toml"
        config.write_text(f'[build]\nmemory_limit = "{memory_limit}"\n', encoding="utf-8")
        extra = [str(config)]
    child = run_child(
        [PYTHON, "-m", "benchmarks.child", "build", str(folder / "input"), str(db), as_of, str(out), *extra],
        folder / "build.log",
    )
    _check(child, "build")
    result = json.loads(out.read_text(encoding="utf-8"))
    result.update(
        wall_seconds=child.seconds,
        cpu_seconds=child.cpu_seconds,
        max_rss_mb=child.max_rss_mb,
        db_mb=db.stat().st_size / 2**20,
    )
    return db, result


def floor(folder: Path) -> dict:
    db, out = folder / "floor.duckdb", folder / "floor.json"
    child = run_child(
        [PYTHON, "-m", "benchmarks.child", "floor", str(folder / "input"), str(db), str(out)],
        folder / "floor.log",
    )
    _check(child, "floor")
    result = json.loads(out.read_text(encoding="utf-8"))
    result.update(max_rss_mb=child.max_rss_mb, cpu_seconds=child.cpu_seconds)
    db.unlink(missing_ok=True)
    return result


def pandas_reference(folder: Path, as_of: str) -> dict:
    out = folder / "pandas.json"
    child = run_child(
        [PYTHON, "-m", "benchmarks.child", "pandas", str(folder / "input"), as_of, str(out)],
        folder / "pandas.log",
    )
    _check(child, "pandas reference")
    result = json.loads(out.read_text(encoding="utf-8"))
    result.update(max_rss_mb=child.max_rss_mb)
    return result


def _one(con: Any, sql: str) -> Any:
    """The single value a query answers (a count, a sum, an id)."""
    row = con.execute(sql).fetchone()
    if row is None:
        raise RuntimeError(f"no row: {sql}")
    return row[0]


def warehouse_answers(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = dict(con.execute("select status, count(*) from task_status group by status").fetchall())
        overdue = _one(con, "select sum(days_overdue) from task_status")
        ping_pong = _one(con, "select count(*) from task_handover_summary where ping_pong_count > 0")
        flags = _one(con, "select count(distinct task_id) from shifting_flags where kind = 'ping_pong'")
        events = _one(con, "select count(*) from stg_task_events")
    finally:
        con.close()
    return {
        "status_counts": {str(k): int(v) for k, v in counts.items()},
        "days_overdue_sum": int(overdue or 0),
        "ping_pong_tasks": int(ping_pong),
        "ping_pong_flags": int(flags),
        "events": int(events),
    }


# ---- 6. dashboard queries ----------------------------------------------------------------------------


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
    """Each query through dashboard.data.run_query, signed in (session state) as a role allowed to see the
    page — the same access check the pages pass. One warm-up run, then `runs` timed runs with the answer
    cache cleared (a first view or a new filter value), each followed by a cached call (a rerun)."""
    import logging

    import duckdb
    import streamlit as st

    from dashboard import data
    from dashboard.access import ROLE_PAGES
    from dashboard.session import USER_KEY

    con = duckdb.connect(str(db), read_only=True)
    try:  # a task with a long timeline (the page's task picker lists overdue tasks)
        task_id = _one(
            con,
            "select s.task_id from task_status s join task_handover_summary h using (task_id) "
            "where s.status = 'open_overdue' order by h.holder_count desc, s.task_id limit 1",
        )
    finally:
        con.close()
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
        role = next(r for r, pages in ROLE_PAGES.items() if page in pages)
        st.session_state[USER_KEY] = {"name": "bench", "role": role, "signed_in_at": 0.0, "last_active": 0.0}
        rows = len(data.run_query(page, name, params))
        times, hits = [], []
        for _ in range(runs):
            # run_query caches answers (st.cache_data): clear it, so that every run asks DuckDB
            st.cache_data.clear()
            started = time.perf_counter()
            data.run_query(page, name, params)
            times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            data.run_query(page, name, params)
            hits.append((time.perf_counter() - started) * 1000)
        results.append(
            QueryTiming(
                page, name, params, filtered, rows, _pct(times, 0.5), _pct(times, 0.95), _pct(hits, 0.5)
            )
        )
    data.clear_cache()
    return results


# ---- 7. first render in a browser -----------------------------------------------------------------

FIRST_CONTENT = """(title) => {
  const headings = [...document.querySelectorAll('h1')].filter(h => !h.closest('[data-stale="true"]'));
  if (!headings.some(h => h.textContent.trim().startsWith(title))) return false;
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const live = e => !e.closest('[data-stale="true"]') && e.getBoundingClientRect().height > 0;
  const charts = [...main.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg')];
  const tables = [...main.querySelectorAll(
    '[data-testid="stDataFrame"] canvas, [data-testid="stTable"] table')];
  return charts.concat(tables).some(live);
}"""
IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"]');
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_render(db: Path, folder: Path) -> list[dict]:
    """`congvu serve` on the warehouse; sign in as home_affairs; for each page the seconds from the
    navigation (sign-in button, then sidebar link) to its first chart or table drawn, and to idle."""
    from playwright.sync_api import sync_playwright

    from dashboard.accounts import add_user

    work = folder / "serve"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    env = {**os.environ, "CONGVU_BCRYPT_ROUNDS": "4"}
    os.environ["CONGVU_BCRYPT_ROUNDS"] = "4"
    add_user(work / "users.toml", BROWSER_ROLE, BROWSER_ROLE, BROWSER_PASSWORD)
    port = _free_port()
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "pipelines.cli",
            "serve",
            "--db",
            str(db),
            "--users",
            str(work / "users.toml"),
            "--audit",
            str(work / "audit.jsonl"),
            "--port",
            str(port),
            "--address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    results = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"congvu serve did not start: {(work / 'serve.log').read_text()}")
            time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1400, "height": 900}, locale="vi-VN").new_page()
            page.goto(url)
            page.get_by_role("textbox", name="Tên đăng nhập").fill(BROWSER_ROLE)
            page.get_by_role("textbox", name="Mật khẩu").fill(BROWSER_PASSWORD)
            for i, (name, title) in enumerate(BROWSER_PAGES):
                started = time.perf_counter()
                if i == 0:
                    page.get_by_role("button", name="Đăng nhập").click()
                else:
                    link = page.get_by_test_id("stSidebarNavLink").filter(
                        has=page.get_by_text(title, exact=True)
                    )
                    link.click()
                page.wait_for_function(FIRST_CONTENT, arg=title, timeout=120_000)
                first = time.perf_counter() - started
                page.wait_for_function(IDLE, timeout=120_000)
                idle = time.perf_counter() - started
                errors = page.get_by_test_id("stException").count()
                page.screenshot(path=str(folder / f"render-{name}.png"))
                results.append({"page": name, "first_content_s": first, "idle_s": idle, "exceptions": errors})
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    return results


# ---- report ---------------------------------------------------------------------------------------

# Steps of the build that the pandas reference also does (reading, validating, task_status, ping-pong).
COMPARABLE_STEPS = (
    "load tasks",
    "load task_events",
    "stg_tasks",
    "stg_task_events",
    "prepare calendar",
    "task_status",
    "task_holder_sequence",
)


def _fmt_rows(rows: dict) -> str:
    big = {k: v for k, v in rows.items() if v >= 10_000} or rows
    return ", ".join(f"{k.removesuffix('.csv')} {v:,}" for k, v in big.items())


def report(
    args: argparse.Namespace,
    box: dict,
    gen: dict,
    built: dict,
    flo: dict,
    pdr: dict,
    wh: dict,
    queries: list[QueryTiming],
    renders: list[dict] | None,
) -> str:
    lines: list[str] = []
    add = lines.append
    steps = dict(built["steps"])
    comparable = sum(v for k, v in steps.items() if k in COMPARABLE_STEPS)
    filtered = [q for q in queries if q.filtered]
    worst = max(filtered, key=lambda q: q.p95_ms)
    agree_status = pdr["status_counts"] == wh["status_counts"]
    agree_pp = pdr["ping_pong_tasks"] == wh["ping_pong_tasks"]

    add("## Headline")
    add("")
    add("| figure | value | target | |")
    add("|---|---:|---:|---|")

    def row(what: str, value: str, target: str, ok: bool | None) -> None:
        add(f"| {what} | {value} | {target} | {'' if ok is None else ('met' if ok else '**missed**')} |")

    row(
        f"generate ({args.scale}, {'reused' if gen['reused'] else 'this run'})",
        f"{gen['seconds']:.0f} s, peak {gen['max_rss_mb']:,.0f} MB",
        "bounded memory",
        None,
    )
    row("build, total", f"{built['seconds']:.1f} s", "≤ 30 s", built["seconds"] <= 30)
    row("floor (DuckDB loads the CSVs, nothing else)", f"{flo['seconds']:.1f} s", "", None)
    ratio = built["seconds"] / flo["seconds"]
    row("build / floor", f"{ratio:.2f} ×", "≤ 2.5 ×", ratio <= 2.5)
    row(
        "build peak memory (max RSS)",
        f"{built['max_rss_mb']:,.0f} MB",
        "≤ 1,536 MB",
        built["max_rss_mb"] <= 1536,
    )
    row(
        "pandas reference (task_status + ping-pong)",
        f"{pdr['seconds']:.1f} s, peak {pdr['max_rss_mb']:,.0f} MB",
        "",
        None,
    )
    row(
        "same work in the build (load tasks/events, staging, calendar, task_status, holder sequence)",
        f"{comparable:.1f} s ({comparable / pdr['seconds']:.2f} × pandas)",
        "",
        None,
    )
    row("whole build / pandas reference", f"{built['seconds'] / pdr['seconds']:.2f} ×", "", None)
    row(
        "pandas agrees with the warehouse (status counts, ping-pong tasks)",
        f"{'yes' if agree_status else 'NO'}, {'yes' if agree_pp else 'NO'}",
        "yes",
        agree_status and agree_pp,
    )
    row(
        "filtered dashboard queries, worst p95",
        f"{worst.p95_ms:.0f} ms ({worst.name})",
        "≤ 100 ms",
        worst.p95_ms <= 100,
    )
    if renders:
        slowest = max(renders, key=lambda r: r["first_content_s"])
        row(
            "first render, slowest of three pages",
            f"{slowest['first_content_s']:.2f} s ({slowest['page']})",
            "≤ 3 s",
            slowest["first_content_s"] <= 3,
        )
    else:
        row("first render in a browser", "not measured (--no-browser or no chromium)", "≤ 3 s", None)
    add("")
    add(
        f"Data: {_fmt_rows(gen['rows'])} rows ({gen['bytes'] / 2**20:,.0f} MB of CSV); warehouse "
        f"{built['db_mb']:,.0f} MB; {built['rows_loaded']:,} rows loaded, "
        f"{built['rows_rejected']:,} rejected."
    )
    add("")
    add("## Build steps (seconds, slowest first; steps under 0.5 s summed)")
    add("")
    add("| step | s | share |")
    add("|---|---:|---:|")
    small = 0.0
    for name, sec in sorted(built["steps"], key=lambda s: -s[1]):
        if sec < 0.5:
            small += sec
            continue
        add(f"| {name} | {sec:.1f} | {sec / built['seconds']:.0%} |")
    add(
        f"| {sum(1 for _, s in built['steps'] if s < 0.5)} other steps | {small:.1f} | "
        f"{small / built['seconds']:.0%} |"
    )
    rest = built["seconds"] - sum(steps.values())
    add(f"| checks, build_runs, checkpoint, publish | {rest:.1f} | {rest / built['seconds']:.0%} |")
    add(f"| **total** | **{built['seconds']:.1f}** | |")
    add("")
    add("## The floor: DuckDB's read_csv into tables (types detected, unparseable lines skipped)")
    add("")
    add("| step | s |")
    add("|---|---:|")
    for name, sec in flo["steps"]:
        if sec >= 0.05:
            add(f"| {name} | {sec:.1f} |")
    add(f"| **total** | **{flo['seconds']:.1f}** (peak {flo['max_rss_mb']:,.0f} MB) |")
    add("")
    add("## The pandas reference (benchmarks/pandas_ref.py)")
    add("")
    add("| step | s |")
    add("|---|---:|")
    for name, sec in pdr["timings"].items():
        add(f"| {name} | {sec:.1f} |")
    add(f"| **total** | **{pdr['seconds']:.1f}** (peak {pdr['max_rss_mb']:,.0f} MB) |")
    add("")
    add("| answer | pandas | warehouse |")
    add("|---|---:|---:|")
    for status in sorted(set(pdr["status_counts"]) | set(wh["status_counts"])):
        add(
            f"| tasks {status} | {pdr['status_counts'].get(status, 0):,} | "
            f"{wh['status_counts'].get(status, 0):,} |"
        )
    add(f"| sum of days_overdue | {pdr['days_overdue_sum']:,} | {wh['days_overdue_sum']:,} |")
    add(f"| tasks with a ping-pong (X → Y → X) | {pdr['ping_pong_tasks']:,} | {wh['ping_pong_tasks']:,} |")
    add(f"| task events loaded | {pdr['events']:,} | {wh['events']:,} |")
    add("")
    add(f"## Dashboard queries (dashboard.data.run_query, read-only, {args.runs} runs after one warm-up)")
    add("")
    add("p50/p95: `run_query` with its answer cache (st.cache_data) cleared before each run — what a first")
    add("view or a new filter value costs; cached: the same call answered from the cache (a rerun).")
    add("")
    add("| page | query | parameters | rows | p50 ms | p95 ms | cached p50 ms | filtered |")
    add("|---|---|---|---:|---:|---:|---:|---|")
    for q in queries:
        params = ", ".join(f"{k}={v}" for k, v in q.params.items()) or "—"
        add(
            f"| {q.page} | {q.name} | {params} | {q.rows:,} | {q.p50_ms:.1f} | {q.p95_ms:.1f} | "
            f"{q.cached_p50_ms:.1f} | "
            f"{'yes' if q.filtered else ''} |"
        )
    add("")
    if renders:
        add(f"## First render in Chromium (`congvu serve`, signed in as {BROWSER_ROLE})")
        add("")
        add(
            "Seconds from the click (sign-in button for the first page, then the sidebar link) to the page's "
            "first chart or table drawn, and to the app being idle (every element of the page drawn)."
        )
        add("")
        add("| page | first chart/table s | idle s | exceptions |")
        add("|---|---:|---:|---:|")
        for r in renders:
            add(f"| {r['page']} | {r['first_content_s']:.2f} | {r['idle_s']:.2f} | {r['exceptions']} |")
        add("")
    return "\n".join(lines)


def write_doc(text: str, box: dict, command: str, findings: str) -> None:
    header = [
        "# Performance",
        "",
        "Figures produced by `make bench` (benchmarks/run.py) — measured, not estimated. Timings stay out",
        "of the tests: the benchmark prints, the tests assert correctness.",
        "",
        f"Command: `{command}`, run {dt.datetime.now():%d/%m/%Y %H:%M}.",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in box.items()) + ".",
        "",
    ]
    body = header + [text, ""]
    if findings:
        body += [findings, ""]
    DOC.write_text("\n".join(body), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province", choices=("tiny", "demo", "province", "national"))
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each dashboard query")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--memory-limit", default=None, help="build.memory_limit for this build (default: settings)"
    )
    parser.add_argument("--build-only", action="store_true", help="stop after the build (compare settings)")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    parser.add_argument(
        "--findings",
        type=Path,
        default=ROOT / "benchmarks" / "findings.md",
        help="text appended to docs/performance.md (causes of missed targets)",
    )
    args = parser.parse_args(argv)
    command = (
        "make bench (.venv/bin/python -m benchmarks.run)"
        if argv is None and len(sys.argv) == 1
        else "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:])
    )

    box = machine()
    say("== Machine")
    for k, v in box.items():
        say(f"  {k:8} {v}")

    say(f"\n== Generate ({args.scale}, seed {args.seed}, as_of {args.as_of})")
    folder, gen = generate(args.scale, args.seed, args.as_of)
    say(
        f"  {folder}: {'reused' if gen['reused'] else 'generated'}; {gen['seconds']:.1f} s, "
        f"peak {gen['max_rss_mb']:,.0f} MB; {_fmt_rows(gen['rows'])}"
    )

    say("\n== Build (child process)")
    db, built = build(folder, args.as_of, args.memory_limit)
    say(
        f"  {built['seconds']:.1f} s (CPU {built['cpu_seconds']:.1f} s, "
        f"load average {os.getloadavg()[0]:.1f}), "
        f"peak {built['max_rss_mb']:,.0f} MB, warehouse {built['db_mb']:,.0f} MB"
    )
    for name, sec in sorted(built["steps"], key=lambda s: -s[1])[:12]:
        say(f"    {name:28} {sec:6.1f} s")
    if args.build_only:
        return 0

    say("\n== Floor: DuckDB read_csv into tables (child process)")
    flo = floor(folder)
    say(
        f"  {flo['seconds']:.1f} s, peak {flo['max_rss_mb']:,.0f} MB; "
        f"build/floor {built['seconds'] / flo['seconds']:.2f}"
    )

    say("\n== pandas reference (child process)")
    pdr = pandas_reference(folder, args.as_of)
    wh = warehouse_answers(db)
    say(
        f"  {pdr['seconds']:.1f} s, peak {pdr['max_rss_mb']:,.0f} MB; agrees: status counts "
        f"{pdr['status_counts'] == wh['status_counts']}, "
        f"ping-pong {pdr['ping_pong_tasks'] == wh['ping_pong_tasks']}"
    )

    say(f"\n== Dashboard queries ({args.runs} runs each)")
    queries = dashboard_queries(db, args.runs)
    for q in queries:
        say(
            f"  {q.page:13} {q.name:26} rows {q.rows:>9,}  p50 {q.p50_ms:8.1f} ms  p95 {q.p95_ms:8.1f} ms"
            f"  cached {q.cached_p50_ms:6.1f} ms"
        )

    renders = None
    if not args.no_browser and CHROMIUM.exists():
        say("\n== First render in Chromium")
        renders = browser_render(db, folder)
        for r in renders:
            say(f"  {r['page']:10} first chart/table {r['first_content_s']:.2f} s, idle {r['idle_s']:.2f} s")

    text = report(args, box, gen, built, flo, pdr, wh, queries, renders)
    say("\n" + text)
    (folder / "figures.json").write_text(
        json.dumps(
            {
                "machine": box,
                "generate": gen,
                "build": built,
                "floor": flo,
                "pandas": pdr,
                "warehouse": wh,
                "queries": [q.__dict__ for q in queries],
                "renders": renders,
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    if not args.no_doc and args.scale == "province":
        findings = args.findings.read_text(encoding="utf-8") if args.findings.exists() else ""
        write_doc(text, box, command, findings)
        say(f"\n(written to {DOC.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
