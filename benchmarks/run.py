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
import json
import os
import sys
from pathlib import Path

from benchmarks.common import DOC, ROOT, say
from benchmarks.inputs import generate
from benchmarks.launcher import CHROMIUM
from benchmarks.machine import machine
from benchmarks.queries import dashboard_queries
from benchmarks.render import browser_render
from benchmarks.report import fmt_rows, report, write_doc
from benchmarks.warehouse import build, floor, pandas_reference, warehouse_answers


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
        f"peak {gen['max_rss_mb']:,.0f} MB; {fmt_rows(gen['rows'])}"
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
