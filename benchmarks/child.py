"""Work measured in its own process, so that its peak memory is its own.

    python -m benchmarks.child KIND ...

build INPUT DB AS_OF OUT.json [CONFIG] — pipelines.build.build, its steps and total written to OUT.json
floor INPUT DB OUT.json        — DuckDB loading every CSV of INPUT into a table (types detected), nothing else
pandas INPUT AS_OF OUT.json    — the pandas reference (benchmarks.pandas_ref)
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path


def _build(input_dir: Path, db: Path, as_of: str, out: Path, config: Path | None) -> None:
    from pipelines.build import build

    started = time.perf_counter()

    def progress(message: str) -> None:  # the build's own progress lines, timed, into the child's log
        print(f"{time.perf_counter() - started:8.1f} s  {message}", flush=True)

    summary = build(input_dir, db, as_of=dt.date.fromisoformat(as_of), config=config, progress=progress)
    out.write_text(
        json.dumps(
            {
                "seconds": summary.seconds,
                "steps": summary.steps,
                "rows_loaded": summary.rows_loaded,
                "rows_rejected": summary.rows_rejected,
            }
        ),
        encoding="utf-8",
    )


def _floor(input_dir: Path, db: Path, out: Path) -> None:
    """The same CSV files into tables with DuckDB's own reader (types detected), same threads and memory
    limit as the build, checkpointed to disk: what loading alone costs on this machine."""
    import duckdb

    from pipelines.settings import load_settings

    settings = load_settings(None)
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    steps = []
    con = duckdb.connect(str(db))
    con.execute("set memory_limit = $m", {"m": str(settings["build.memory_limit"][0])})
    con.execute("set threads = $t", {"t": int(settings["build.threads"][0])})
    for path in sorted(input_dir.glob("*.csv")):
        t0 = time.perf_counter()
        con.execute(
            f'create table "{path.stem}" as select * from read_csv($p, header = true, ignore_errors = true)',
            {"p": str(path)},
        )
        steps.append((f"load {path.stem}", time.perf_counter() - t0))
    t0 = time.perf_counter()
    con.execute("checkpoint")
    steps.append(("checkpoint", time.perf_counter() - t0))
    con.close()
    out.write_text(json.dumps({"seconds": time.perf_counter() - started, "steps": steps}), encoding="utf-8")


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    if kind == "build":
        _build(Path(args[0]), Path(args[1]), args[2], Path(args[3]), Path(args[4]) if len(args) > 4 else None)
    elif kind == "floor":
        _floor(Path(args[0]), Path(args[1]), Path(args[2]))
    elif kind == "pandas":
        from benchmarks.pandas_ref import task_status

        Path(args[2]).write_text(json.dumps(task_status(Path(args[0]), dt.date.fromisoformat(args[1]))))
    else:
        raise SystemExit(f"unknown kind {kind!r}")
