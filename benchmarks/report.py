"""The figures of `make bench` as a table, also written to docs/performance.md with the command and the
machine."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from benchmarks.common import DOC
from benchmarks.queries import PageTiming, QueryTiming
from benchmarks.render import BROWSER_ROLE

# Steps of the build that the pandas reference also does (reading, validating, task_status, ping-pong).
COMPARABLE_STEPS = (
    # every CSV file is read and typed in one step, side by side (pipelines.build._type_plain_csvs): the
    # step is counted whole, consultations and the small files included, so the build is not flattered
    "read and type CSV files",
    "load tasks",
    "load task_events",
    "stg_tasks",
    "stg_task_events",
    "prepare calendar",
    "task_status",
    "task_holder_sequence",
)


def fmt_rows(rows: dict) -> str:
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
    pages: list[PageTiming],
    renders: list[dict] | None,
) -> str:
    lines: list[str] = []
    add = lines.append
    steps = dict(built["steps"])
    comparable = sum(v for k, v in steps.items() if k in COMPARABLE_STEPS)
    agree_status = pdr["status_counts"] == wh["status_counts"]
    agree_pp = pdr["ping_pong_tasks"] == wh["ping_pong_tasks"]

    add("## Headline")
    add("")
    add("| figure | value | target | |")
    add("|---|---:|---:|---|")

    def row(what: str, value: str, target: str, ok: bool | None) -> None:
        add(f"| {what} | {value} | {target} | {'' if ok is None else ('met' if ok else '**missed**')} |")

    if gen.get("given"):
        row("input (generated before, --input)", f"`{gen['given']}`", "", None)
    else:
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
        "same work in the build (read and type every CSV file, judge tasks/events, staging, calendar, "
        "task_status, holder sequence)",
        f"{comparable:.1f} s ({pdr['seconds'] / comparable:.2f} × faster than pandas)",
        "≥ 3 × faster",
        pdr["seconds"] >= 3 * comparable,
    )
    row("whole build / pandas reference", f"{built['seconds'] / pdr['seconds']:.2f} ×", "", None)
    row(
        "pandas agrees with the warehouse (status counts, ping-pong tasks)",
        f"{'yes' if agree_status else 'NO'}, {'yes' if agree_pp else 'NO'}",
        "yes",
        agree_status and agree_pp,
    )
    if wh.get("planted_rows_named") is not None:
        row(
            f"rejected rows named at the lines the generator planted them ({wh['planted_rows']})",
            "yes" if wh["planted_rows_named"] else "NO",
            "yes",
            bool(wh["planted_rows_named"]),
        )
    dashboard_headline(row, queries, pages, renders)
    add("")
    add(
        f"Data: {fmt_rows(gen['rows'])} rows ({gen['bytes'] / 2**20:,.0f} MB of CSV); warehouse "
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
    lines += dashboard_tables(args.runs, queries, pages, renders)
    return "\n".join(lines)


def dashboard_headline(
    row: Callable[[str, str, str, bool | None], None],
    queries: list[QueryTiming],
    pages: list[PageTiming],
    renders: list[dict] | None,
) -> None:
    if pages:
        slow = max(pages, key=lambda p: p.p95_ms)
        row(
            f"page default view (all its queries), worst p95 of {len(pages)} pages",
            f"{slow.p95_ms:.0f} ms ({slow.page}; slowest query {slow.slowest})",
            "≤ 100 ms",
            slow.p95_ms <= 100,
        )
    filtered = [q for q in queries if q.filtered]
    if filtered:
        worst = max(filtered, key=lambda q: q.p95_ms)
        row(
            "filtered dashboard queries, worst p95",
            f"{worst.p95_ms:.0f} ms ({worst.name})",
            "≤ 100 ms",
            worst.p95_ms <= 100,
        )
    if renders:
        slowest = max(renders, key=lambda r: r["first_content_s"])
        row(
            f"first render, slowest of {len(renders)} pages",
            f"{slowest['first_content_s']:.2f} s ({slowest['page']})",
            "≤ 3 s",
            slowest["first_content_s"] <= 3,
        )
    else:
        row("first render in a browser", "not measured (--no-browser or no chromium)", "≤ 3 s", None)


def dashboard_tables(
    runs: int, queries: list[QueryTiming], pages: list[PageTiming], renders: list[dict] | None
) -> list[str]:
    lines: list[str] = []
    add = lines.append
    add(f"## Pages: the default view of every page (dashboard.access.PAGES), {runs} runs")
    add("")
    add(
        "Each page opened as a signed-in user (AppTest) to record the queries its default view runs; then all"
    )
    add("of them in a row through `run_query`, the answer cache cleared before each run (a first view).")
    add("")
    add("| page | role | URL query | queries | rows | p50 ms | p95 ms | slowest query | exceptions |")
    add("|---|---|---|---:|---:|---:|---:|---|---:|")
    for p in pages:
        query = ", ".join(f"{k}={v}" for k, v in p.query.items()) or "—"
        add(
            f"| {p.page} | {p.role} | {query} | {p.queries} | {p.rows:,} | {p.p50_ms:.1f} | {p.p95_ms:.1f} | "
            f"{p.slowest} | {len(p.exceptions)} |"
        )
    add("")
    add(f"## Dashboard queries (dashboard.data.run_query, read-only, {runs} runs after one warm-up)")
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
        add(
            f"## First render in Chromium (`congvu serve`, signed in as {BROWSER_ROLE}, or else a role that "
            "sees the page)"
        )
        add("")
        add(
            "Seconds from opening the page's address (after signing in; a detail page with a real id) to its "
            "first chart, table, metric or notice drawn, and to the app being idle (every element drawn)."
        )
        add("")
        add("| page | first content s | idle s | exceptions |")
        add("|---|---:|---:|---:|")
        for r in renders:
            add(f"| {r['page']} | {r['first_content_s']:.2f} | {r['idle_s']:.2f} | {r['exceptions']} |")
        add("")
    return lines


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
