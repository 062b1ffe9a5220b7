"""Does a decision's subject exist in the warehouse, and what does the check need to know about it?

The question is the dashboard's named query dashboard/queries/decision_subject.sql (tables under the
catalog `wh`), asked by `congvu decide` on its own read-only connection and by the dashboard through its
query layer: both decide on the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

SUBJECT_SQL = Path(__file__).resolve().parents[2] / "dashboard" / "queries" / "decision_subject.sql"


@dataclass(frozen=True)
class Subject:
    subject_kind: str
    subject_id: str
    description: str
    status: str | None = None
    proposed_title: str | None = None
    vote_share_required: float | None = None


def from_row(row: dict) -> Subject:
    def text(value: object) -> str | None:
        return None if value is None or value != value else str(value)

    share = row.get("vote_share_required")
    return Subject(
        subject_kind=str(row["subject_kind"]),
        subject_id=str(row["subject_id"]),
        description=text(row.get("description")) or "",
        status=text(row.get("status")),
        proposed_title=text(row.get("proposed_title")),
        vote_share_required=None if share is None or share != share else float(share),
    )


def lookup(db: Path, subject_kind: str, subject_id: str) -> Subject | None:
    """The subject in warehouse `db` (opened read-only), or None when it is not there."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("attach $path as wh (read_only)", {"path": str(db)})
        cursor = con.execute(
            SUBJECT_SQL.read_text(encoding="utf-8"), {"kind": subject_kind, "id": subject_id}
        )
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    return from_row(dict(zip(names, rows[0], strict=True))) if rows else None
