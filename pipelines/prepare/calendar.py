"""The Vietnamese working-day calendar: `calendar_days`, and macros that count working days.

A day is a working day unless it is a Saturday or Sunday (public agencies, QĐ 188/1999/QĐ-TTg) or a
public holiday (Labour Code 2019 Art. 112: 1/1, Lunar New Year, Hùng Kings, 30/4, 1/5, 2/9 and an
adjacent day). The holidays, their compensatory days (a holiday falling on a weekend is made up on
the next working day) and the days swapped by each year's notice come from the `holidays` package's
Vietnam calendar — its lunar dates, its observed days and its `weekend_workdays` (Saturdays worked in
exchange). Then come, in order, the committed overrides file pipelines/data/calendar_overrides.csv
(each year's announced swaps, and the package's days that no Government notice supports, each row with
its source: the notice that fixed it) and a user's own file named by the setting `calendar.overrides_file`
(a path relative to the --config file that sets it); a later file wins. An override row's source is kept
in calendar_days.source beside the file's name, so a reviewer sees why a day is or is not worked.

`working_day_index` counts working days from the start of the calendar up to and including the day,
so the working days of a period are a difference of two indexes. A period in days starts the day
after the event (Civil Code Art. 147): `working_days_between(a, b)` counts the working days d with
a < d <= b. `next_working_day(d)` is d itself or the first working day after it (Art. 148(5): a
period whose last day is a day off runs to the end of the next working day); the calendar stores it per
day (column next_working_day), so the macro is an equality lookup that joins like any other.
"""

from __future__ import annotations

import csv
import datetime as dt
from itertools import accumulate
from pathlib import Path
from typing import Any

import duckdb
import holidays
import pyarrow as pa

from pipelines.settings import ConfigError

OVERRIDES = Path(__file__).resolve().parents[1] / "data" / "calendar_overrides.csv"
# Dates read from the inputs that span the calendar; other dates (e.g. officials' active_to, which
# may be far in the future) do not need working days.
DATED_COLUMNS = {
    "tasks": ("assigned_on", "due_on", "completed_on"),
    "task_events": ("occurred_on", "new_due_on"),
    "consultations": ("sent_on", "deadline_on", "responded_on"),
}
EARLIEST, LATEST = dt.date(1995, 1, 1), dt.date(2100, 12, 31)
TRUE_WORDS = {"true", "1", "yes", "có", "x", "làm việc"}
FALSE_WORDS = {"false", "0", "no", "không", "nghỉ"}


class CalendarError(ConfigError):
    """Reported by `congvu build` as unusable configuration (exit 2), the old warehouse kept."""


def data_range(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, pad_days: int, evaluation_year: int | None = None
) -> tuple[dt.date, dt.date]:
    lows, highs = [as_of], [as_of]
    if evaluation_year is not None:  # the year judged for titles and the first working day after it
        lows.append(dt.date(evaluation_year, 1, 1))
        highs.append(dt.date(evaluation_year + 1, 1, 31))
    for source, columns in DATED_COLUMNS.items():
        for column in columns:
            bounds = con.execute(
                f"select min({column})::date, max({column})::date from valid_{source}"
            ).fetchone()
            assert bounds is not None  # an aggregate without group by always returns one row
            low, high = bounds
            lows += [low] if low else []
            highs += [high] if high else []
    pad = dt.timedelta(days=pad_days)
    # clamp before padding: a date near 1/1/0001 or 31/12/9999 must not overflow the arithmetic
    low, high = max(min(lows), EARLIEST + pad), min(max(highs), LATEST - pad)
    return max(low - pad, EARLIEST), min(high + pad, LATEST)


def read_overrides(path: Path) -> list[tuple[dt.date, bool, str, str]]:
    """Rows of an overrides file: date (ISO or dd/mm/yyyy), is_working_day, note, source (optional column:
    the notice that fixed the day)."""
    rows = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            for number, row in enumerate(csv.DictReader(f), start=2):
                text = (row.get("date") or "").strip()
                flag = (row.get("is_working_day") or "").strip().lower()
                try:
                    day = (
                        dt.datetime.strptime(text, "%d/%m/%Y").date()
                        if "/" in text
                        else dt.date.fromisoformat(text)
                    )
                except ValueError as exc:
                    raise CalendarError(
                        f"{path}, dòng {number}: ngày không đọc được (bad date) {text!r}"
                    ) from exc
                if flag not in TRUE_WORDS | FALSE_WORDS:
                    raise CalendarError(f"{path}, dòng {number}: is_working_day phải là true/false: {flag!r}")
                rows.append(
                    (
                        day,
                        flag in TRUE_WORDS,
                        (row.get("note") or "").strip(),
                        (row.get("source") or "").strip(),
                    )
                )
    except OSError as exc:
        raise CalendarError(
            f"{path}: không đọc được tệp ngày nghỉ (unreadable calendar overrides): {exc}"
        ) from exc
    return rows


