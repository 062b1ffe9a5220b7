"""How values look to users: dates dd/mm/yyyy, numbers and percentages in Vietnamese format (babel).

English interface: English number format; dates stay dd/mm/yyyy (the users are Vietnamese offices).
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from babel.numbers import format_decimal, format_percent

from dashboard.i18n import lang, t


def _locale() -> str:
    return "en_GB" if lang() == "en" else "vi_VN"


def _missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def date(d: object) -> str:
    """dd/mm/yyyy; "" for a missing date. Accepts date, datetime, pandas Timestamp or ISO text."""
    if _missing(d):
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    if isinstance(d, pd.Timestamp):
        d = d.to_pydatetime()
    return d.strftime("%d/%m/%Y")


def datetime(d: object) -> str:
    """dd/mm/yyyy HH:MM; "" for a missing value."""
    if _missing(d):
        return ""
    if isinstance(d, str):
        d = dt.datetime.fromisoformat(d)
    if isinstance(d, pd.Timestamp):
        d = d.to_pydatetime()
    return d.strftime("%d/%m/%Y %H:%M")


def number(x: object, decimals: int = 0) -> str:
    if _missing(x):
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(float(x) if decimals else round(float(x)), format=pattern, locale=_locale())


def percent(x: object, decimals: int = 1) -> str:
    """A fraction in [0, 1] as a percentage: 0.825 → "82,5%"."""
    if _missing(x) or (isinstance(x, float) and math.isinf(x)):
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(float(x), format=pattern, locale=_locale())


def rate_with_interval(rate: object, low: object, high: object, n: object, min_n: int) -> str:
    """ "82,5% (74,1–88,6%; n = 40)", or "Không đủ dữ liệu (n = 3)" below min_n (or without a rate)."""
    count = 0 if _missing(n) else int(n)  # type: ignore[arg-type]
    if count < min_n or _missing(rate):
        return t("insufficient_data", n=count)
    low_text = percent(low).rstrip("%") if not _missing(low) else "—"
    return f"{percent(rate)} ({low_text}–{percent(high)}; n = {number(count)})"


def month(d: object) -> str:
    """mm/yyyy for a month (first day of month as date/timestamp)."""
    if _missing(d):
        return ""
    if isinstance(d, pd.Timestamp):
        d = d.to_pydatetime()
    return d.strftime("%m/%Y")
