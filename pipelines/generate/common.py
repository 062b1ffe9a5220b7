"""Shared helpers: reproducible random streams, day numbers and Arrow string columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EPOCH = dt.date(1970, 1, 1)
NO_DATE = -1  # day number meaning "no date" (every real date here is after 1970)

# Stream keys: every stage and chunk draws from its own SeedSequence child, so that a chunk's content
# depends only on (seed, stage, chunk number) and never on what other chunks drew.
PLAN, PEOPLE, TASKS, INSPECTIONS, BAD_ROWS, AGENCIES, ROUTING = 1, 2, 3, 4, 5, 6, 7


def rng_for(seed: int, *key: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def day(d: dt.date) -> int:
    return (d - EPOCH).days


def date_of(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(n))


def year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0 … Sunday = 6 (1 January 1970 was a Thursday)."""
    return (days + 3) % 7


def to_working_day(days: np.ndarray) -> np.ndarray:
    """Moves Saturdays back to Friday and Sundays on to Monday: documents are signed on working days."""
    wd = weekday(days)
    return days - (wd == 5) + (wd == 6)


def choice(rng: np.random.Generator, n: int, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """n indices drawn with the given (not necessarily normalised) weights."""
    cum = np.cumsum(np.asarray(weights, dtype=float))
    return np.searchsorted(cum, rng.random(n) * cum[-1], side="right")


def between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A uniform integer in [lo, hi] for each element (hi >= lo)."""
    return lo + np.floor(rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)


# ---- Arrow string columns -------------------------------------------------------------------------


def ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def iso(days: np.ndarray) -> pa.Array:
    """Day numbers → 'YYYY-MM-DD' strings, NO_DATE → null."""
    days = np.asarray(days)
    return pa.array(days.astype(np.int32), mask=days < 0).cast(pa.date32()).cast(pa.string())


def vn_date(days: np.ndarray) -> pa.Array:
    """Day numbers → 'dd/mm/yyyy' strings, as Vietnamese exports write them; NO_DATE → null."""
    days = np.asarray(days)
    return pc.strftime(pa.array(days.astype(np.int32), mask=days < 0).cast(pa.date32()), format="%d/%m/%Y")


def text(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Integers (or strings) → strings, with null where mask is true."""
    arr = pa.array(values, mask=mask)
    return arr if arr.type == pa.string() else arr.cast(pa.string())


def pick(pool: list[str] | pa.Array, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """pool[idx] as a string column, null where mask is true."""
    pool_arr = pool if isinstance(pool, pa.Array) else pa.array(pool, type=pa.string())
    return pool_arr.take(pa.array(np.asarray(idx, dtype=np.int64), mask=mask))


def join(*parts: pa.Array | str, sep: str = "") -> pa.Array:
    return pc.binary_join_element_wise(*parts, sep)


def boolean(values: np.ndarray) -> pa.Array:
    return pa.array(np.where(values, "true", "false"), type=pa.string())