def user_overrides_path(settings: dict[str, tuple[Any, str]]) -> Path | None:
    value, origin = settings.get("calendar.overrides_file", ("", "default"))
    if not value:
        return None
    path = Path(str(value))
    if not path.is_absolute() and origin != "default":
        path = Path(origin).resolve().parent / path
    return path


def calendar_rows(
    first: dt.date, last: dt.date, override_files: list[Path]
) -> list[tuple[dt.date, bool, str | None, str]]:
    """(day, is_working_day, holiday_name, source) for every day from first to last."""
    vietnam = holidays.Vietnam(years=range(first.year, last.year + 1), language="vi")
    swapped_workdays = set(vietnam.weekend_workdays)
    overrides: dict[dt.date, tuple[bool, str, str]] = {}
    for path in override_files:
        for day, working, note, source in read_overrides(path):
            overrides[day] = (working, note, f"{path.name}: {source}" if source else path.name)
    rows = []
    day = first
    while day <= last:
        name = vietnam.get(day)
        if day in overrides:
            working, note, source = overrides[day]
            rows.append((day, working, None if working else (note or name or "Ngày nghỉ"), source))
        elif name is not None:
            rows.append((day, False, name, f"holidays {holidays.__version__}"))
        elif day in swapped_workdays:
            rows.append((day, True, None, f"holidays {holidays.__version__} (ngày làm bù)"))
        else:
            rows.append((day, day.weekday() < 5, None, "weekday" if day.weekday() < 5 else "weekend"))
        day += dt.timedelta(days=1)
    return rows


def next_working_days(days: tuple[dt.date, ...], working: tuple[bool, ...]) -> list[dt.date | None]:
    """For each day: itself when a working day, else the first working day after it (None past the last)."""
    out: list[dt.date | None] = [None] * len(days)
    following: dt.date | None = None
    for i in range(len(days) - 1, -1, -1):
        if working[i]:
            following = days[i]
        out[i] = following
    return out


def prepare(con: duckdb.DuckDBPyConnection, ctx: Any) -> None:
    pad = int(ctx.settings.get("calendar.pad_days", (400, "default"))[0])
    first, last = data_range(con, ctx.as_of, pad, ctx.evaluation_year)
    files = [OVERRIDES]
    user_file = user_overrides_path(ctx.settings)
    if user_file is not None:
        files.append(user_file)
    rows = calendar_rows(first, last, files)
    con.execute(
        "create or replace table calendar_days (day date primary key, is_working_day boolean, "
        "holiday_name varchar, working_day_index integer, source varchar, next_working_day date)"
    )
    days, working, names, sources = zip(*rows, strict=True) if rows else ((), (), (), ())
    # One statement for the whole calendar (executemany, one insert per day, took seconds).
    frame = pa.table(
        {
            "day": pa.array(days, pa.date32()),
            "is_working_day": pa.array(working, pa.bool_()),
            "holiday_name": pa.array(names, pa.string()),
            "working_day_index": pa.array(list(accumulate(int(w) for w in working)), pa.int32()),
            "source": pa.array(sources, pa.string()),
            "next_working_day": pa.array(next_working_days(days, working), pa.date32()),
        }
    )
    con.register("_calendar_rows", frame)
    con.execute("insert into calendar_days select * from _calendar_rows")
    con.unregister("_calendar_rows")
    con.execute(
        """
        create or replace macro working_days_between(a, b) as (
            (select working_day_index from calendar_days c where c.day = b)
            - (select working_day_index from calendar_days c where c.day = a)
        );
        create or replace macro next_working_day(d) as (
            select c.next_working_day from calendar_days c where c.day = d
        );
        """
    )
    ctx.progress(f"Lịch ngày làm việc (working-day calendar): {first:%d/%m/%Y} – {last:%d/%m/%Y}")
