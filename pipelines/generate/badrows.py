"""The planted bad rows: about a dozen, spread over the files, each breaking exactly one rule.

Each is an extra row (a fresh id that nothing else refers to), so rejecting it never drags other
rows with it; the duplicate is an exact second copy of the row just before it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .writer import BadRow, Row

UNKNOWN_AGENCY = "SQHKT"  # Sở Quy hoạch - Kiến trúc: exists in Hà Nội, not in these lists


def _minus(iso_date: str | None, days: int) -> str:
    d = dt.date.fromisoformat(iso_date or "2024-01-15")
    return (d - dt.timedelta(days=days)).isoformat()


def plan_bad_rows(
    rng: np.random.Generator, task_chunks: int, agencies: int, prefix: str, first_rating_year: int
) -> dict[str, list[BadRow]]:
    """Where each bad row goes: a chunk (write) of its file and a position in it."""
    unknown_agency = prefix + UNKNOWN_AGENCY

    def spot(writes: int) -> tuple[int, float]:
        return int(rng.integers(0, max(1, writes))), float(rng.random())

    def fresh(column: str, new_id: str, **changes: str | None):
        def make(before: Row, at: Row) -> Row:
            return {**at, column: new_id, **changes}

        return make

    def fresh_with(column: str, new_id: str, change: str, value):
        def make(before: Row, at: Row) -> Row:
            return {**at, column: new_id, change: value(at)}

        return make

    rows = [
        BadRow(
            "tasks",
            "title",
            "missing_required",
            *spot(task_chunks),
            fresh("task_id", "NV900000001", title=None),
        ),
        BadRow(
            "tasks",
            "source",
            "unknown_enum",
            *spot(task_chunks),
            fresh("task_id", "NV900000002", source="Bộ Nội vụ"),
        ),
        BadRow(
            "tasks",
            "assigned_on",
            "bad_date",
            *spot(task_chunks),
            fresh_with(
                "task_id", "NV900000003", "assigned_on", lambda r: f"{(r['assigned_on'] or '2024')[:4]}-02-30"
            ),
        ),
        BadRow("tasks", "task_id", "duplicate_id", *spot(task_chunks), lambda before, at: dict(before)),
        BadRow(
            "tasks",
            "completed_on",
            "completed_before_assigned",
            *spot(task_chunks),
            fresh_with("task_id", "NV900000004", "completed_on", lambda r: _minus(r["assigned_on"], 7)),
        ),
        BadRow(
            "tasks",
            "due_on",
            "due_before_assigned",
            *spot(task_chunks),
            fresh_with("task_id", "NV900000005", "due_on", lambda r: _minus(r["assigned_on"], 5)),
        ),
        BadRow(
            "officials",
            "agency_id",
            "unknown_reference",
            *spot(agencies),
            fresh("official_id", "CB9000001", agency_id=unknown_agency),
        ),
        BadRow(
            "task_events",
            "task_id",
            "unknown_reference",
            *spot(task_chunks),
            fresh("event_id", "SK9000000001", task_id="NV900000099"),
        ),
        BadRow(
            "consultations",
            "consulted_agency_id",
            "unknown_reference",
            *spot(task_chunks),
            fresh("consultation_id", "YK900000001", consulted_agency_id=unknown_agency),
        ),
        BadRow(
            "disciplinary_actions",
            "form",
            "unknown_enum",
            *spot(agencies),
            fresh("action_id", "KL9000001", form="Đình chỉ công tác"),
        ),
        BadRow(
            "annual_ratings",
            "grade",
            "unknown_enum",
            *spot(agencies),
            lambda before, at: {**at, "year": str(first_rating_year - 1), "grade": "Hoàn thành xuất sắc"},
        ),
        BadRow(
            "inspections",
            "started_on",
            "bad_date",
            *spot(1),
            fresh_with(
                "inspection_id",
                "TTR900001",
                "started_on",
                lambda r: f"31/04/{(r['started_on'] or '2024')[:4]}",
            ),
        ),
    ]
    out: dict[str, list[BadRow]] = {}
    for b in rows:
        out.setdefault(b.file, []).append(b)
    return out
