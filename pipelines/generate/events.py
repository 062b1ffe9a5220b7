"""What happened to tasks after they were assigned: transfers, escalations, returns, extensions,
reopenings. Routes are drawn for a whole chunk at once; planted shifting agencies take them far more
often than the others (behaviours.SHIFTING)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .behaviours import SHIFTING
from .common import NO_DATE, choice, ids, iso, pick, vn_date
from .world import World, other_peer

EVENT_KINDS = ["transfer", "escalate", "return", "extend", "reopen"]
TRANSFER, ESCALATE, RETURN, EXTEND, REOPEN = range(5)
REASONS = [
    "within_own_authority",
    "unresolved_disagreement",
    "incomplete_dossier",
    "wrong_recipient",
    "other",
]
WITHIN, UNRESOLVED, INCOMPLETE_DOSSIER, WRONG_RECIPIENT, OTHER = range(5)


class Events:
    """Events collected route by route; sorted into task order at the end."""

    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []

    def add(self, mask, seq, day_, kind, frm=-1, to=-1, official=-1, reason=-1, new_due=NO_DATE) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return

        def sub(v):
            return np.asarray(v)[idx] if np.ndim(v) else np.full(len(idx), v, np.int64)

        self.parts.append(
            {
                "task": idx,
                "seq": np.full(len(idx), seq),
                "day": sub(day_),
                "kind": np.full(len(idx), kind),
                "from": sub(frm),
                "to": sub(to),
                "official": sub(official),
                "reason": sub(reason),
                "new_due": sub(new_due),
            }
        )

    def arrays(self) -> dict[str, np.ndarray]:
        keys = ["task", "seq", "day", "kind", "from", "to", "official", "reason", "new_due"]
        if not self.parts:
            return {k: np.zeros(0, np.int64) for k in keys}
        out = {k: np.concatenate([p[k] for p in self.parts]).astype(np.int64) for k in keys}
        order = np.lexsort((out["seq"], out["day"], out["task"]))
        return {k: v[order] for k, v in out.items()}


def routes(world, a, rng, ev, assigned, due0, decided, actor) -> np.ndarray:
    """Transfers, escalations and returns; returns the day of each task's last such event."""
    n, end = len(assigned), world.end
    s = 0 if world.shifting[a] else 1
    city = int(world.city[a])
    city_staff = int(world.off_start[city]) + np.floor(rng.random(n) * world.off_count[city]).astype(np.int64)
    last = np.full(n, NO_DATE, np.int64)

    def keep(mask, day_):  # an event happens only if it is not after as_of
        nonlocal last
        last = np.maximum(last, np.where(mask, day_, NO_DATE))
        return mask & (day_ <= end)

    city_decided = decided == 1
    u = rng.random(n)
    transfer = ~city_decided & (u < SHIFTING.transfer[s])
    within = ~city_decided & ~transfer & (rng.random(n) < SHIFTING.escalate_within[s])
    to_city = city_decided & (rng.random(n) < 0.85)

    # X → Y, and for some Y → X again (ping-pong)
    other = other_peer(world, rng, a, n, when=assigned)
    t1 = assigned + 1 + rng.integers(0, 7, n)
    reason = np.select(
        [u < 0.55 * SHIFTING.transfer[s], u < 0.85 * SHIFTING.transfer[s]], [WRONG_RECIPIENT, OTHER], -1
    )
    ok = keep(transfer, t1)
    ev.add(ok, 0, t1, TRANSFER, frm=a, to=other, official=actor, reason=reason)
    back = transfer & (rng.random(n) < SHIFTING.ping_pong[s])
    t2 = t1 + 2 + rng.integers(0, 10, n)
    ok = keep(back, t2)
    back_reason = np.where(rng.random(n) < 0.7, WRONG_RECIPIENT, WITHIN)
    ev.add(ok, 1, t2, TRANSFER, frm=other, to=a, official=world.leader_of(rng, other), reason=back_reason)

    # An agency-decided matter sent up to the city PC, which returns it as within the agency's authority
    e1 = assigned + 2 + rng.integers(0, 15, n)
    r1 = e1 + 3 + rng.integers(0, 12, n)
    ev.add(keep(within, e1), 2, e1, ESCALATE, frm=a, to=city, official=actor)
    ev.add(keep(within, r1), 3, r1, RETURN, frm=city, to=a, official=city_staff, reason=WITHIN)

    # A city-decided matter submitted for decision; some dossiers come back and are submitted again
    half = np.where(due0 != NO_DATE, np.maximum(2, (due0 - assigned) // 2), rng.integers(5, 30, n))
    e1 = assigned + half
    returned = to_city & (rng.random(n) < SHIFTING.city_return[s])
    r1 = e1 + 3 + rng.integers(0, 10, n)
    again = returned & (rng.random(n) < 0.85)
    e2 = r1 + 3 + rng.integers(0, 10, n)
    why = choice(rng, n, [0.6, 0.3, 0.1])
    why = np.array([INCOMPLETE_DOSSIER, UNRESOLVED, OTHER])[why]
    ev.add(keep(to_city, e1), 2, e1, ESCALATE, frm=a, to=city, official=actor)
    ev.add(keep(returned, r1), 3, r1, RETURN, frm=city, to=a, official=city_staff, reason=why)
    ev.add(keep(again, e2), 4, e2, ESCALATE, frm=a, to=city, official=actor)
    return last


def events_table(world: World, ev: dict[str, np.ndarray], first_task: int, first_no: int) -> pa.Table:
    n = len(ev["task"])
    return pa.table(
        {
            "event_id": ids("SK", np.arange(first_no, first_no + n) + 1, 10),
            "task_id": _task_ids(first_task + ev["task"]),
            "occurred_on": vn_date(ev["day"]),
            "kind": pick(EVENT_KINDS, ev["kind"]),
            "from_agency_id": pick(world.agency_ids, np.maximum(ev["from"], 0), mask=ev["from"] < 0),
            "to_agency_id": pick(world.agency_ids, np.maximum(ev["to"], 0), mask=ev["to"] < 0),
            "official_id": world.official_ids(np.maximum(ev["official"], 0), mask=ev["official"] < 0),
            "reason": pick(REASONS, np.maximum(ev["reason"], 0), mask=ev["reason"] < 0),
            "new_due_on": iso(ev["new_due"]),
        }
    )


def _task_ids(numbers: np.ndarray) -> pa.Array:
    return ids("NV", numbers + 1, 9)


def internal_routing(
    world: World, a: int, assigned: np.ndarray, ev: Events, rng: np.random.Generator
) -> None:
    """The trail of each task inside its owner agency on the day it arrives (clerk → head → division →
    officer): `transfer` events from the owner to itself, signed by a head or deputy. The analytics ignore
    such self-loops (task_handovers.is_self_loop, the holder sequence collapses repeats), so they add
    volume — about `scale.internal_routing` events per task — without changing any finding. They fall on
    the assignment day, before any hand-over to another agency (routes start the day after)."""
    n = len(assigned)
    mean = world.scale.internal_routing
    if not n or mean <= 0:
        return
    count = 1 + rng.poisson(max(mean - 1, 0), n)
    count[rng.random(n) < 0.05] = 0  # a few tasks reach the officer directly
    owner = np.full(n, a, np.int64)
    for k in range(int(count.max())):
        has = count > k
        ev.add(has, -100 + k, assigned, TRANSFER, frm=owner, to=owner, official=world.leader_of(rng, owner))
