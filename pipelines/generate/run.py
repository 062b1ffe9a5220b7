"""generate(): the whole input folder, written stage by stage and chunk by chunk."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipelines.readers import GENERATOR_MANIFEST

from .badrows import plan_bad_rows
from .common import BAD_ROWS, INSPECTIONS, PEOPLE, ROUTING, TASKS, date_of, rng_for
from .consultations import consultations, consultations_table
from .events import events_table, internal_routing
from .gaming import choose_gaming_plan, plant_gaming
from .inspections import inspections_table
from .people import agency_people
from .reorganisation import successions_table
from .scales import SCALES
from .tasks import Tasks, ordinary_tasks, planted_tasks, tasks_table
from .world import World, build_world
from .writer import COLUMNS, CsvSink


def _task_chunks(world: World) -> list[tuple[int, int, list[int]]]:
    """(agency, ordinary tasks, planted officials whose tasks come with it), in file order."""
    planted = sorted(world.planted.excellent_officials + world.planted.stalling_officials)
    owner = np.searchsorted(world.off_start, planted, side="right") - 1
    by_agency: dict[int, list[int]] = {}
    for o, a in zip(planted, owner, strict=True):
        by_agency.setdefault(int(a), []).append(int(o))
    chunks = []
    size = world.scale.chunk_tasks
    for a in range(len(world.agencies)):
        n = int(world.tasks[a])
        mine = by_agency.get(a, [])
        parts = max(1, -(-n // size))
        for p in range(parts):
            k = n // parts + (1 if p < n % parts else 0)
            if k or (p == 0 and mine):
                chunks.append((a, k, mine if p == 0 else []))
    return chunks


def _reorganisation_summary(world: World) -> dict:
    """What the 2025 reorganisation changed in this folder (generate/reorganisation.py)."""
    reorg, ids = world.reorg, world.agencies.ids
    return {
        "successions": len(reorg.successions),
        "ended": sorted(a for a, to in zip(ids, reorg.valid_to, strict=True) if to <= world.end),
        "formed": sorted(a for a, since in zip(ids, reorg.valid_from, strict=True) if world.start < since),
    }


def _concat(a: Tasks, b: Tasks) -> Tasks:
    return Tasks(*[np.concatenate([getattr(a, f), getattr(b, f)]) for f in Tasks.__dataclass_fields__])


def generate(
    out_dir: Path,
    seed: int = 2023,
    scale: str = "demo",
    as_of: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Writes an input folder (the input format of pipelines/sources.py) into out_dir and returns the
    manifest (also written to out_dir/manifest.json). Same seed, scale and as_of → byte-identical files."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    as_of = as_of or dt.date.today()
    say = progress or (lambda msg: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    world = build_world(seed, SCALES[scale], as_of)
    gaming = choose_gaming_plan(world, seed)
    ag = world.agencies
    chunks = _task_chunks(world)
    prefix = f"{ag.province_codes[0]}-" if len(ag.province_codes) > 1 else ""
    bad = plan_bad_rows(rng_for(seed, BAD_ROWS), len(chunks), len(ag), prefix, world.rating_years[0])
    sinks = {name: CsvSink(out_dir, name, bad.get(name, [])) for name in COLUMNS}
    try:
        sinks["agencies"].write(
            pa.table(
                {
                    "agency_id": world.agency_ids,
                    "name": pa.array(ag.names, pa.string()),
                    "kind": pa.array(ag.kinds.tolist(), pa.string()),
                    "parent_id": pa.array(ag.parents, pa.string()),
                }
            )
        )
        sinks["agency_successions"].write(successions_table(world.reorg.successions))
        counters = {"disciplinary_actions": 0, "initiatives": 0}
        for a in range(len(ag)):
            for name, table in agency_people(world, a, rng_for(seed, PEOPLE, a), counters).items():
                sinks[name].write(table)
            say(f"officials: agency {a + 1}/{len(ag)} ({ag.ids[a]})")

        task_no = event_no = consult_no = 0
        for i, (a, n, mine) in enumerate(chunks):
            rng = rng_for(seed, TASKS, i)
            t, ev = ordinary_tasks(world, a, n, rng)
            internal_routing(world, a, t.assigned, ev, rng_for(seed, ROUTING, i))
            cons = consultations(world, a, t, n, rng)
            plant_gaming(world, gaming, a, t, ev, seed, i)
            if mine:
                t = _concat(t, planted_tasks(world, mine, rng))
            sinks["tasks"].write(tasks_table(world, a, t, task_no, rng))
            events = events_table(world, ev.arrays(), task_no, event_no)
            sinks["task_events"].write(events)
            sinks["consultations"].write(consultations_table(world, cons, task_no, consult_no, rng))
            task_no += len(t.assigned)
            event_no += events.num_rows
            consult_no += len(cons["task"])
            say(f"tasks: chunk {i + 1}/{len(chunks)} ({ag.ids[a]}), {task_no:,} tasks, {event_no:,} events")

        sinks["inspections"].write(inspections_table(world, rng_for(seed, INSPECTIONS)))
    finally:
        rows = {f"{name}.csv": sink.close() for name, sink in sinks.items()}

    planted = world.planted
    off_ids = world.official_ids

    def officials(idx: list[int]) -> list[str]:
        return off_ids(np.array(idx, dtype=np.int64)).to_pylist() if idx else []

    manifest = {
        "seed": seed,
        "scale": scale,
        "as_of": as_of.isoformat(),
        "window": {"start": date_of(world.start).isoformat(), "end": date_of(world.end).isoformat()},
        "rating_years": world.rating_years,
        "files": rows,
        "planted": {
            "shifting_agencies": [ag.ids[a] for a in planted.shifting_agencies],
            "cap_exceeding_agencies": [ag.ids[a] for a in planted.cap_exceeding_agencies],
            "cap_exceeding_year": world.rating_years[-1],
            "excellent_officials": officials(planted.excellent_officials),
            "city_fighter_candidates": officials(planted.city_fighter_candidates),
            "stalling_officials": officials(planted.stalling_officials),
            "stalling_two_years_incomplete": officials(planted.stalling_two_years_incomplete),
            "stalling_disciplined": officials(planted.stalling_disciplined),
            "retroactive_extension_agencies": [ag.ids[a] for a in gaming.retroactive],
            "period_end_closing_agencies": [ag.ids[a] for a in gaming.closers],
            "period_end_closing_quarters": gaming.quarter_codes(),
        },
        "reorganisation": _reorganisation_summary(world),
        "bad_rows": sorted(
            (
                {"file": f"{b.file}.csv", "row": b.row, "column": b.column, "rule": b.rule, "value": b.value}
                for s in sinks.values()
                for b in s.planted
            ),
            key=lambda r: (r["file"], r["row"]),
        ),
    }
    (out_dir / GENERATOR_MANIFEST).write_text(
        json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest
