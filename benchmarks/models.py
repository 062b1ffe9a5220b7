"""Re-run the SQL models (and checks) of a built warehouse, timed one by one, with the build's settings.

    python -m benchmarks.models --warehouse W [--sql-dir DIR] [--downstream] [--checks] [--hash] [--runs N]
                                [NAME ...]

W is changed in place (copy a reference warehouse first). The named models (default: every mart) run in the
build's dependency order, each as `create or replace table NAME as <its select>`, with the build's
memory_limit, threads, preserve_insertion_order = false and a temp_directory beside W. --downstream adds
every mart that reads a named one, directly or not. Staging models are never re-run: they read the load's
working tables, which a warehouse does not keep. --sql-dir runs another copy of pipelines/sql (an A/B of
old against new SQL on the same warehouse). --checks also times the checks (and fails if one returns rows).
--hash prints, per table re-run, count(*) and an order-insensitive hash of its rows (sum of the rows'
hashes), for comparing the answers of two versions. Seconds are wall and CPU (user + system of this process,
DuckDB's threads included); with --runs N each model runs N times in a row and the best is printed.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import duckdb

from pipelines import sqlfiles
from pipelines.build import SQL_DIR
from pipelines.settings import load_settings


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _downstream(deps: dict[str, set[str]], names: set[str]) -> set[str]:
    chosen = set(names)
    while True:
        more = {model for model, reads in deps.items() if reads & chosen} - chosen
        if not more:
            return chosen
        chosen |= more


def row_hash(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, int]:
    count, total = con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {table} t").fetchone()  # type: ignore[misc]
    return int(count), int(total)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--warehouse", required=True, type=Path)
    parser.add_argument("--sql-dir", type=Path, default=SQL_DIR)
    parser.add_argument("--downstream", action="store_true")
    parser.add_argument("--checks", action="store_true")
    parser.add_argument("--hash", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args(argv)

    models = sqlfiles.discover(args.sql_dir)
    deps = sqlfiles.dependencies(models)
    marts = {name for name, path in models.items() if path.parent.name == "marts"}
    unknown = set(args.names) - set(models)
    if unknown:
        raise SystemExit(f"unknown models: {sorted(unknown)}")
    chosen = set(args.names) or marts
    if args.downstream:
        chosen = _downstream(deps, chosen)
    chosen &= marts

    settings = load_settings(None)
    con = duckdb.connect(str(args.warehouse))
    con.execute("set memory_limit = $m", {"m": str(settings["build.memory_limit"][0])})
    con.execute("set threads = $t", {"t": int(settings["build.threads"][0])})
    con.execute("set temp_directory = $d", {"d": str(args.warehouse.parent / "spill")})
    con.execute("set enable_progress_bar = false")
    con.execute("set preserve_insertion_order = false")

    total_wall = total_cpu = 0.0
    for name in sqlfiles.order(args.sql_dir):
        if name not in chosen:
            continue
        best = None
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), _cpu()
            con.execute(f"create or replace table {name} as {sqlfiles.body(models[name])}")
            took = (time.perf_counter() - wall, _cpu() - cpu)
            best = took if best is None or took[0] < best[0] else best
        assert best is not None
        total_wall, total_cpu = total_wall + best[0], total_cpu + best[1]
        line = f"{name:40s} {best[0]:7.2f} s  cpu {best[1]:7.2f} s"
        if args.hash:
            count, digest = row_hash(con, name)
            line += f"  rows {count:>10,}  hash {digest}"
        print(line, flush=True)
    if args.checks:
        for path in sorted((args.sql_dir / "checks").glob("*.sql")):
            best = None
            rows: list = []
            for _ in range(args.runs):
                wall, cpu = time.perf_counter(), _cpu()
                rows = con.execute(path.read_text(encoding="utf-8")).fetchmany(3)
                took = (time.perf_counter() - wall, _cpu() - cpu)
                best = took if best is None or took[0] < best[0] else best
            assert best is not None
            total_wall, total_cpu = total_wall + best[0], total_cpu + best[1]
            verdict = f"FAILED {rows}" if rows else "ok"
            print(f"check {path.stem:34s} {best[0]:7.2f} s  cpu {best[1]:7.2f} s  {verdict}")
    print(f"{'total':40s} {total_wall:7.2f} s  cpu {total_cpu:7.2f} s")
    con.close()


if __name__ == "__main__":
    main()
