"""Official-duty inspections: a scheduled one now and then, surprise ones more often where work is
shifted, with more violations found there."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from .common import between, day, ids, iso, pick, text, to_working_day
from .world import World

KINDS = ["scheduled", "surprise"]


def inspections_table(world: World, rng: np.random.Generator) -> pa.Table:
    ag = world.agencies
    n = len(ag)
    base = np.array(ag.base)
    # the inspectorate and home-affairs department under the same People's Committee (Hải Dương's own
    # inspected Hải Dương's agencies until they joined Hải Phòng's)
    inspectorate = {int(world.city[i]): i for i in range(n) if base[i] == "TTTP"}
    home_affairs = {int(world.city[i]): i for i in range(n) if base[i] == "SNV"}
    agency, kind, started, findings = [], [], [], []
    for yr in world.task_years:
        lo = max(day(dt.date(yr, 1, 1)), world.start)
        hi = min(day(dt.date(yr, 12, 31)), world.end)
        if hi < lo:
            continue
        scheduled = rng.random(n) < 0.35
        surprise = rng.poisson(np.where(world.shifting, 0.9, 0.25))
        for surprise_kind, count in ((0, scheduled.astype(np.int64)), (1, surprise)):
            a = np.repeat(np.arange(n), count)
            lam = (1.2 if surprise_kind == 0 else 2.0) * np.where(world.shifting[a], 2.0, 1.0)
            agency.append(a)
            kind.append(np.full(len(a), surprise_kind))
            started.append(
                np.minimum(to_working_day(between(rng, np.full(len(a), lo), np.full(len(a), hi))), hi)
            )
            findings.append(rng.poisson(lam))
    a, k, s, f = (
        np.concatenate(agency),
        np.concatenate(kind),
        np.concatenate(started),
        np.concatenate(findings),
    )
    existed = (s >= world.reorg.valid_from[a]) & (s < world.reorg.valid_to[a])  # reorganisation
    keep = (ag.kinds[a] != "city") & existed
    a, k, s, f = a[keep], k[keep], s[keep], f[keep]
    order = np.lexsort((k, s, a))
    a, k, s, f = a[order], k[order], s[order], f[order]
    group = world.city[a]
    by_tttp = np.array([inspectorate[int(p)] for p in group], dtype=np.int64)
    by_snv = np.array([home_affairs[int(p)] for p in group], dtype=np.int64)
    inspector = np.where((base[a] == "TTTP") | (rng.random(len(a)) < 0.3), by_snv, by_tttp)
    return pa.table(
        {
            "inspection_id": ids("TTR", np.arange(len(a)) + 1, 6),
            "agency_id": pick(world.agency_ids, a),
            "inspector_agency_id": pick(world.agency_ids, inspector),
            "started_on": iso(s),
            "kind": pick(KINDS, k),
            "findings": text(f),
        }
    )
