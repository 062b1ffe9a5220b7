"""How big each generated input folder is, and how many behaviours are planted in it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    officials: int  # target head count over all agencies
    tasks: int  # target number of ordinary tasks (planted officials' tasks come on top)
    years: int  # the task window ends at as_of and starts this many years earlier
    provinces: int  # 1: Hải Phòng only; 63: every province, agency ids prefixed by a province code
    shifting_agencies: int
    excellent_officials: int
    stalling_officials: int
    cap_exceeding_agencies: int
    chunk_tasks: int = 50_000  # at most this many tasks are held in memory at once
    # Mean number of internal routing events per task (events.internal_routing): the e-office trail
    # of a document inside its owner agency. 0 at the small scales, whose files stay as they were.
    internal_routing: float = 0.0
    # Follow the 2025 reorganisation (generate/reorganisation.py) up to as_of: Hải Phòng's scales do; the
    # national scale repeats the 2023 structure for each of 63 provinces.
    reorganisation: bool = True


SCALES: dict[str, Scale] = {
    # Only for tests: the same code path as demo, a few times smaller.
    "tiny": Scale(800, 4_000, 3, 1, 3, 5, 5, 2),
    "demo": Scale(2_000, 20_000, 3, 1, 3, 20, 15, 2),
    # ~4 events per task: 2.5 M tasks → ~10 M events, 30 M tasks → ~120 M events.
    "province": Scale(30_000, 2_500_000, 5, 1, 3, 20, 15, 2, internal_routing=3.85),
    "national": Scale(
        2_000_000, 30_000_000, 5, 63, 63, 630, 470, 63, internal_routing=3.85, reorganisation=False
    ),
}
