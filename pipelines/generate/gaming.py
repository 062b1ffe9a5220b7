"""Agencies that make their records look better than the work was, planted so that gaming_signals has
something true to find (issue 18):

- retroactive extenders: for most of their late tasks without an extension, an `extend` event dated
  after the deadline had passed — one that ended the task on time, or keeps an overdue task "in time";
- quarter-end closers: in two quarters (the second and third complete quarters of the window), most
  tasks that would have been finished in the next two quarters (and were assigned by then) are reported
  done in the last three weekdays of the quarter, and most of the quarter's own work finished in its last
  45 days is held back and reported with them (some of it then late). Only two quarters: the signal is
  judged against the agency's own history, which a closer that always did it would not stand out from.

Each has its own random stream (GAMING), so nothing else the generator draws changes; the chosen
agencies and quarters are listed in the manifest (`planted`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .common import NO_DATE, between, date_of, day, rng_for, weekday
from .events import EXTEND, Events
from .tasks import Tasks
from .world import World

GAMING = 18  # stream key of these plants (the issue that asked for them); far from the generator's own
RETROACTIVE_AGENCIES = 2
CLOSER_AGENCIES = 2
RETROACTIVE_SHARE = 0.7  # of the late tasks without an extension
CLOSE_SHARE = (
    1.0  # of the tasks that would have been finished in the next quarter (assigned before the day moved to)
)
CLOSE_HORIZON_DAYS = 183
HOLD_DAYS = 45
HOLD_SHARE = 0.8


@dataclass(frozen=True)
class GamingPlan:
    retroactive: list[int]  # agency indices
    closers: list[int]
    quarters: list[tuple[int, int]]  # (first day, last day) of each planted quarter, as day numbers

    def quarter_codes(self) -> list[str]:
        return [f"{date_of(s).year}-Q{(date_of(s).month - 1) // 3 + 1}" for s, _ in self.quarters]


def _quarter_start_after(first: dt.date) -> dt.date:
    start = dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    if start < first:
        start = dt.date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)
    return start


def _next_quarter(start: dt.date) -> dt.date:
    return dt.date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)


def choose_gaming_plan(world: World, seed: int) -> GamingPlan:
    """Two retroactive extenders and two quarter-end closers among the departments and districts that are
    not planted for anything else."""
    rng = rng_for(seed, GAMING)
    kinds = world.agencies.kinds
    taken = set(world.planted.shifting_agencies) | set(world.planted.cap_exceeding_agencies)
    candidates = np.array(
        [
            a
            for a in range(len(kinds))
            if kinds[a] in ("department", "district") and a not in taken and world.tasks[a] > 0
        ],
        dtype=np.int64,
    )
    # quarter-end closers among the busiest (a bulk at quarter end needs enough tasks per quarter to be
    # told from chance), retroactive extenders among the busier half of the others
    by_size = candidates[np.argsort(-world.tasks[candidates], kind="stable")]
    closers = rng.choice(
        by_size[: 3 * CLOSER_AGENCIES], size=min(len(by_size), CLOSER_AGENCIES), replace=False
    )
    rest = by_size[~np.isin(by_size, closers)]
    rest = rest[: max(RETROACTIVE_AGENCIES, len(rest) // 2)]
    retroactive = rng.choice(rest, size=min(len(rest), RETROACTIVE_AGENCIES), replace=False)
    quarters = []
    start = _next_quarter(_quarter_start_after(date_of(world.start)))
    for _ in range(2):
        end = _next_quarter(start) - dt.timedelta(days=1)
        if day(end) < world.end:
            quarters.append((day(start), day(end)))
        start = _next_quarter(start)
    return GamingPlan(
        retroactive=sorted(int(a) for a in retroactive),
        closers=sorted(int(a) for a in closers),
        quarters=quarters,
    )


def plant_gaming(world: World, plan: GamingPlan, a: int, t: Tasks, ev: Events, seed: int, chunk: int) -> None:
    """Plants agency a's gaming in one chunk of its ordinary tasks (t and ev are changed in place)."""
    if a not in plan.retroactive and a not in plan.closers:
        return
    rng = rng_for(seed, GAMING, chunk + 1)
    arrays = ev.arrays()
    n = len(t.assigned)
    if a in plan.retroactive:
        extended = np.zeros(n, bool)
        extended[arrays["task"][arrays["kind"] == EXTEND]] = True
        has_due = t.due != NO_DATE
        done_late = has_due & (t.completed != NO_DATE) & (t.completed > t.due)
        open_late = has_due & (t.completed == NO_DATE) & (t.due < world.end)
        pick = (done_late | open_late) & ~extended & (rng.random(n) < RETROACTIVE_SHARE)
        last = np.where(t.completed != NO_DATE, t.completed, world.end)
        x = between(rng, t.due + 1, np.maximum(t.due + 1, last))
        new_due = np.where(
            t.completed != NO_DATE, t.completed + rng.integers(0, 6, n), world.end + rng.integers(5, 31, n)
        )
        ev.add(pick & (x <= world.end), 8, x, EXTEND, official=t.lead, new_due=new_due)
    if a in plan.closers:
        last_event = np.full(n, NO_DATE, np.int64)
        np.maximum.at(last_event, arrays["task"], arrays["day"])
        for _first, last_day in plan.quarters:
            span = np.arange(last_day - 9, last_day + 1)
            weekdays = span[weekday(span) < 5][-3:]  # the quarter's last three weekdays
            target = weekdays[np.floor(rng.random(n) * len(weekdays)).astype(np.int64)]
            later = (t.completed > last_day) & (t.completed <= last_day + CLOSE_HORIZON_DAYS)
            movable = later & (t.assigned < target) & (last_event < target)
            # and the quarter's own work finished in its last weeks, held back and reported with the bulk
            held = (t.completed >= last_day - HOLD_DAYS) & (t.completed < target) & (last_event < target)
            move = (movable & (rng.random(n) < CLOSE_SHARE)) | (held & (rng.random(n) < HOLD_SHARE))
            t.completed[move] = target[move]
