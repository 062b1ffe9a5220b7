"""The SQL models of the warehouse: one `select` per file, file name = table name.

Models live in sql/staging and sql/marts. Their order is derived, not declared: a model depends on
every other model whose name it mentions (outside comments), and runs after it. A mart is wrapped in
`create or replace table <name> as`; a staging model in `create or replace view <name> as`: it renames
and defaults the columns of valid_<source>, the validated rows the load stored once, and copying ten
million events into a second table only to rename them cost more than any mart (dbt's staging
convention: views over the loaded tables).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

LAYERS = ("staging", "marts")
_COMMENT = re.compile(r"--[^\n]*")


def discover(sql_dir: Path) -> dict[str, Path]:
    models: dict[str, Path] = {}
    for layer in LAYERS:
        for path in sorted((sql_dir / layer).glob("*.sql")):
            if path.stem in models:
                raise ValueError(f"two SQL models named {path.stem}: {models[path.stem]} and {path}")
            models[path.stem] = path
    return models


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def dependencies(models: dict[str, Path]) -> dict[str, set[str]]:
    deps: dict[str, set[str]] = {}
    for name, path in models.items():
        code = _COMMENT.sub("", body(path))
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
        deps[name] = {other for other in models if other != name and other in words}
    return deps


def order(sql_dir: Path) -> list[str]:
    return list(TopologicalSorter(dependencies(discover(sql_dir))).static_order())


def run_models(
    con: duckdb.DuckDBPyConnection, sql_dir: Path, progress: Callable[[str], None]
) -> Iterator[tuple[str, float]]:
    models = discover(sql_dir)
    for name in order(sql_dir):
        started = time.perf_counter()
        kind = "view" if models[name].parent.name == "staging" else "table"
        progress(f"Tạo {'khung nhìn' if kind == 'view' else 'bảng'} {name} …")
        con.execute(f"create or replace {kind} {name} as {body(models[name])}")
        yield name, time.perf_counter() - started
