"""Requests for opinion between agencies: sent on a task (or on their own), answered on time, late
or never, agreeing, objecting, or saying nothing of substance — some only in words."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .behaviours import SHIFTING
from .common import NO_DATE, choice, ids, iso, pick, to_working_day
from .tasks import NEVER, Tasks, task_ids
from .texts import RESPONSES, response_texts
from .world import World, other_peer


def consultations(
    world: World, a: int, t: Tasks, n_ordinary: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Requests for opinion sent by agency a on its ordinary tasks, plus a few not tied to a task."""
    end = world.end
    asks = np.flatnonzero((rng.random(n_ordinary) < 0.18) & (world.agencies.kinds[a] != "city"))
    k = 1 + rng.binomial(2, 0.3, len(asks))
    task = np.repeat(asks, k)
    m = len(task)
    has_due = t.due[task] != NO_DATE
    span = np.where(has_due, t.due[task] - t.assigned[task], 20)
    sent = t.assigned[task] + 1 + np.floor(rng.random(m) * np.maximum(1, span // 2)).astype(np.int64)
    after_due = has_due & (rng.random(m) < 0.02)
    sent = np.where(after_due, t.due[task] + 1 + rng.integers(0, 10, m), sent)
    extra = rng.poisson(max(1.0, 0.02 * n_ordinary))
    task = np.concatenate([task, np.full(extra, -1)])
    sent = np.concatenate([sent, rng.integers(world.start, end, extra)])
    keep = sent <= end
    task, sent = task[keep], to_working_day(sent[keep])
    sent = np.minimum(sent, end)
    m = len(task)

    s_req = 0 if world.shifting[a] else 1
    consulted = other_peer(world, rng, a, m, when=sent)
    shifty = world.shifting[consulted]
    no_deadline = rng.random(m) < SHIFTING.no_deadline[s_req]
    dl_days = rng.choice([5, 7, 7, 10, 10, 15], m)
    deadline = np.where(no_deadline, NO_DATE, sent + dl_days)
    timing = np.where(
        shifty, choice(rng, m, SHIFTING.consult_timing[0]), choice(rng, m, SHIFTING.consult_timing[1])
    )  # 0 on time, 1 late, 2 never
    on_time = sent + 1 + np.floor(rng.random(m) * dl_days).astype(np.int64)
    late = sent + dl_days + 1 + rng.integers(0, 20, m)
    free = np.where(rng.random(m) < 0.1, NEVER, sent + 1 + rng.integers(0, 25, m))
    responded = np.where(no_deadline, free, np.select([timing == 0, timing == 1], [on_time, late], NEVER))
    responded = np.where(responded <= end, responded, NO_DATE)
    response = np.where(
        shifty, choice(rng, m, SHIFTING.consult_response[0]), choice(rng, m, SHIFTING.consult_response[1])
    )
    answered = responded != NO_DATE
    as_text = answered & (rng.random(m) < 0.10)
    return {
        "task": task,
        "requesting": np.full(m, a),
        "consulted": consulted,
        "sent": sent,
        "deadline": deadline,
        "responded": responded,
        "response": np.where(answered & ~as_text, response, -1),
        "text_response": np.where(as_text, response, -1),
    }


def consultations_table(
    world: World, c: dict[str, np.ndarray], first_task: int, first_no: int, rng
) -> pa.Table:
    m = len(c["task"])
    no_task = c["task"] < 0
    return pa.table(
        {
            "consultation_id": ids("YK", np.arange(first_no, first_no + m) + 1, 9),
            "task_id": pc.if_else(
                pa.array(no_task),
                pa.scalar(None, pa.string()),
                task_ids(first_task + np.maximum(c["task"], 0)),
            ),
            "requesting_agency_id": pick(world.agency_ids, c["requesting"]),
            "consulted_agency_id": pick(world.agency_ids, c["consulted"]),
            "sent_on": iso(c["sent"]),
            "deadline_on": iso(c["deadline"]),
            "responded_on": iso(c["responded"]),
            "response": pick(list(RESPONSES), np.maximum(c["response"], 0), mask=c["response"] < 0),
            "response_text": response_texts(
                rng, np.maximum(c["text_response"], 0), mask=c["text_response"] < 0
            ),
        }
    )
