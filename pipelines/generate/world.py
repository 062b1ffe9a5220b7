"""The fixed frame every chunk draws against: window, agencies, who works where, and what is planted.

Holds only small or numeric arrays (one entry per agency or per official); the big tables — tasks,
events, consultations, ratings — are generated chunk by chunk and never held whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .agencies import Agencies, load_agencies
from .behaviours import EXCELLENT, ORDINARY, STALLING, Planted, choose_planted
from .common import NO_DATE, PLAN, between, day, ids, rng_for
from .reorganisation import Reorganisation, eras, escalation_city, peers_by_era, reorganise, unchanged
from .scales import Scale

HEAD, DEPUTY, STAFF = 0, 1, 2
NEW_LOCAL_KINDS = ("commune", "special_zone")  # local government from 01/07/2025
EXCELLENT_TASKS_PER_YEAR = 10
EXCELLENT_OPEN_TASKS = 2
STALLING_TASKS = 14
STALLING_KEY_OVERDUE = 2


def _shift_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


@dataclass
class World:
    seed: int
    scale: Scale
    as_of: dt.date
    start: int  # first day of the task window (day number)
    end: int  # as_of (day number)
    task_years: list[int]  # calendar years the window touches
    rating_years: list[int]  # years with annual ratings
    agencies: Agencies
    agency_ids: pa.Array
    city: np.ndarray  # per agency: index of the People's Committee above it (where it escalates)
    peers: dict[int, list[np.ndarray]]  # per PC, per era: the agencies under it that may exchange work
    era_starts: np.ndarray  # first day of each era (reorganisation.eras)
    reorg: Reorganisation  # per agency: the days it exists, where its officials are listed now
    off_start: np.ndarray  # per agency: first official (global index)
    off_count: np.ndarray
    deputies: np.ndarray  # per agency: number of deputies (officials off_start+1 … off_start+deputies)
    position: np.ndarray  # per official: HEAD/DEPUTY/STAFF
    active_from: np.ndarray  # per official: day number
    active_to: np.ndarray  # per official: day number or NO_DATE (set later for dismissals too)
    propensity: np.ndarray  # per official: probability of finishing a task on time
    role: np.ndarray  # per official: ORDINARY/EXCELLENT/STALLING
    shifting: np.ndarray  # per agency: bool
    planted: Planted
    discipline_showcase: (
        np.ndarray
    )  # per official: a form of discipline to show (index into people.FORMS), or -1
    tags: dict[str, np.ndarray]  # per official, for each list of planted officials: is this one in it?
    tasks: np.ndarray  # per agency: number of ordinary tasks

    def official_ids(self, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
        arr = ids("CB", np.asarray(idx) + 1, 7)
        if mask is not None and mask.any():
            arr = pc.if_else(pa.array(mask), pa.scalar(None, pa.string()), arr)
        return arr

    def leader_of(self, rng: np.random.Generator, agencies: np.ndarray) -> np.ndarray:
        """A random head or deputy of each given agency: the people who sign transfers and returns."""
        k = np.floor(rng.random(len(agencies)) * (self.deputies[agencies] + 1)).astype(np.int64)
        return self.off_start[agencies] + k

    def planted_tasks(self, official: int) -> int:
        if self.role[official] == EXCELLENT:
            return EXCELLENT_TASKS_PER_YEAR * len(self.task_years) + EXCELLENT_OPEN_TASKS
        if self.role[official] == STALLING:
            return STALLING_TASKS + STALLING_KEY_OVERDUE
        return 0


def build_world(seed: int, scale: Scale, as_of: dt.date) -> World:
    rng = rng_for(seed, PLAN)
    start_date = _shift_years(as_of, scale.years)
    start, end = day(start_date), day(as_of)
    reorg = _reorganised(load_agencies(scale.provinces, seed), scale, as_of)
    agencies = reorg.agencies
    kinds = agencies.kinds
    n_ag = len(agencies)
    task_years = list(range(start_date.year, as_of.year + 1))
    rating_years = list(range(as_of.year - scale.years, as_of.year))
    if (as_of.month, as_of.day) >= (12, 15):  # graded before 15 December
        rating_years.append(as_of.year)

    weight = np.select(
        [kinds == "city", kinds == "department", kinds == "district", np.isin(kinds, NEW_LOCAL_KINDS)],
        [0.12, 1.0, 1.3, 0.5],
        default=0.6,
    ) * rng.lognormal(0.0, 0.3, n_ag)
    weight[np.array(agencies.base) == "VPUB"] *= 1.4
    count = np.maximum(8, np.round(scale.officials * weight / weight.sum())).astype(np.int64)
    off_start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    deputies = np.clip(np.round(count / 18), 1, 4).astype(np.int64)
    deputies[kinds == "city"] = np.minimum(4, count[kinds == "city"] - 2)
    n_off = int(count.sum())
    local = np.arange(n_off) - np.repeat(off_start, count)
    position = np.where(
        local == 0, HEAD, np.where(local <= np.repeat(deputies, count), DEPUTY, STAFF)
    ).astype(np.int8)
    staff_ranges = [(int(s + 1 + d), int(s + c)) for s, c, d in zip(off_start, count, deputies, strict=True)]

    # planted behaviours live in agencies that exist throughout the window (and, for the grading cap, whose
    # officials are not listed together with another agency's): they show under one name from start to end
    stable = (reorg.valid_from <= start) & (reorg.valid_to > end)
    planted = choose_planted(
        rng,
        kinds,
        agencies.base,
        staff_ranges,
        (
            scale.shifting_agencies,
            scale.cap_exceeding_agencies,
            scale.excellent_officials,
            scale.stalling_officials,
        ),
        eligible=stable,
        cap_eligible=stable & ~reorg.receives_staff(),
    )
    role = np.full(n_off, ORDINARY, np.int8)
    role[planted.excellent_officials] = EXCELLENT
    role[planted.stalling_officials] = STALLING
    shifting = np.zeros(n_ag, bool)
    shifting[planted.shifting_agencies] = True

    # Service periods: most joined long before the window; a few joined or left during it.
    active_from = (start - rng.integers(365, 30 * 365, n_off)).astype(np.int64)
    active_to = np.full(n_off, NO_DATE, np.int64)
    movable = (position != HEAD) & (role == ORDINARY)
    u = rng.random(n_off)
    joined = movable & (u < 0.08)
    left = movable & (u >= 0.08) & (u < 0.12)
    active_from[joined] = between(rng, np.full(joined.sum(), start + 30), np.full(joined.sum(), end - 30))
    # service in an agency formed by the reorganisation starts when it was formed
    active_from = np.maximum(active_from, np.repeat(reorg.valid_from, count))
    left &= active_from + 90 <= end - 1
    active_to[left] = between(
        rng, np.maximum(start + 60, active_from[left] + 30), np.full(left.sum(), end - 1)
    )

    # One official for each form of discipline, so that every form occurs at every scale.
    showcase: dict[int, int] = {}
    hosts = np.flatnonzero((kinds != "city") & ~shifting & (count - deputies - 1 >= 3) & stable)
    for form, host in enumerate(rng.choice(hosts, size=6, replace=False)):
        first, last = (
            (1, int(deputies[host])) if form in (3, 4) else (int(deputies[host]) + 1, int(count[host]) - 1)
        )
        for k in rng.permutation(np.arange(first, last + 1)):
            o = int(off_start[host] + k)
            if role[o] == ORDINARY and o not in showcase:
                showcase[o] = form
                break
    showcase_form = np.full(n_off, -1, np.int64)
    for o, form in showcase.items():
        active_from[o], active_to[o] = start - 1000, NO_DATE
        showcase_form[o] = form

    propensity = np.clip(rng.beta(14.0, 1.6, n_off), 0.45, 0.995)
    propensity[np.repeat(shifting, count)] *= 0.93
    propensity[role == EXCELLENT] = 1.0
    propensity[role == STALLING] = 0.2

    # an agency that exists for part of the window gets that part of its work
    lived = np.clip(np.minimum(reorg.valid_to, end) - np.maximum(reorg.valid_from, start), 0, None)
    task_weight = (
        count
        * np.where(kinds == "city", 0.3, 1.0)
        * rng.lognormal(0.0, 0.2, n_ag)
        * lived
        / max(1, end - start)
    )
    tasks = np.round(scale.tasks * task_weight / task_weight.sum()).astype(np.int64)

    city = escalation_city(agencies)
    era_starts = eras(reorg.valid_from, reorg.valid_to, start, end)
    peers = peers_by_era(city, kinds, reorg.valid_from, reorg.valid_to, era_starts)
    return World(
        seed=seed,
        scale=scale,
        as_of=as_of,
        start=start,
        end=end,
        task_years=task_years,
        rating_years=rating_years,
        agencies=agencies,
        agency_ids=pa.array(agencies.ids, type=pa.string()),
        city=city,
        peers=peers,
        era_starts=era_starts,
        reorg=reorg,
        off_start=off_start,
        off_count=count,
        deputies=deputies,
        position=position,
        active_from=active_from,
        active_to=active_to,
        propensity=propensity,
        role=role,
        shifting=shifting,
        planted=planted,
        discipline_showcase=showcase_form,
        tags={
            key: np.isin(np.arange(n_off), getattr(planted, key))
            for key in ("stalling_disciplined", "stalling_two_years_incomplete", "city_fighter_candidates")
        },
        tasks=tasks,
    )


def other_peer(
    world: World, rng: np.random.Generator, agency: int, n: int, when: np.ndarray | None = None
) -> np.ndarray:
    """n agencies under the same People's Committee, never `agency` itself nor the PC; with `when` (a day
    per element), only agencies that exist on that day (a day after `agency` ended counts as its last)."""
    u = rng.random(n)
    era = np.zeros(n, np.int64)
    if when is not None:
        last = min(int(world.reorg.valid_to[agency]) - 1, world.end)
        era = np.maximum(np.searchsorted(world.era_starts, np.minimum(when, last), side="right") - 1, 0)
    out = np.empty(n, np.int64)
    for e in np.unique(era):
        cand = world.peers[int(world.city[agency])][int(e)]
        pos = np.searchsorted(cand, agency)
        own = pos < len(cand) and cand[pos] == agency
        m = len(cand) - (1 if own else 0)
        mask = era == e
        idx = np.floor(u[mask] * m).astype(np.int64)
        if own:
            idx += idx >= pos
        out[mask] = cand[idx]
    return out


def _reorganised(agencies: Agencies, scale: Scale, as_of: dt.date) -> Reorganisation:
    return (
        reorganise(agencies, as_of) if scale.reorganisation and scale.provinces == 1 else unchanged(agencies)
    )


def task_days(world: World, a: int) -> tuple[int, int]:
    """First and last day on which agency a can be given work: the window, within the days it exists."""
    return max(world.start, int(world.reorg.valid_from[a])), min(world.end, int(world.reorg.valid_to[a]) - 1)
