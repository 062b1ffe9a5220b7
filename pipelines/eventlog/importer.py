"""An event log → an input folder in the input format of pipelines/sources.py: agencies, officials, tasks
and task_events CSVs.

case → task (task_id = case id), organisational group → agency (kind `department`), resource →
official (in the group where they appear most; position `staff`, category `civil_servant`), each
change of group inside a case → a `transfer` task_event. No `city` agency is made: an event log has
no escalations to a People's Committee, and nothing in the warehouse needs one.

The folder is written so that `congvu build --as-of <recommended>` rejects no row: ids are unique,
completed_on is never before assigned_on nor after the last event, a deadline before the task's
assignment (or unreadable) is dropped and counted in the summary.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

from pipelines.eventlog.cases import Event, fill_groups, parse_time, read_cases, resolve_columns
from pipelines.eventlog.logfile import EventLogError, open_log

PROGRESS_EVERY = 20_000
# A case none of whose events names a group is kept, held by this one agency (and counted).
NO_GROUP_ID = "NO_GROUP"
NO_GROUP_NAME = "(Không rõ nhóm — no group in the log)"
OFFICIAL_COLUMNS = ["official_id", "full_name", "agency_id", "position", "category"]


def _quiet(_: str) -> None:
    return None


def _stamp(value: dt.datetime) -> str:
    return value.isoformat(sep=" ", timespec="microseconds" if value.microsecond else "seconds")


def import_eventlog(
    path: Path | str,
    out_dir: Path | str,
    *,
    case: str | None = None,
    agency: str | None = None,
    official: str | None = None,
    time: str | None = None,
    activity: str | None = None,
    owner: str = "first",
    deadline: str | None = None,
    completed_activity: str | None = None,
    progress: Callable[[str], None] | None = None,
    progress_every: int = PROGRESS_EVERY,
) -> dict:
    """Writes the input folder and returns the summary (also saved as import_summary.json)."""
    say = progress or _quiet
    clock = perf_counter()
    path, out_dir = Path(path), Path(out_dir)

    reader = open_log(path)
    columns = resolve_columns(
        reader,
        {
            "case": case,
            "time": time,
            "agency": agency,
            "official": official,
            "activity": activity,
            "owner": owner,
            "deadline": deadline,
        },
    )
    say(
        f"Đọc nhật ký sự kiện (reading the event log) {path.name}: {reader.kind.upper()}"
        + (f", {reader.encoding}" if reader.kind == "csv" else "")
        + (f", dấu phân cách {reader.delimiter!r}" if reader.delimiter else "")
        + "; cột: "
        + ", ".join(f"{role}={col}" for role, col in columns.items() if col)
    )
    cases, counts = read_cases(reader, columns, say, progress_every)

    tasks, transfers = [], []
    official_groups: dict[str, Counter[str]] = {}
    no_group, deadlines_dropped, deadlines_kept, completed_clamped = 0, 0, 0, 0
    owner_from_group = 0
    agencies: set[str] = set()
    events_used = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    event_number = 0
    for case_id, events in cases.items():
        events.sort(key=lambda e: (e.instant, e.seq))
        groups = fill_groups(events)
        if groups is None:
            groups, no_group = [NO_GROUP_ID] * len(events), no_group + 1
        events_used += len(events)
        agencies.update(groups)
        for e, g in zip(events, groups, strict=True):
            if e.resource:
                official_groups.setdefault(e.resource, Counter())[g] += 1
        owner_id = groups[0]
        if columns["owner"]:
            owner_id = next((e.owner for e in events if e.owner), None) or groups[0]
            owner_from_group += owner_id == groups[0]
            agencies.add(owner_id)
        assigned = events[0].wall.date()
        first_day = min(first_day or assigned, assigned)
        last_day = max(last_day or assigned, max(e.wall.date() for e in events))
        if completed_activity is not None:
            done = next((e for e in events if e.activity == completed_activity), None)
            completed = done.wall.date() if done else None
        else:
            completed = events[-1].wall.date()
        if completed is not None and completed < assigned:  # only where offsets differ inside a case
            completed, completed_clamped = assigned, completed_clamped + 1
        due = None
        if columns["deadline"]:
            raw = next((e.deadline for e in events if e.deadline), None)
            parsed = parse_time(raw)
            if parsed is not None and parsed[1].date() >= assigned:
                due, deadlines_kept = parsed[1].date(), deadlines_kept + 1
            elif raw is not None:
                deadlines_dropped += 1
        tasks.append(
            {
                "task_id": case_id,
                "title": _title(case_id, events),
                "source": "internal",
                "source_ref": path.name,
                "owner_agency_id": owner_id,
                "lead_official_id": next((e.resource for e in events if e.resource), None),
                "decided_by": "agency",
                "assigned_on": assigned.isoformat(),
                "due_on": due.isoformat() if due else None,
                "completed_on": completed.isoformat() if completed else None,
                "is_key": "false",
            }
        )
        for before, after, e in zip(groups, groups[1:], events[1:], strict=False):
            if after != before:
                event_number += 1
                transfers.append(
                    {
                        # zero-padded: the warehouse orders same-time events by event_id, as read here
                        "event_id": f"EV{event_number:09d}",
                        "task_id": case_id,
                        "occurred_on": _stamp(e.wall),
                        "kind": "transfer",
                        "from_agency_id": before,
                        "to_agency_id": after,
                        "official_id": e.resource,
                    }
                )

    if not tasks:
        raise EventLogError(
            f"{path.name}: không có vụ việc nào dùng được (no usable case): "
            f"{counts.events_read} sự kiện đọc (events read), {counts.events_without_case} thiếu mã vụ việc "
            f"(without case id), {counts.events_bad_time} thời điểm không đọc được (unreadable time) "
            f"{' '.join(counts.bad_time_examples)}."
        )

    officials = [
        {
            "official_id": resource,
            "full_name": resource,
            # the group where they appear most; ties → the group first in alphabetical order
            "agency_id": min(seen.items(), key=lambda kv: (-kv[1], kv[0]))[0],
            "position": "staff",
            "category": "civil_servant",
        }
        for resource, seen in sorted(official_groups.items())
    ]
    agency_rows = [
        {"agency_id": a, "name": NO_GROUP_NAME if a == NO_GROUP_ID and no_group else a, "kind": "department"}
        for a in sorted(agencies)
    ]

    out_dir.mkdir(parents=True, exist_ok=True)
    _write(out_dir / "agencies.csv", ["agency_id", "name", "kind", "parent_id"], agency_rows)
    _write(out_dir / "officials.csv", list(officials[0]) if officials else OFFICIAL_COLUMNS, officials)
    _write(out_dir / "tasks.csv", list(tasks[0]), tasks)
    _write(
        out_dir / "task_events.csv",
        ["event_id", "task_id", "occurred_on", "kind", "from_agency_id", "to_agency_id", "official_id"],
        transfers,
    )
    assert first_day is not None and last_day is not None
    summary = {
        "file": str(path),
        "format": reader.kind + (".gz" if reader.compressed else ""),
        "encoding": reader.encoding,
        "delimiter": reader.delimiter,
        "columns": {role: col for role, col in columns.items() if col},
        "owner": owner,
        "completed_activity": completed_activity,
        "events_read": counts.events_read,
        "events": events_used,
        "events_without_case": counts.events_without_case,
        "events_bad_time": counts.events_bad_time,
        "missing_markers": counts.missing_markers,
        "cases": len(tasks),
        "cases_without_group": no_group,
        "tasks_completed": sum(t["completed_on"] is not None for t in tasks),
        "agencies": len(agency_rows),
        "officials": len(officials),
        "transfers": len(transfers),
        "deadlines_kept": deadlines_kept,
        "deadlines_dropped": deadlines_dropped,
        "completed_on_clamped": completed_clamped,
        "owner_equal_to_first_group": owner_from_group if columns["owner"] else None,
        "first_day": first_day.isoformat(),
        "last_day": last_day.isoformat(),
        "recommended_as_of": (last_day + dt.timedelta(days=1)).isoformat(),
        "out_dir": str(out_dir),
        "seconds": round(perf_counter() - clock, 2),
    }
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    (out_dir / "import_summary.json").write_text(text, encoding="utf-8")
    return summary


def _title(case_id: str, events: list[Event]) -> str:
    detail = next((e.product for e in events if e.product), None) or next(
        (e.activity for e in events if e.activity), None
    )
    return f"{case_id} — {detail}" if detail else case_id


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
