"""The report's reads: named SQL files in `sql/`, run with named parameters on a read-only warehouse.

The warehouse file is attached READ_ONLY to an in-memory connection (so a report can be made while the
dashboard reads the same file, and a rebuilt file is picked up); the report's scratch tables
(`period_tasks`, `period_task_counts`) are temporary and live only in that connection.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).with_name("sql")


class WarehouseError(RuntimeError):
    """The warehouse file is missing or is not a congvu warehouse."""


@cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


class Warehouse:
    def __init__(self, db_path: Path | str) -> None:
        path = Path(db_path)
        if not path.is_file():
            raise WarehouseError(f"{path}: không tìm thấy kho dữ liệu (warehouse file not found).")
        self.con = duckdb.connect(":memory:")
        try:
            self.con.execute("attach $path as wh (read_only)", {"path": str(path)})
            self.con.execute("use wh")
            missing = self.rows(
                "select unnest($needed) as name except select table_name from information_schema.tables "
                "where table_catalog = 'wh'",
                needed=["build_params", "task_status", "stg_agencies", "enum_terms"],
            )
        except duckdb.Error as exc:
            self.con.close()
            raise WarehouseError(
                f"{path}: không đọc được kho dữ liệu (cannot read the warehouse): {exc}"
            ) from exc
        if missing:
            self.con.close()
            names = ", ".join(sorted(r["name"] for r in missing))
            raise WarehouseError(
                f"{path}: không phải kho dữ liệu congvu (not a congvu warehouse): thiếu {names}."
            )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, text: str, **params: Any) -> list[dict[str, Any]]:
        cur = self.con.execute(text, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """The rows of `sql/<name>.sql` with its named parameters."""
        return self.rows(sql(name), **params)

    def columns(self, table: str) -> set[str]:
        found = self.rows(
            "select column_name from information_schema.columns where table_catalog = 'wh' and table_name "
            "= $t",
            t=table,
        )
        return {r["column_name"] for r in found}

    def setting(self, key: str) -> str:
        """The value of a build setting as the marts used it (every build stores them all)."""
        found = self.run("setting_value", key=key)
        if not found or found[0]["value"] is None:
            raise WarehouseError(
                f"thiếu thiết lập {key} trong kho dữ liệu (setting {key} missing from the warehouse)."
            )
        return str(found[0]["value"])

    def prepare_periods(self, windows: dict[str, tuple[dt.date, dt.date]]) -> None:
        """Temporary `period_tasks` (each window's tasks judged at its cut-off) and `period_task_counts`."""
        self.con.execute("drop table if exists temp.period_tasks")
        self.con.execute("drop table if exists temp.period_task_counts")
        first = True
        for which, (start, cutoff) in windows.items():
            verb = "create temp table period_tasks as " if first else "insert into temp.period_tasks "
            self.con.execute(verb + sql("period_tasks"), {"which": which, "start": start, "cutoff": cutoff})
            first = False
        self.con.execute("create temp table period_task_counts as " + sql("period_task_counts"))
