"""The pandas reference: task_status (status, days_overdue, the deadline in force after extensions) and
the ping-pong tasks, written plainly in pandas from the same CSV files, with the same validation rules
for the columns it reads (so that its counts can be compared with the warehouse's, row for row).

Not part of the product: `make bench` times it to show what the warehouse costs against a plain script.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.vocab import DOMAINS

HANDOVER_KINDS = ("transfer", "escalate", "return")


def _codes(domain: str) -> set[str]:
    return {t.code for t in DOMAINS[domain]} | {t.vi for t in DOMAINS[domain]}


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype="string", usecols=columns, engine="pyarrow")
    for c in columns:
        frame[c] = frame[c].str.strip().replace("", pd.NA)
    frame["_row"] = np.arange(len(frame)) + 2
    return frame


def _dates(text: pd.Series) -> pd.Series:
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    vn = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    return iso.fillna(vn)


def _first_of_each_key(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    return frame.sort_values("_row").drop_duplicates(key, keep="first")


def task_status(input_dir: Path, as_of: dt.date) -> dict:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    agencies = _read(input_dir / "agencies.csv", ["agency_id", "kind"])
    officials = _read(input_dir / "officials.csv", ["official_id", "agency_id"])
    tasks = _read(
        input_dir / "tasks.csv",
        [
            "task_id",
            "title",
            "source",
            "owner_agency_id",
            "lead_official_id",
            "decided_by",
            "assigned_on",
            "due_on",
            "completed_on",
        ],
    )
    events = _read(
        input_dir / "task_events.csv",
        [
            "event_id",
            "task_id",
            "occurred_on",
            "kind",
            "from_agency_id",
            "to_agency_id",
            "official_id",
            "new_due_on",
        ],
    )
    timings["read CSV"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    agency_ids = set(agencies["agency_id"].dropna())
    officials = officials[officials["official_id"].notna() & officials["agency_id"].isin(agency_ids)]
    official_ids = set(_first_of_each_key(officials, "official_id")["official_id"])
    day = pd.Timestamp(as_of)

    assigned, due, completed = (
        _dates(tasks["assigned_on"]),
        _dates(tasks["due_on"]),
        _dates(tasks["completed_on"]),
    )
    ok = (
        tasks[["task_id", "title", "source", "owner_agency_id", "assigned_on"]].notna().all(axis=1)
        & tasks["source"].isin(_codes("task_source"))
        & (tasks["decided_by"].isna() | tasks["decided_by"].isin(_codes("decided_by")))
        & tasks["owner_agency_id"].isin(agency_ids)
        & (tasks["lead_official_id"].isna() | tasks["lead_official_id"].isin(official_ids))
        & assigned.notna()
        & (tasks["due_on"].isna() | due.notna())
        & (tasks["completed_on"].isna() | completed.notna())
        & ~(due < assigned)
        & ~(completed < assigned)
        & ~(completed > day)
    )
    tasks = tasks.assign(assigned=assigned, due=due, completed=completed)[ok]
    tasks = _first_of_each_key(tasks, "task_id")

    occurred, new_due = _dates(events["occurred_on"]), _dates(events["new_due_on"])
    handover = events["kind"].isin(HANDOVER_KINDS)
    ok = (
        events[["event_id", "task_id", "occurred_on", "kind"]].notna().all(axis=1)
        & events["kind"].isin(_codes("event_kind"))
        & events["task_id"].isin(set(tasks["task_id"]))
        & occurred.notna()
        & (events["new_due_on"].isna() | new_due.notna())
        & (events["from_agency_id"].isna() | events["from_agency_id"].isin(agency_ids))
        & (events["to_agency_id"].isna() | events["to_agency_id"].isin(agency_ids))
        & (events["official_id"].isna() | events["official_id"].isin(official_ids))
        & ~(handover & (events["from_agency_id"].isna() | events["to_agency_id"].isna()))
        & ~((events["kind"] == "extend") & events["new_due_on"].isna())
    )
    events = events.assign(occurred=occurred, new_due=new_due)[ok]
    events = _first_of_each_key(events, "event_id")
    timings["validate"] = time.perf_counter() - t0

    # task_status: the deadline in force is the new_due_on of the latest extension
    t0 = time.perf_counter()
    ext = events[events["kind"] == "extend"].sort_values(["task_id", "occurred", "event_id"])
    last_due = ext.groupby("task_id", sort=False)["new_due"].last()
    tasks["effective_due"] = tasks["task_id"].map(last_due).fillna(tasks["due"])
    # a reopen dated after completed_on (and not after as_of) voids that completion (task_events)
    reopens = events[(events["kind"] == "reopen") & (events["occurred"].dt.normalize() <= day)]
    last_reopen = reopens.groupby("task_id")["occurred"].max().dt.normalize()
    voided = tasks["completed"] < tasks["task_id"].map(last_reopen)
    tasks["completed"] = tasks["completed"].mask(voided)
    eff, done = tasks["effective_due"], tasks["completed"]
    tasks["status"] = np.select(
        [eff.isna(), done.notna() & (done <= eff), done.notna(), day <= eff],
        ["no_deadline", "done_on_time", "done_late", "open_on_time"],
        "open_overdue",
    )
    late_until = done.fillna(day)
    tasks["days_overdue"] = ((late_until - eff).dt.days.clip(lower=0)).fillna(0).astype("int64")
    timings["task_status"] = time.perf_counter() - t0

    # ping-pong: holder sequence = owner, then each hand-over's to_agency_id in order, repeats collapsed;
    # a task ping-pongs when some holder comes back two steps later (X → Y → X)
    t0 = time.perf_counter()
    moves = events[events["kind"].isin(HANDOVER_KINDS)]
    arrivals = pd.concat(
        [
            pd.DataFrame(
                {
                    "task_id": tasks["task_id"],
                    "agency": tasks["owner_agency_id"],
                    "is_event": 0,
                    "at": tasks["assigned"],
                    "event_id": "",
                }
            ),
            pd.DataFrame(
                {
                    "task_id": moves["task_id"],
                    "agency": moves["to_agency_id"],
                    "is_event": 1,
                    "at": moves["occurred"],
                    "event_id": moves["event_id"],
                }
            ),
        ],
        ignore_index=True,
    ).sort_values(["task_id", "is_event", "at", "event_id"], ignore_index=True)
    same_task = arrivals["task_id"].eq(arrivals["task_id"].shift())
    repeat = same_task & arrivals["agency"].eq(arrivals["agency"].shift())
    holders = arrivals.loc[~repeat, ["task_id", "agency"]].reset_index(drop=True)
    back = holders["task_id"].eq(holders["task_id"].shift(2)) & holders["agency"].eq(
        holders["agency"].shift(2)
    )
    ping_pong_tasks = int(holders.loc[back, "task_id"].nunique())
    timings["ping-pong"] = time.perf_counter() - t0

    counts = tasks["status"].value_counts()
    return {
        "timings": timings,
        "seconds": sum(timings.values()),
        "tasks": len(tasks),
        "events": len(events),
        "status_counts": {str(k): int(v) for k, v in counts.items()},
        "days_overdue_sum": int(tasks["days_overdue"].sum()),
        "ping_pong_tasks": ping_pong_tasks,
    }
