"""The 2025 reorganisation in the generated Hải Phòng (domain.md §10): who exists when, and where people went.

2023–2024 on the 2023 map; on 01/01/2025 two districts renamed; on 01/03/2025 departments merged (Decree
45/2025); on 01/07/2025 Hải Dương's agencies joined Hải Phòng's and the district level ended, its work passing
to the city's departments and to new wards, communes and special zones. The rows come from
pipelines/data/reference (with each row's confidence and source); only changes dated on or before as_of are
applied, so a folder generated "as of" 2024 still shows the 2023 map.

What the rest of the generator takes from here, per agency: the days it exists (tasks, events and
inspections fall inside them), and the agency its officials are listed under as of as_of (an official's one
row names where they work now; the records they made keep the agency that held them).
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .agencies import Agencies
from .common import day

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
AGENCIES_2025 = REFERENCE_DIR / "haiphong_agencies_2025.csv"
SUCCESSIONS = REFERENCE_DIR / "haiphong_agency_successions.csv"
MAIN_KINDS = ("merged_into", "renamed", "abolished")  # split_to moves functions, not identity
ALWAYS = 10**7  # a day number after any date generated (year 29000): "still in force"
NEVER_BEFORE = -(10**7)


@dataclass(frozen=True)
class Reorganisation:
    agencies: Agencies  # the 2023 map plus every agency the reorganisation brought in by as_of
    valid_from: np.ndarray  # per agency: first day it exists (NEVER_BEFORE when it predates everything)
    valid_to: np.ndarray  # per agency: first day it no longer exists (ALWAYS when in force at as_of)
    staff_at: np.ndarray  # per agency: index of the agency its officials are listed under as of as_of
    successions: list[dict[str, str | None]] = field(default_factory=list)  # rows of agency_successions.csv

    def receives_staff(self) -> np.ndarray:
        """Per agency: are other agencies' officials listed under it (merged departments, new wards)?"""
        out = np.zeros(len(self.staff_at), bool)
        out[self.staff_at[self.staff_at != np.arange(len(self.staff_at))]] = True
        return out


def unchanged(agencies: Agencies) -> Reorganisation:
    """The map as it is, every agency existing throughout (the national scale keeps the 2023 structure)."""
    n = len(agencies)
    return Reorganisation(
        agencies, np.full(n, NEVER_BEFORE, np.int64), np.full(n, ALWAYS, np.int64), np.arange(n), []
    )


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            {k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items()}
            for row in csv.DictReader(f)
        ]


def _on_or_before(text: str, as_of: dt.date) -> bool:
    return bool(text) and dt.date.fromisoformat(text) <= as_of


