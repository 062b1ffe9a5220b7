"""What every step of `make bench` shares: where things are, how it speaks, how a step runs in a child
process whose peak memory is its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "data" / "bench"
DOC = ROOT / "docs" / "performance.md"
PYTHON = sys.executable


def say(text: str = "") -> None:
    print(text, flush=True)


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


def check(child: Child, what: str) -> None:
    if child.code != 0:
        tail = "\n".join(child.log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise SystemExit(f"{what} failed (exit {child.code}); end of {child.log}:\n{tail}")


def one(con: Any, sql: str) -> Any:
    """The single value a query answers (a count, a sum, an id)."""
    row = con.execute(sql).fetchone()
    if row is None:
        raise RuntimeError(f"no row: {sql}")
    return row[0]
