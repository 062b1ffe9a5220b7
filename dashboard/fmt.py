"""How values look to users: dates dd/mm/yyyy, numbers and percentages in Vietnamese format (babel).

English interface: English number format; dates stay dd/mm/yyyy (the users are Vietnamese offices).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pandas as pd

from dashboard.i18n import lang, t
from pipelines import formats


def _locale() -> str:
    return formats.EN if lang() == "en" else formats.VI


def _missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def date(d: dt.date | str | None) -> str:
    """dd/mm/yyyy; "" for a missing date. Accepts date, datetime, pandas Timestamp or ISO text."""
    return "" if d is None or _missing(d) else formats.date(d)


def datetime(d: dt.datetime | str | None) -> str:
    """dd/mm/yyyy HH:MM; "" for a missing value."""
    return "" if d is None or _missing(d) else formats.datetime(d)


def number(x: Any, decimals: int = 0) -> str:
    """A count or amount in the interface's notation; "—" when missing."""
    return "—" if _missing(x) else formats.number(float(x), decimals, _locale())


def percent(x: Any, decimals: int = 1) -> str:
    """A fraction in [0, 1] as a percentage: 0.825 → "82,5%"; "—" when missing."""
    if _missing(x) or (isinstance(x, float) and math.isinf(x)):
        return "—"
    return formats.percent(float(x), decimals, _locale())


def rate_with_interval(rate: Any, low: Any, high: Any, n: Any, min_n: int) -> str:
    """ "82,5% (74,1–88,6%; n = 40)", or "Không đủ dữ liệu (n = 3)" below min_n (or without a rate)."""
    count = 0 if _missing(n) else int(n)
    if count < min_n or _missing(rate):
        return t("insufficient_data", n=count)
    low_text = percent(low).rstrip("%") if not _missing(low) else "—"
    return f"{percent(rate)} ({low_text}–{percent(high)}; n = {number(count)})"


def month(d: dt.date | None) -> str:
    """mm/yyyy for a month (first day of month as date/timestamp)."""
    return "" if d is None or _missing(d) else formats.month(d)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|$~:=&\"'^])")


def md_text(value: object) -> str:
    """Data as literal text inside Markdown (headings, captions, messages): every ASCII punctuation mark is
    backslash-escaped, so no link, image, KaTeX formula, HTML or emoji shortcode can come out of it."""
    text = " ".join(str(value).split())  # no line breaks either: a heading stays one line
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def rate_text(
    df: pd.DataFrame,
    min_n: int,
    *,
    rate: str = "on_time_rate",
    low: str = "on_time_rate_low",
    high: str = "on_time_rate_high",
    n: str = "tasks_due",
) -> pd.Series:
    """The fairness rule on screen: "82,5% (74,1–88,6%; n = 40)" or "Không đủ dữ liệu (n = 3)"."""
    return pd.Series(
        [
            rate_with_interval(r, lo, hi, k, min_n)
            for r, lo, hi, k in zip(df[rate], df[low], df[high], df[n], strict=True)
        ],
        index=df.index,
        dtype="string",
    )


def plotly_separators() -> str:
    return ".," if lang() == "en" else ",."


def as_list(value: object) -> list:
    """A list cell (DuckDB LIST → numpy array or list) as a Python list; anything missing → []."""
    if value is None or value is pd.NA:
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [v for v in value if v is not None]
    if isinstance(value, float) and value != value:
        return []
    return [value]


def joined(value: object) -> str:
    """A list cell (e.g. criteria met) as one line "a; b; c"; text stays text; missing → ""."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value if v is not None)
    return "" if isinstance(value, float) and value != value else str(value)
