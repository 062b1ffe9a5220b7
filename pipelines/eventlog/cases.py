"""From events to cases: which column plays which role, timestamps, and one task per case.

Rules (documented for the user in `congvu import-eventlog --help` and docs/real-logs.md):
- events of a case are ordered by their instant (offsets honoured), ties kept in file order;
- dates and times are written as the log's own wall-clock time (the offset is dropped), so a date
  is the day the log shows; day-first for ambiguous dd/mm/yyyy;
- a group or resource written as a "no value" marker (EMPTY, NULL, N/A, unknown, -, …) is missing;
- an event without a group carries the group of the event before it; events before the first
  group of a case take that first group; a case without any group is held by one
  agency NO_GROUP (and counted);
- each change of group between consecutive events is a `transfer` (from the previous group, to the
  new one, by the resource of the event that arrived, at that event's time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipelines import formats
from pipelines.eventlog.logfile import EventLogError, LogReader

_FALLBACK_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
)

# Values that logs use for "no value" (the CoSeLoG logs write EMPTY for an unknown group): a group or a
# resource spelt so is treated as missing, and the summary counts them.
MISSING_MARKERS = frozenset({"empty", "null", "none", "n/a", "nan", "unknown", "-", "?"})

# Role → the column names tried by default (XES standard attributes, flattened as pm4py writes CSV).
DEFAULTS = {
    "case": ("case:concept:name",),
    "time": ("time:timestamp",),
    "agency": ("org:group",),
    "official": ("org:resource",),
    "activity": ("concept:name",),
    "product": ("product", "case:product"),
}
REQUIRED = ("case", "time", "agency")
OPTION_OF = {
    "case": "--case",
    "time": "--time",
    "agency": "--agency",
    "official": "--official",
    "activity": "--activity",
    "owner": "--owner",
    "deadline": "--deadline",
}


def parse_time(text: str | None) -> tuple[dt.datetime, dt.datetime] | None:
    """(instant for ordering, wall-clock time as written) or None when the text is not a time."""
    if not text:
        return None
    value: dt.datetime | None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
        for fmt in _FALLBACK_FORMATS:
            try:
                value = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if value is None:
        return None
    wall = value.replace(tzinfo=None)
    instant = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else wall
    return instant, wall


def resolve_columns(reader: LogReader, options: dict[str, str | None]) -> dict[str, str | None]:
    """Role → column of the log; raises EventLogError listing the columns found when one is missing."""
    columns = reader.columns
    folded = {c.casefold(): c for c in reversed(columns)}

    def find(name: str, case_first: bool) -> str | None:
        spellings = (f"case:{name}", name) if case_first else (name, f"case:{name}")
        for spelling in spellings:
            if spelling in columns:
                return spelling
        for spelling in spellings:
            if spelling.casefold() in folded:
                return folded[spelling.casefold()]
        return None

    def exact(name: str) -> str | None:
        return name if name in columns else folded.get(name.casefold())

    resolved: dict[str, str | None] = {}
    problems: list[str] = []
    for role in ("case", "time", "agency", "official", "activity", "owner", "deadline", "product"):
        given = options.get(role)
        if role == "owner" and (given is None or given == "first"):
            resolved[role] = None
            continue
        if given:
            found = find(given, case_first=role in ("case", "owner", "deadline"))
            if found is None:
                problems.append(f"{OPTION_OF[role]} {given!r} không có trong tệp (no such column)")
            resolved[role] = found
            continue
        resolved[role] = next((exact(c) for c in DEFAULTS.get(role, ()) if exact(c)), None)
        if resolved[role] is None and role in REQUIRED:
            problems.append(
                f"thiếu cột {role} (missing the {role} column): không có {' / '.join(DEFAULTS[role])}, "
                f"hãy chỉ rõ bằng {OPTION_OF[role]} COT"
            )
    if problems:
        shown = ", ".join(repr(c) for c in columns[:80]) + (" …" if len(columns) > 80 else "")
        found = f"Các cột có trong tệp (columns found): {shown}."
        raise EventLogError(f"{reader.path.name}: " + "; ".join(problems) + ". " + found)
    return resolved


@dataclass(slots=True)
class Event:
    instant: dt.datetime
    wall: dt.datetime
    seq: int
    group: str | None
    resource: str | None
    activity: str | None
    owner: str | None
    deadline: str | None
    product: str | None


@dataclass
class Counts:
    events_read: int = 0
    events_without_case: int = 0
    events_bad_time: int = 0
    missing_markers: int = 0
    bad_time_examples: list[str] = field(default_factory=list)


def read_cases(
    reader: LogReader, columns: dict[str, str | None], progress, every: int
) -> tuple[dict[str, list[Event]], Counts]:
    """case id → its events (file order), reading the log once."""
    roles = ("case", "time", "agency", "official", "activity", "owner", "deadline", "product")
    cases: dict[str, list[Event]] = {}
    counts = Counts()
    for seq, (case, time, group, resource, activity, owner, deadline, product) in enumerate(
        reader.rows([columns[r] for r in roles])
    ):
        counts.events_read += 1
        if every and counts.events_read % every == 0:
            read, seen = (formats.number(n) for n in (counts.events_read, len(cases)))
            progress(f"  … {read} sự kiện đã đọc (events read), {seen} vụ việc (cases)")
        if case is None:
            counts.events_without_case += 1
            continue
        if group is not None and group.casefold() in MISSING_MARKERS:
            group, counts.missing_markers = None, counts.missing_markers + 1
        if resource is not None and resource.casefold() in MISSING_MARKERS:
            resource, counts.missing_markers = None, counts.missing_markers + 1
        parsed = parse_time(time)
        if parsed is None:
            counts.events_bad_time += 1
            if len(counts.bad_time_examples) < 3:
                counts.bad_time_examples.append(repr(time))
            continue
        cases.setdefault(case, []).append(
            Event(parsed[0], parsed[1], seq, group, resource, activity, owner, deadline, product)
        )
    return cases, counts


def fill_groups(events: list[Event]) -> list[str] | None:
    """Each event's group, with gaps filled from the event before (leading gaps: the first group)."""
    first = next((e.group for e in events if e.group), None)
    if first is None:
        return None
    groups, current = [], first
    for e in events:
        current = e.group or current
        groups.append(current)
    return groups
