"""Step 1 of `make bench`: the machine the figures were measured on (CPU, cores, RAM, OS, Python, DuckDB)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


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
