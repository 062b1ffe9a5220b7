"""One chunk of one agency's tasks: ordinary ones drawn for the whole chunk at once (nothing here loops
per task), and the planted excellent and stalling officials' tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .behaviours import EXCELLENT, ORDINARY
from .common import NO_DATE, between, boolean, choice, day, ids, iso, pick, to_working_day, year_of
from .events import EXTEND, OTHER, REOPEN, Events, routes
from .texts import SOURCES, objects_for, source_refs, titles
from .world import DEPUTY, HEAD, World, task_days

PM = 1  # task sources are indices into SOURCES: government, prime minister, city PC, city chair, internal
SOURCE_WEIGHTS = {
    "department": [0.07, 0.08, 0.40, 0.25, 0.20],
    "district": [0.07, 0.08, 0.40, 0.25, 0.20],
    "commune": [0.05, 0.05, 0.45, 0.25, 0.20],
    "special_zone": [0.05, 0.05, 0.45, 0.25, 0.20],
    "public_unit": [0.02, 0.03, 0.30, 0.20, 0.45],
    "city": [0.45, 0.45, 0.0, 0.0, 0.10],
}
DECIDED = ["agency", "city"]
COMMON_DEADLINES = np.array([5, 7, 10, 15, 15, 20, 30, 30, 30, 45, 60, 90])
NEVER = np.iinfo(np.int64).max // 4


@dataclass
class Tasks:
    """Per-task arrays of one chunk (agency indices and official indices are global; -1 = none)."""

    assigned: np.ndarray
    due: np.ndarray
    completed: np.ndarray
    is_key: np.ndarray
    source: np.ndarray
    decided: np.ndarray  # 0 agency, 1 city, -1 blank (= agency)
    lead: np.ndarray


def _lead_pool(world: World, a: int) -> tuple[np.ndarray, np.ndarray]:
    s, n = int(world.off_start[a]), int(world.off_count[a])
    off = np.arange(s, s + n)
    off = off[world.role[off] == ORDINARY]
    pos = world.position[off]
    weight = np.where(pos == HEAD, 0.3, np.where(pos == DEPUTY, 1.5, 1.0))
    return off, weight


def ordinary_tasks(world: World, a: int, n: int, rng: np.random.Generator) -> tuple[Tasks, Events]:
    kind = str(world.agencies.kinds[a])
    end = world.end
    first, last_day = task_days(world, a)  # within the days the agency exists (reorganisation)
    assigned = np.clip(to_working_day(rng.integers(first, max(first + 1, last_day), n)), first, last_day)
    source = choice(rng, n, SOURCE_WEIGHTS[kind])
    is_key = rng.random(n) < np.where(source <= PM, 0.25, 0.13)
    has_due = rng.random(n) >= 0.08
    length = np.where(rng.random(n) < 0.5, rng.choice(COMMON_DEADLINES, n), rng.integers(5, 91, n))
    due0 = np.where(has_due, assigned + length, NO_DATE)
    decided = choice(rng, n, [0.87, 0.10, 0.03])
    decided = np.where(decided == 2, -1, decided)
    if kind == "city":
        decided[:] = 0

    pool, weight = _lead_pool(world, a)
    lead = pool[choice(rng, n, weight)]
    inactive = (world.active_from[lead] > assigned) | (
        (world.active_to[lead] != NO_DATE) & (world.active_to[lead] < assigned)
    )
    lead[inactive] = world.off_start[a]  # the head stands in for someone not (yet, or any more) in post
    no_lead = rng.random(n) < 0.05
    lead[no_lead] = -1
    actor = np.where(no_lead, world.leader_of(rng, np.full(n, a)), lead)

    ev = Events()
    last = np.full(n, NO_DATE, np.int64)  # the latest event each task has (or would have had)
    if kind != "city":
        last = routes(world, a, rng, ev, assigned, due0, decided, actor)

    # Extensions: asked for a few days before the current deadline, granted by 7–30 days.
    ext1 = has_due & (rng.random(n) < 0.12)
    ext2 = ext1 & (rng.random(n) < 0.25)
    x1 = np.maximum(assigned + 1, due0 - rng.integers(0, 6, n))
    ok1 = ext1 & (x1 <= end)
    due1 = np.where(ok1, due0 + rng.choice([7, 10, 15, 30], n), due0)
    x2 = np.maximum(x1 + 1, due1 - rng.integers(0, 6, n))
    ok2 = ext2 & ok1 & (x2 <= end)
    due_f = np.where(ok2, due1 + rng.choice([7, 10, 15, 30], n), due1)
    ev.add(ok1, 5, x1, EXTEND, official=actor, new_due=due1)
    ev.add(ok2, 6, x2, EXTEND, official=actor, new_due=due_f)
    last = np.maximum(last, np.where(ext1, x1, NO_DATE))
    last = np.maximum(last, np.where(ext2 & ok1, x2, NO_DATE))

    # Completion: on time with the lead's propensity (key tasks are watched more closely).
    prop = np.where(lead >= 0, world.propensity[np.maximum(lead, 0)], 0.88)
    prop = np.where(is_key, 1 - (1 - prop) / 2, prop)
    on_time = rng.random(n) < prop
    span = due_f - assigned
    c_on = assigned + np.ceil(span * rng.uniform(0.35, 1.0, n)).astype(np.int64)
    # Most work done on time is handed in on the deadline itself, not before it: finishing early is
    # what sets an official apart (domain §6 uses it as the provisional stand-in for "exceeding").
    c_on = np.where(rng.random(n) < 0.6, due_f, c_on)
    late_by = rng.geometric(1 / 12, n) + (rng.random(n) < 0.1) * rng.integers(30, 150, n)
    c_free = assigned + 3 + np.round(rng.gamma(2.0, 12.0, n)).astype(np.int64)
    c = np.where(has_due, np.where(on_time, c_on, due_f + late_by), c_free)
    stuck = (~is_key & (rng.random(n) < 0.012)) | (~has_due & (rng.random(n) < 0.1))
    c = np.where(stuck, NEVER, np.maximum(c, last + 1))
    completed = np.where(c <= end, c, NO_DATE)

    reopen = (completed != NO_DATE) & (rng.random(n) < 0.015)
    lo = np.maximum(assigned, last) + 1
    reopen &= completed - 1 >= lo
    r_day = between(rng, lo, np.maximum(lo, completed - 1))
    # A fifth of them are sent back after the completion and not done again: the export keeps that
    # completed_on and the reopen after it voids it (task_events). Chosen by date, drawing
    # nothing more.
    sent_back = reopen & (r_day % 5 == 0) & (2 * completed - r_day <= end)
    r_day = np.where(sent_back, 2 * completed - r_day, r_day)
    ev.add(reopen, 7, r_day, REOPEN, official=actor, reason=np.where(rng.random(n) < 0.5, OTHER, -1))
    tasks = Tasks(assigned, due0, completed, is_key, source, decided, lead)
    return tasks, ev


def planted_tasks(world: World, officials: list[int], rng: np.random.Generator) -> Tasks:
    """Tasks of the planted excellent and stalling officials of one agency (no events)."""
    parts = []
    for o in officials:
        parts.append(_excellent(world, o, rng) if world.role[o] == EXCELLENT else _stalling(world, o, rng))
    return Tasks(*[np.concatenate([getattr(p, f) for p in parts]) for f in Tasks.__dataclass_fields__])


def _excellent(world: World, o: int, rng: np.random.Generator) -> Tasks:
    """Ten tasks due in each year of the window, all on time, most early; two still open and in time."""
    end = world.end
    dues = []
    for yr in world.task_years:
        lo = max(day(dt.date(yr, 1, 1)), world.start + 10)
        hi = min(day(dt.date(yr, 12, 31)), end)
        dues.append(rng.integers(lo, max(lo, hi) + 1, 10))
    due = np.minimum(np.concatenate(dues), end)
    n = len(due)
    assigned = due - rng.integers(10, 61, n)
    span = due - assigned
    early = rng.random(n) < 0.8
    completed = np.where(early, due - 1 - np.floor(rng.random(n) * (span // 2)).astype(np.int64), due)
    open_assigned = end - rng.integers(1, 10, 2)
    return Tasks(
        assigned=np.concatenate([assigned, open_assigned]),
        due=np.concatenate([due, end + rng.integers(10, 40, 2)]),
        completed=np.concatenate([completed, np.full(2, NO_DATE)]),
        is_key=rng.random(n + 2) < 0.4,
        source=choice(rng, n + 2, [0.1, 0.1, 0.4, 0.3, 0.1]),
        decided=np.zeros(n + 2, np.int64),
        lead=np.full(n + 2, o),
    )


def _stalling(world: World, o: int, rng: np.random.Generator) -> Tasks:
    """Mostly late; two key tasks open and overdue by more than a month."""
    end, n = world.end, 14
    assigned = to_working_day(rng.integers(world.start, end - 45, n))
    due = assigned + rng.integers(10, 61, n)
    late = rng.random(n) < 0.8
    span = due - assigned
    c = np.where(late, due + rng.integers(5, 61, n), assigned + np.ceil(span * rng.uniform(0.5, 1.0, n)))
    completed = np.where(c <= end, c, NO_DATE).astype(np.int64)
    k_due = end - rng.integers(35, 151, 2)
    k_assigned = k_due - rng.integers(15, 61, 2)
    return Tasks(
        assigned=np.concatenate([assigned, k_assigned]),
        due=np.concatenate([due, k_due]),
        completed=np.concatenate([completed, np.full(2, NO_DATE)]),
        is_key=np.concatenate([rng.random(n) < 0.15, np.ones(2, bool)]),
        source=choice(rng, n + 2, [0.05, 0.05, 0.45, 0.35, 0.1]),
        decided=np.zeros(n + 2, np.int64),
        lead=np.full(n + 2, o),
    )


# ---- tables ---------------------------------------------------------------------------------------


def tasks_table(world: World, a: int, t: Tasks, first_no: int, rng: np.random.Generator) -> pa.Table:
    n = len(t.assigned)
    base, kind = world.agencies.base[a], str(world.agencies.kinds[a])
    code = "UBND" if kind in ("city", "district", "commune", "special_zone") else base.split("-")[0]
    first_year = world.task_years[0] - 1
    year = np.maximum(year_of(t.assigned), first_year)
    return pa.table(
        {
            "task_id": task_ids(np.arange(first_no, first_no + n)),
            "title": titles(rng, year, objects_for(base, kind), first_year),
            "source": pick(list(SOURCES), t.source),
            "source_ref": source_refs(rng, t.source, code),
            "owner_agency_id": pick(world.agency_ids, np.full(n, a)),
            "lead_official_id": world.official_ids(np.maximum(t.lead, 0), mask=t.lead < 0),
            "decided_by": pick(DECIDED, np.maximum(t.decided, 0), mask=t.decided < 0),
            "assigned_on": iso(t.assigned),
            "due_on": iso(t.due),
            "completed_on": iso(t.completed),
            "is_key": boolean(t.is_key),
        }
    )


def task_ids(numbers: np.ndarray) -> pa.Array:
    return ids("NV", numbers + 1, 9)
