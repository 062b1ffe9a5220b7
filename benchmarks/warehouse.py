"""Steps 3-5 of `make bench`, each in a child process: the build (time per step, total, peak memory), the
floor (DuckDB loading the same CSV files and nothing else) and the pandas reference, checked against the
warehouse's own answers."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.common import PYTHON, check, one, run_child


def build(
    folder: Path, as_of: str, memory_limit: str | None = None, input_dir: Path | None = None
) -> tuple[Path, dict]:
    """The build as `congvu build` runs it, of `input_dir` (default folder/input) into folder; with
    memory_limit, through a --config file that sets it."""
    db, out = folder / "warehouse.duckdb", folder / "build.json"
    extra = []
    if memory_limit:
        config = folder / "bench-config.toml"
        config.write_text(f'[build]\nmemory_limit = "{memory_limit}"\n', encoding="utf-8")
        extra = [str(config)]
    child = run_child(
        [
            PYTHON,
            "-m",
            "benchmarks.child",
            "build",
            str(input_dir or folder / "input"),
            str(db),
            as_of,
            str(out),
        ]
        + extra,
        folder / "build.log",
    )
    check(child, "build")
    result = json.loads(out.read_text(encoding="utf-8"))
    result.update(
        wall_seconds=child.seconds,
        cpu_seconds=child.cpu_seconds,
        max_rss_mb=child.max_rss_mb,
        db_mb=db.stat().st_size / 2**20,
    )
    return db, result


def floor(folder: Path, input_dir: Path | None = None) -> dict:
    db, out = folder / "floor.duckdb", folder / "floor.json"
    child = run_child(
        [PYTHON, "-m", "benchmarks.child", "floor", str(input_dir or folder / "input"), str(db), str(out)],
        folder / "floor.log",
    )
    check(child, "floor")
    result = json.loads(out.read_text(encoding="utf-8"))
    result.update(max_rss_mb=child.max_rss_mb, cpu_seconds=child.cpu_seconds)
    db.unlink(missing_ok=True)
    return result


def pandas_reference(folder: Path, as_of: str, input_dir: Path | None = None) -> dict:
    out = folder / "pandas.json"
    child = run_child(
        [PYTHON, "-m", "benchmarks.child", "pandas", str(input_dir or folder / "input"), as_of, str(out)],
        folder / "pandas.log",
    )
    check(child, "pandas reference")
    result = json.loads(out.read_text(encoding="utf-8"))
    result.update(max_rss_mb=child.max_rss_mb)
    return result


def warehouse_answers(db: Path, input_dir: Path | None = None) -> dict:
    """The warehouse's answers the pandas reference is checked against, and — when the input folder holds
    the generator's manifest — whether every row it planted as bad is rejected at the line it was put on
    (row numbers come from a one-thread read; this checks them at full scale on every run)."""
    import duckdb

    planted = []
    manifest = input_dir / "manifest.json" if input_dir else None
    if manifest and manifest.is_file():
        rows = json.loads(manifest.read_text(encoding="utf-8")).get("bad_rows", [])
        planted = sorted((r["file"], int(r["row"]), r["column"], r["rule"]) for r in rows)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rejected = con.execute(
            "select file, row_number, column_name, rule from rejected_rows order by all"
        ).fetchall()
        counts = dict(con.execute("select status, count(*) from task_status group by status").fetchall())
        overdue = one(con, "select sum(days_overdue) from task_status")
        ping_pong = one(con, "select count(*) from task_handover_summary where ping_pong_count > 0")
        flags = one(con, "select count(distinct task_id) from shifting_flags where kind = 'ping_pong'")
        events = one(con, "select count(*) from stg_task_events")
    finally:
        con.close()
    return {
        "status_counts": {str(k): int(v) for k, v in counts.items()},
        "days_overdue_sum": int(overdue or 0),
        "ping_pong_tasks": int(ping_pong),
        "ping_pong_flags": int(flags),
        "events": int(events),
        "planted_rows": len(planted),
        "planted_rows_named": planted == [tuple(r) for r in rejected] if planted else None,
    }
