"""Small hand-made input folders for golden tests: a few rows in, a real warehouse out.

`write_inputs(folder, {"tasks": "csv text", ...})` writes the files (minimal agencies and officials
are added when a test does not give its own); `build_warehouse(...)` runs the real build into a real
DuckDB file and returns it, opened read-only by `query`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import duckdb

from pipelines.build import build

AGENCIES = """\
agency_id,name,kind,parent_id
UBND,UBND thành phố Hải Phòng,city,
SXD,Sở Xây dựng,department,UBND
STC,Sở Tài chính,department,UBND
SNV,Sở Nội vụ,department,UBND
Q-LC,UBND quận Lê Chân,district,UBND
"""

OFFICIALS = """\
official_id,full_name,agency_id,position,category
O1,Nguyễn Văn An,SXD,head,civil_servant
O2,Trần Thị Bình,SXD,staff,civil_servant
O3,Lê Minh Châu,STC,staff,civil_servant
O4,Phạm Thu Dung,SNV,deputy,civil_servant
O5,Hoàng Văn Em,UBND,staff,cadre
"""

TASK_HEADER = (
    "task_id,title,source,owner_agency_id,lead_official_id,decided_by,assigned_on,due_on,completed_on,is_key"
)


def write_inputs(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Writes each entry as <name>.csv (or the exact file name when it has an extension)."""
    folder.mkdir(parents=True, exist_ok=True)
    defaults = {"agencies": AGENCIES, "officials": OFFICIALS}
    for name, content in {**defaults, **files}.items():
        path = folder / (name if "." in name else f"{name}.csv")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return folder


def build_warehouse(
    tmp_path: Path,
    files: dict[str, str | bytes],
    as_of: str | dt.date = "2023-06-30",
    config: Path | None = None,
) -> Path:
    as_of_date = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    inputs = write_inputs(tmp_path / "input", files)
    db = tmp_path / "warehouse.duckdb"
    # golden tests may reduce the required files they do not judge to their headers
    build(inputs, db, as_of=as_of_date, config=config, allow_empty_required=True)
    return db


def query(db: Path, sql: str, params: dict | None = None) -> list[dict]:
    """Rows as dicts, read from the warehouse file the way a reader would (read-only)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(sql, params or {})
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()
