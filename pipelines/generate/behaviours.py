"""The behaviours planted on purpose, chosen from the seed, and the rates that tell them apart.

Ordinary agencies rarely shift work and ordinary officials are mostly on time; the planted ones stand
out enough for the analytics to find them, which the manifest lets tests check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Roles of officials (an int8 array over all officials).
ORDINARY, EXCELLENT, STALLING = 0, 1, 2


@dataclass(frozen=True)
class Shifting:
    """Per-task probabilities for an agency's own tasks: (planted shifting agency, ordinary agency)."""

    transfer: tuple[float, float] = (0.25, 0.015)
    ping_pong: tuple[float, float] = (0.45, 0.15)  # of the transferred: the other agency sends it back
    escalate_within: tuple[float, float] = (0.12, 0.005)  # agency-decided matters sent up to the city PC
    city_return: tuple[float, float] = (0.5, 0.25)  # city-decided dossiers returned as incomplete
    # consultations this agency is asked for: answered on time / late / never
    consult_timing: tuple[tuple[float, float, float], tuple[float, float, float]] = (
        (0.40, 0.25, 0.35),
        (0.86, 0.09, 0.05),
    )
    # agree, agree_with_comments, disagree, generic, deflect
    consult_response: tuple[tuple[float, ...], tuple[float, ...]] = (
        (0.22, 0.13, 0.05, 0.35, 0.25),
        (0.56, 0.30, 0.07, 0.05, 0.02),
    )
    no_deadline: tuple[float, float] = (0.20, 0.05)  # its own requests sent without a deadline


SHIFTING = Shifting()


@dataclass
class Planted:
    shifting_agencies: list[int] = field(default_factory=list)
    cap_exceeding_agencies: list[int] = field(default_factory=list)
    excellent_officials: list[int] = field(default_factory=list)
    city_fighter_candidates: list[int] = field(
        default_factory=list
    )  # excellent, 3 years base fighter + city initiative
    stalling_officials: list[int] = field(default_factory=list)
    stalling_two_years_incomplete: list[int] = field(default_factory=list)
    stalling_disciplined: list[int] = field(default_factory=list)


def choose_planted(
    rng: np.random.Generator,
    kinds: np.ndarray,
    base: list[str],
    staff_ranges: list[tuple[int, int]],
    counts: tuple[int, int, int, int],
    eligible: np.ndarray | None = None,
    cap_eligible: np.ndarray | None = None,
) -> Planted:
    """Picks the planted agencies and officials.

    staff_ranges[a] = (first, end) of agency a's staff (non-leaders) in the global official index.
    counts = (shifting agencies, cap-exceeding agencies, excellent officials, stalling officials).
    Shifting and cap-exceeding agencies are distinct; planted officials are staff, at most one excellent
    and one stalling official per agency (so one excellent official never breaks an agency's grading cap),
    never in the city PC nor in a shifting agency. `eligible` (and `cap_eligible` for the grading cap) limit
    the agencies that may host a planted behaviour (reorganisation: those that exist throughout the window).
    """
    n_shift, n_cap, n_exc, n_stall = counts
    a = np.arange(len(kinds))
    ok = np.ones(len(kinds), bool) if eligible is None else eligible
    cap_ok = ok if cap_eligible is None else cap_eligible
    sizes = np.array([e - s for s, e in staff_ranges])
    may_shift = a[np.isin(kinds, ["department", "district"]) & ~np.isin(base, ["VPUB", "TTTP", "SNV"]) & ok]
    shifting = np.sort(rng.choice(may_shift, size=min(n_shift, len(may_shift)), replace=False))
    may_cap = a[(kinds != "city") & (sizes >= 10) & ~np.isin(a, shifting) & cap_ok]
    cap = np.sort(rng.choice(may_cap, size=min(n_cap, len(may_cap)), replace=False))
    host = a[(kinds != "city") & (sizes >= 3) & ~np.isin(a, shifting) & ok]
    # An excellent official needs colleagues graded good: at least five of them keep one excellent
    # grade within the 20% cap. Prefer agencies with ten or more staff.
    roomy = host[sizes[host] >= 10]
    exc_agencies = rng.choice(
        roomy if len(roomy) >= n_exc else host, size=min(n_exc, len(host)), replace=False
    )
    if len(exc_agencies) < n_exc and len(roomy):  # fewer hosts than officials (reorganisation): a second
        extra = rng.choice(roomy, size=min(n_exc - len(exc_agencies), len(roomy)), replace=False)
        exc_agencies = np.concatenate([exc_agencies, extra])  # one in some roomy agencies
    stall_agencies = rng.choice(host, size=min(n_stall, len(host)), replace=False)
    excellent: list[int] = []
    stalling = []
    for ag in exc_agencies:
        s, e = staff_ranges[ag]
        pick = int(rng.integers(s, e))
        while pick in excellent:  # the next staff member instead
            pick = s + (pick - s + 1) % (e - s)
        excellent.append(pick)
    for ag in stall_agencies:
        s, e = staff_ranges[ag]
        pick = int(rng.integers(s, e))
        if pick in excellent:  # the next staff member instead
            pick = s + (pick - s + 1) % (e - s)
        stalling.append(pick)
    n_city = max(2, n_exc // 8)
    return Planted(
        shifting_agencies=[int(x) for x in shifting],
        cap_exceeding_agencies=[int(x) for x in cap],
        excellent_officials=sorted(excellent),
        city_fighter_candidates=sorted(excellent[:n_city]),
        stalling_officials=sorted(stalling),
        stalling_two_years_incomplete=sorted(stalling[::2]),
        stalling_disciplined=sorted(stalling[::3]),
    )
