"""`make bench` — build and dashboard speed at province scale, measured honestly. Prints; asserts nothing.

    python -m benchmarks.run [--scale province] [--seed 2023] [--as-of 2026-11-27] [--runs 30]
                             [--no-browser] [--no-doc] [--input FOLDER [--work DIR]] [--warehouse FILE]
                             [--pages PAGE ...]

--input builds from an input folder generated before (read, never written: nobody must regenerate);
--warehouse times only the dashboard (steps 6 and 7) on a warehouse built before.

1. the machine (CPU, cores, RAM, OS, Python, DuckDB);
2. the input folder from `congvu generate` (reused when seed, scale, as_of and the generator's code are
   unchanged): its time and peak memory;
3. `pipelines.build.build` in a child process: time per step, total, peak memory (wait4's max RSS);
4. the floor: DuckDB loading the same CSV files into tables and nothing else, same threads and memory;
5. the pandas reference (benchmarks.pandas_ref): task_status and ping-pong, checked against the warehouse;
6. the dashboard's own queries (dashboard.data.run_query, signed in as a role that may see the page):
   the default view of every page of dashboard.access.PAGES (its queries recorded by opening it) and a few
   filtered views, p50/p95 over repeated runs;
7. first render of every page in Chromium against `congvu serve` on the new warehouse.
Then a table of figures, also written to docs/performance.md (with the command and the machine).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from benchmarks.common import BENCH, DOC, ROOT, say
from benchmarks.inputs import generate, given
from benchmarks.launcher import CHROMIUM
from benchmarks.machine import machine
from benchmarks.queries import PageTiming, QueryTiming, dashboard_queries
from benchmarks.render import browser_render
from benchmarks.report import dashboard_headline, dashboard_tables, fmt_rows, report, write_doc
from benchmarks.warehouse import build, floor, pandas_reference, warehouse_answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province", choices=("tiny", "demo", "province", "national"))
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument(
        "--runs", type=int, default=30, help="timed runs of each dashboard query (0: with --warehouse, none)"
    )
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--memory-limit", default=None, help="build.memory_limit for this build (default: settings)"
    )
    parser.add_argument("--build-only", action="store_true", help="stop after the build (compare settings)")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    parser.add_argument(
        "--input", type=Path, default=None, help="an input folder generated before (read only): no generating"
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="with --input or --warehouse: where the build and logs go"
    )
    parser.add_argument(
        "--warehouse", type=Path, default=None, help="a warehouse built before: time only the dashboard"
    )
    parser.add_argument("--pages", nargs="+", default=None, help="only these pages (dashboard.access.PAGES)")
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

    if args.warehouse:
        return dashboard_only(args)

    input_dir = None
    if args.input:
        input_dir = args.input.resolve()
        gen = given(input_dir)
        args.as_of = gen["as_of"] or args.as_of
        folder = (args.work or BENCH / f"given-{input_dir.name}-{args.as_of}").resolve()
        folder.mkdir(parents=True, exist_ok=True)
        say(f"\n== Input {input_dir} (given, as_of {args.as_of}): {fmt_rows(gen['rows'])}")
    else:
        say(f"\n== Generate ({args.scale}, seed {args.seed}, as_of {args.as_of})")
        folder, gen = generate(args.scale, args.seed, args.as_of)
        say(
            f"  {folder}: {'reused' if gen['reused'] else 'generated'}; {gen['seconds']:.1f} s, "
            f"peak {gen['max_rss_mb']:,.0f} MB; {fmt_rows(gen['rows'])}"
        )

    say("\n== Build (child process)")
    db, built = build(folder, args.as_of, args.memory_limit, input_dir)
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
    flo = floor(folder, input_dir)
    say(
        f"  {flo['seconds']:.1f} s, peak {flo['max_rss_mb']:,.0f} MB; "
        f"build/floor {built['seconds'] / flo['seconds']:.2f}"
    )

    say("\n== pandas reference (child process)")
    pdr = pandas_reference(folder, args.as_of, input_dir)
    wh = warehouse_answers(db, input_dir or folder / "input")
    say(
        f"  {pdr['seconds']:.1f} s, peak {pdr['max_rss_mb']:,.0f} MB; agrees: status counts "
        f"{pdr['status_counts'] == wh['status_counts']}, "
        f"ping-pong {pdr['ping_pong_tasks'] == wh['ping_pong_tasks']}"
    )
    say(
        f"  rejected rows at the lines the generator planted them ({wh['planted_rows']}): "
        f"{wh['planted_rows_named']}"
    )

    queries, pages, renders = measure_dashboard(args, db, folder)
    text = report(args, box, gen, built, flo, pdr, wh, queries, pages, renders)
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
                "pages": [p.__dict__ for p in pages],
                "renders": renders,
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    if not args.no_doc and args.scale == "province" and not args.input and not args.pages:
        findings = args.findings.read_text(encoding="utf-8") if args.findings.exists() else ""
        write_doc(text, box, command, findings)
        say(f"\n(written to {DOC.relative_to(ROOT)})")
    return 0


def measure_dashboard(args: argparse.Namespace, db: Path, folder: Path) -> tuple[list, list, list | None]:
    queries: list[QueryTiming]
    pages: list[PageTiming]
    if args.runs == 0:  # --runs 0: the first render only
        queries, pages = [], []
    else:
        say(f"\n== Dashboard: every page's default view, then filtered views ({args.runs} runs each)")
        queries, pages = dashboard_queries(db, args.runs, args.pages)
    for p in pages:
        say(
            f"  {p.page:15} {p.queries:2} queries  rows {p.rows:>9,}  p50 {p.p50_ms:8.1f} ms  "
            f"p95 {p.p95_ms:8.1f} ms  slowest {p.slowest}"
            + (f"  EXCEPTIONS {p.exceptions}" if p.exceptions else "")
        )
    say(f"  (load average {os.getloadavg()[0]:.1f})")
    for q in queries:
        say(
            f"  {q.page:15} {q.name:26} rows {q.rows:>9,}  p50 {q.p50_ms:8.1f} ms  p95 {q.p95_ms:8.1f} ms"
            f"  cached {q.cached_p50_ms:6.1f} ms" + ("  (filtered)" if q.filtered else "")
        )
    renders = None
    if not args.no_browser and CHROMIUM.exists():
        say("\n== First render in Chromium")
        renders = browser_render(db, folder, args.pages)  # prints each page as it is drawn
        say(f"  (load average {os.getloadavg()[0]:.1f})")
    return queries, pages, renders


def dashboard_only(args: argparse.Namespace) -> int:
    """--warehouse: steps 6 and 7 on a warehouse built before; prints, never writes docs/performance.md."""
    db = args.warehouse.resolve()
    folder = (args.work or BENCH / f"warehouse-{db.stem}").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    say(f"\n== Warehouse {db} (given)")
    queries, pages, renders = measure_dashboard(args, db, folder)
    lines: list[str] = ["## Headline", "", "| figure | value | target | |", "|---|---:|---:|---|"]

    def row(what: str, value: str, target: str, ok: bool | None) -> None:
        lines.append(
            f"| {what} | {value} | {target} | {'' if ok is None else ('met' if ok else '**missed**')} |"
        )

    dashboard_headline(row, queries, pages, renders)
    lines += ["", *dashboard_tables(args.runs, queries, pages, renders)]
    say("\n" + "\n".join(lines))
    (folder / "figures.json").write_text(
        json.dumps(
            {
                "machine": machine(),
                "warehouse": str(db),
                "load_average": os.getloadavg(),
                "queries": [q.__dict__ for q in queries],
                "pages": [p.__dict__ for p in pages],
                "renders": renders,
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