def reorganise(agencies: Agencies, as_of: dt.date) -> Reorganisation:
    """The 2023 map of Hải Phòng (one province, unprefixed ids) as reorganised up to as_of."""
    steps = [r for r in _read(SUCCESSIONS) if _on_or_before(r["effective_on"], as_of)]
    named = {r["from_agency_id"] for r in steps} | {r["to_agency_id"] for r in steps if r["to_agency_id"]}
    known = set(agencies.ids)
    added = [
        r
        for r in _read(AGENCIES_2025)
        if r["agency_id"] not in known
        and (r["agency_id"] in named or _on_or_before(r["valid_from"], as_of))
        and (r["agency_id"] in named or r["valid_from"])  # a row without date nor change: not used
    ]
    ids = agencies.ids + [r["agency_id"] for r in added]
    index = {a: i for i, a in enumerate(ids)}
    steps = [r for r in steps if r["from_agency_id"] in index and (r["to_agency_id"] or "") in {*index, ""}]

    n = len(ids)
    valid_from = np.full(n, NEVER_BEFORE, np.int64)
    valid_to = np.full(n, ALWAYS, np.int64)
    for r in added:
        if r["valid_from"]:
            valid_from[index[r["agency_id"]]] = day(dt.date.fromisoformat(r["valid_from"]))
    first_change: dict[str, dict[str, str]] = {}
    split_to: dict[str, str] = {}
    for r in sorted(steps, key=lambda r: (r["effective_on"], r["to_agency_id"] == "", r["kind"])):
        when = day(dt.date.fromisoformat(r["effective_on"]))
        if r["kind"] in MAIN_KINDS:
            first_change.setdefault(r["from_agency_id"], r)
            valid_to[index[r["from_agency_id"]]] = min(valid_to[index[r["from_agency_id"]]], when)
            if r["to_agency_id"] and r["to_agency_id"] not in known:  # created by this change
                i = index[r["to_agency_id"]]
                valid_from[i] = min(valid_from[i], when) if valid_from[i] != NEVER_BEFORE else when
        elif r["kind"] == "split_to":
            split_to.setdefault(r["from_agency_id"], r["to_agency_id"])

    staff_at = np.arange(n)
    for i, agency in enumerate(ids):
        seen = {agency}
        while agency in first_change and first_change[agency]["to_agency_id"] not in seen | {""}:
            agency = first_change[agency]["to_agency_id"]
            seen.add(agency)
        if agency in first_change and not first_change[agency]["to_agency_id"]:
            agency = split_to.get(agency, agency)  # abolished: its people went where part of its work went
        staff_at[i] = index[agency]

    def base_of(agency_id: str) -> str:
        return agency_id.removeprefix("HD-")  # Hải Dương's departments do the same work as Hải Phòng's

    merged = Agencies(
        ids=ids,
        names=agencies.names + [r["name"] for r in added],
        kinds=np.array([*agencies.kinds.tolist(), *(r["kind"] for r in added)]),
        parents=agencies.parents + [r["parent_id"] or None for r in added],
        base=agencies.base + [base_of(r["agency_id"]) for r in added],
        province=np.concatenate([agencies.province, np.zeros(len(added), np.int64)]),
        province_codes=agencies.province_codes,
    )
    rows = [
        {
            "from_agency_id": r["from_agency_id"],
            "to_agency_id": r["to_agency_id"] or None,
            "effective_on": r["effective_on"],
            "kind": r["kind"],
            "basis": r["basis"] or None,
            "confidence": r["confidence"] or None,
            "source_note": r["source"] or None,
        }
        for r in steps
    ]
    return Reorganisation(merged, valid_from, valid_to, staff_at, rows)


def escalation_city(agencies: Agencies) -> np.ndarray:
    """Per agency: the People's Committee above it (itself for a People's Committee), where it escalates."""
    index = {a: i for i, a in enumerate(agencies.ids)}
    out = np.empty(len(agencies), np.int64)
    for i in range(len(agencies)):
        j, hops = i, 0
        while agencies.kinds[j] != "city" and agencies.parents[j] in index and hops < len(agencies):
            j, hops = index[str(agencies.parents[j])], hops + 1
        if agencies.kinds[j] != "city":
            j = agencies.city_of(int(agencies.province[i]))
        out[i] = j
    return out


def eras(valid_from: np.ndarray, valid_to: np.ndarray, start: int, end: int) -> np.ndarray:
    """First days of the periods in the window during which the set of agencies in existence is constant."""
    cuts = np.unique(np.concatenate([valid_from, valid_to]))
    return np.concatenate([[start], cuts[(cuts > start) & (cuts <= end)]]).astype(np.int64)


def peers_by_era(
    city: np.ndarray, kinds: np.ndarray, valid_from: np.ndarray, valid_to: np.ndarray, era_starts: np.ndarray
) -> dict[int, list[np.ndarray]]:
    """For each People's Committee, per era: the agencies under it that may exchange work (not the PC)."""
    out: dict[int, list[np.ndarray]] = {}
    for c in np.unique(city):
        under = (city == c) & (kinds != "city")
        out[int(c)] = [np.flatnonzero(under & (valid_from <= s) & (valid_to > s)) for s in era_starts]
    return out


def successions_table(rows: list[dict[str, str | None]]):
    import pyarrow as pa

    columns = ["from_agency_id", "to_agency_id", "effective_on", "kind", "basis", "confidence", "source_note"]
    return pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in columns})
