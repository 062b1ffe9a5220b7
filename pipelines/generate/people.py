"""One agency's people: officials, their discipline, annual grades, commendations and initiatives.

Grades follow each official's record (disciplined in a year → incomplete; planted excellent officials
excellent every year); each agency keeps excellent ≤ 20% of good except the planted cap-exceeders in
the last rated year; commendations follow the grades and initiatives, as Law 06/2022 requires.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from .behaviours import EXCELLENT, ORDINARY, STALLING
from .common import NO_DATE, between, choice, day, ids, iso, pick, text, year_of
from .names import full_names
from .texts import initiative_titles
from .world import DEPUTY, HEAD, STAFF, World

POSITIONS = ["head", "deputy", "staff"]
GRADE_VI = [
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
]
EXC, GOOD, COMPLETE, INCOMPLETE = range(4)
FORMS = ["reprimand", "warning", "salary_reduction", "demotion", "removal", "dismissal"]
VIOLATIONS = ["shirking", "delay", "harassment", "corruption", "other"]
TITLES = [
    "advanced_worker",
    "base_emulation_fighter",
    "city_emulation_fighter",
    "certificate_of_merit",
    "chair_merit",
]
SCOPES = ["base", "city", "national"]
DECREE_172 = day(dt.date(2025, 7, 1))  # no more salary reduction or demotion for civil servants


def _category(kind: str, position: np.ndarray) -> list[str]:
    if kind == "public_unit":
        return ["public_employee"] * len(position)
    leader = position != STAFF
    if kind in ("city", "district", "commune", "special_zone"):  # elected chairs and vice-chairs are cadres
        return np.where(leader, "cadre", "civil_servant").tolist()
    return ["civil_servant"] * len(position)


def agency_people(
    world: World, a: int, rng: np.random.Generator, counters: dict[str, int]
) -> dict[str, pa.Table]:
    """Tables for agency a. Updates world.active_to for dismissed officials (before any task is drawn)."""
    s, n = int(world.off_start[a]), int(world.off_count[a])
    off = np.arange(s, s + n)
    kind = str(world.agencies.kinds[a])
    position, role = world.position[off], world.role[off]
    female = rng.random(n) < 0.48

    category = _category(kind, position)
    civil_servant = np.array(category) == "civil_servant"
    discipline = _discipline(world, rng, off, position, role, civil_servant, counters)
    for i, decided, form in zip(discipline["local"], discipline["decided"], discipline["form"], strict=True):
        if FORMS[form] == "dismissal":
            world.active_to[s + i] = decided
    af, at = world.active_from[off], world.active_to[off]

    officials = pa.table(
        {
            "official_id": world.official_ids(off),
            "full_name": full_names(rng, female),
            # where they work as of as_of: a merged or abolished agency's people are listed at its successor
            "agency_id": pick(world.agency_ids, np.full(n, world.reorg.staff_at[a])),
            "position": pick(POSITIONS, position),
            "category": pa.array(category, type=pa.string()),
            "active_from": iso(af),
            "active_to": iso(at),
        }
    )
    disc_year = np.full(n, -1)
    disc_year[discipline["local"]] = year_of(discipline["decided"])
    grades, rated = _grades(world, rng, a, off, af, at, role, disc_year)
    init = _initiatives(world, rng, a, off, af, at, role, grades, rated, counters)
    return {
        "officials": officials,
        "disciplinary_actions": discipline["table"],
        "annual_ratings": _ratings_table(world, off, grades, rated),
        "commendations": _commendations(world, rng, off, role, grades, rated, disc_year, init),
        "initiatives": init["table"],
    }


def _discipline(world, rng, off, position, role, civil_servant, counters) -> dict:
    n = len(off)
    af, at = world.active_from[off], world.active_to[off]
    lo = np.maximum(af, world.start)
    hi = np.where(at == NO_DATE, world.end, np.minimum(at, world.end)) - 1
    ordinary = (
        (role == ORDINARY) & (position != HEAD) & (hi >= lo) & (rng.random(n) < 0.004 * world.scale.years)
    )
    stalling = world.tags["stalling_disciplined"][off]
    showcase = world.discipline_showcase[off]
    local = np.flatnonzero(ordinary | stalling | (showcase >= 0))
    shown = showcase[local]
    # salary reduction and demotion only exist before Decree 172/2025: decide those before it
    hi_l = np.where(
        np.isin(shown, [2, 3]) & (lo[local] < DECREE_172), np.minimum(hi[local], DECREE_172 - 1), hi[local]
    )
    decided = between(rng, lo[local], hi_l)
    stall_l = stalling[local]
    decided[stall_l] = world.end - rng.integers(20, 300, stall_l.sum())
    leader = position[local] == DEPUTY
    form = np.where(
        leader,
        choice(rng, len(local), [0.45, 0.3, 0, 0.12, 0.1, 0.03]),
        choice(rng, len(local), [0.45, 0.3, 0.17, 0, 0, 0.08]),
    )
    violation = choice(rng, len(local), [0.18, 0.25, 0.2, 0.12, 0.25])
    form = np.where(shown >= 0, shown, form)
    violation = np.where(shown >= 0, np.maximum(shown, 0) % len(VIOLATIONS), violation)
    abolished = (decided >= DECREE_172) & np.isin(form, [2, 3]) & civil_servant[local]
    form = np.where(abolished, 1, form)  # Decree 172/2025: no more salary reduction or demotion → warning
    form[stall_l] = np.where(rng.random(stall_l.sum()) < 0.6, 0, 1)
    violation[stall_l] = np.where(rng.random(stall_l.sum()) < 0.6, 1, 0)
    year = year_of(decided)
    lag = choice(rng, len(local), [0.65, 0.25, 0.1])
    lag[stall_l] = 0
    start_no = counters["disciplinary_actions"]
    counters["disciplinary_actions"] += len(local)
    table = pa.table(
        {
            "action_id": ids("KL", np.arange(start_no, start_no + len(local)) + 1, 7),
            "official_id": world.official_ids(off[local]),
            "decided_on": iso(decided),
            "form": pick(FORMS, form),
            "violation": pick(VIOLATIONS, violation),
            "violation_year": text(year - np.minimum(lag, 1), mask=lag == 2),
        }
    )
    return {"local": local, "decided": decided, "form": form, "table": table}


def _grades(world, rng, a, off, af, at, role, disc_year) -> tuple[np.ndarray, np.ndarray]:
    """grades[i, k] for official i and world.rating_years[k]; rated[i, k] says whether a grade exists."""
    years = world.rating_years
    n, y = len(off), len(years)
    rated = np.zeros((n, y), bool)
    grades = np.zeros((n, y), np.int64)
    prop = world.propensity[off]
    for k, yr in enumerate(years):
        rated[:, k] = (af <= day(dt.date(yr, 10, 1))) & ((at == NO_DATE) | (at >= day(dt.date(yr, 12, 15))))
        strong = choice(rng, n, [0.13, 0.75, 0.11, 0.01])
        middling = choice(rng, n, [0.04, 0.66, 0.27, 0.03])
        weak = choice(rng, n, [0.01, 0.45, 0.46, 0.08])
        g = np.where(prop >= 0.85, strong, np.where(prop >= 0.7, middling, weak))
        g[role == EXCELLENT] = EXC
        g[role == STALLING] = COMPLETE
        if yr >= world.as_of.year - 2:
            g[world.tags["stalling_two_years_incomplete"][off]] = INCOMPLETE
        g[disc_year == yr] = INCOMPLETE  # disciplined in the year → incomplete (Decree 48/2023)
        grades[:, k] = g
        last = k == y - 1
        if a in world.planted.cap_exceeding_agencies and last:
            _exceed_cap(rng, grades[:, k], rated[:, k], role, disc_year == yr)
        else:
            _keep_cap(rng, grades[:, k], rated[:, k], role)
    return grades, rated


def _keep_cap(rng, g, rated, role) -> None:
    """Excellent ≤ floor(20% of good): downgrade just enough ordinary officials' excellent grades; where
    the planted excellent officials alone exceed it (small agencies), grade a few 'complete' as 'good'."""
    exc, good = int(((g == EXC) & rated).sum()), int(((g == GOOD) & rated).sum())
    d = 0
    while exc - d > (good + d) // 5:
        d += 1
    can = rng.permutation(np.flatnonzero((g == EXC) & rated & (role == ORDINARY)))[:d]
    g[can] = GOOD
    exc, good = exc - len(can), good + len(can)
    if exc > good // 5:
        up = rng.permutation(np.flatnonzero((g == COMPLETE) & rated & (role == ORDINARY)))
        g[up[: 5 * exc - good]] = GOOD


def _exceed_cap(rng, g, rated, role, disciplined) -> None:
    """About 40% of the graded officials excellent: well above 20% of those graded good."""
    can = np.flatnonzero(rated & (g == GOOD) & (role == ORDINARY) & ~disciplined)
    want = int(np.ceil(0.4 * rated.sum())) - int(((g == EXC) & rated).sum())
    if want > 0:
        g[rng.permutation(can)[:want]] = EXC


def _ratings_table(world, off, grades, rated) -> pa.Table:
    i, k = np.nonzero(rated)
    return pa.table(
        {
            "official_id": world.official_ids(off[i]),
            "year": text(np.array(world.rating_years)[k]),
            "grade": pick(GRADE_VI, grades[i, k]),
        }
    )


def _initiatives(world, rng, a, off, af, at, role, grades, rated, counters) -> dict:
    years = list(range(world.rating_years[0], world.as_of.year + 1))
    rows_off, rows_day, rows_scope = [], [], []
    good_prop = world.propensity[off] >= 0.85
    for yr in years:
        hi = min(day(dt.date(yr, 12, 10)), world.end)
        lo = min(day(dt.date(yr, 4, 1)), hi)
        when = between(rng, np.full(len(off), lo), np.full(len(off), hi))
        active = (af <= when) & ((at == NO_DATE) | (at >= when))
        k = world.rating_years.index(yr) if yr in world.rating_years else -1
        good = ((grades[:, k] <= GOOD) & rated[:, k]) if k >= 0 else good_prop
        p = np.where(role == EXCELLENT, 0.4, np.where(good, 0.035, 0.005))
        p[role == STALLING] = 0
        has = active & (rng.random(len(off)) < p)
        scope = choice(rng, len(off), [0.86, 0.12, 0.02])
        scope[role == EXCELLENT] = 0
        city_candidate = world.tags["city_fighter_candidates"][off]
        if yr == world.as_of.year - 1:  # the planted city-fighter candidates' city-wide initiative
            has |= city_candidate
            scope[city_candidate] = 1
        idx = np.flatnonzero(has)
        rows_off.append(idx)
        rows_day.append(when[idx])
        rows_scope.append(scope[idx])
    local = np.concatenate(rows_off)
    when = np.concatenate(rows_day)
    scope = np.concatenate(rows_scope)
    order = np.lexsort((when, local))
    local, when, scope = local[order], when[order], scope[order]
    start_no = counters["initiatives"]
    counters["initiatives"] += len(local)
    table = pa.table(
        {
            "initiative_id": ids("SK", np.arange(start_no, start_no + len(local)) + 1, 7),
            "official_id": world.official_ids(off[local]),
            "title": initiative_titles(rng, world.agencies.names, np.full(len(local), a)),
            "recognized_on": iso(when),
            "scope": pick(SCOPES, scope),
        }
    )
    return {"local": local, "year": year_of(when), "scope": scope, "table": table}


def _commendations(world, rng, off, role, grades, rated, disc_year, init) -> pa.Table:
    n = len(off)
    years = world.rating_years
    base_by_year = np.zeros((n, len(years)), bool)
    rows: list[tuple[np.ndarray, int, int]] = []  # (local officials, year index, title)
    excellent = role == EXCELLENT
    city_candidate = world.tags["city_fighter_candidates"][off]
    for k, yr in enumerate(years):
        g = grades[:, k]
        adv = rated[:, k] & (g <= GOOD) & (disc_year != yr) & ((rng.random(n) < 0.92) | excellent)
        init_y = np.zeros(n, bool)
        init_y[init["local"][init["year"] == yr]] = True
        base = adv & ((g == EXC) | init_y) & ((rng.random(n) < 0.6) | excellent)
        base_by_year[:, k] = base
        city_init = np.zeros(n, bool)
        in_span = (init["year"] >= yr - 2) & (init["year"] <= yr) & (init["scope"] >= 1)
        city_init[init["local"][in_span]] = True
        city = base & city_init & (rng.random(n) < 0.5) & ~city_candidate
        if k >= 2:
            city &= base_by_year[:, k - 1] & base_by_year[:, k - 2]
        else:
            city[:] = False
        merit = adv & (rng.random(n) < 0.05)
        chair = base & (rng.random(n) < 0.04)
        for t, mask in enumerate([adv, base, city, merit, chair]):
            rows.append((np.flatnonzero(mask), k, t))
    local = np.concatenate([r[0] for r in rows])
    year_idx = np.concatenate([np.full(len(r[0]), r[1]) for r in rows])
    title = np.concatenate([np.full(len(r[0]), r[2]) for r in rows])
    order = np.lexsort((title, year_idx, local))
    local, year_idx, title = local[order], year_idx[order], title[order]
    yr = np.array(years)[year_idx]
    decided = np.minimum(
        np.array([day(dt.date(y, 12, 16)) for y in years])[year_idx] + rng.integers(0, 14, len(year_idx)),
        world.end,
    )
    return pa.table(
        {
            "official_id": world.official_ids(off[local]),
            "year": text(yr),
            "title": pick(TITLES, title),
            "decided_on": iso(decided),
        }
    )
