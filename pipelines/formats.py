"""How numbers and dates read, wherever congvu shows them: the terminal, the reports and the dashboard.

Numbers and percentages in the reader's notation (babel; Vietnamese by default: 1.234,5 and 82,5%), dates
dd/mm/yyyy in every language (the users are Vietnamese offices). Each surface says what a missing value
looks like on it; these functions format values that exist.
"""

from __future__ import annotations

import datetime as dt

from babel.numbers import format_decimal, format_percent

VI = "vi_VN"
EN = "en_GB"


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def number(value: float, decimals: int = 0, locale: str = VI) -> str:
    """1234.5 → "1.235" (decimals=0: rounded) or "1.234,5" (decimals=1)."""
    return format_decimal(value if decimals else round(value), format=_pattern(decimals), locale=locale)


def decimal(value: float, locale: str = VI) -> str:
    """Up to two decimals, none when whole: 2.5 → "2,5", 3.0 → "3"."""
    return format_decimal(value, format="#,##0.##", locale=locale)


def percent(fraction: float, decimals: int = 1, locale: str = VI) -> str:
    """A fraction in [0, 1] as a percentage: 0.825 → "82,5%"."""
    return format_percent(fraction, format=_pattern(decimals) + "%", locale=locale)


def _as_datetime(value: dt.date | str) -> dt.date:
    """A date, datetime (pandas' Timestamp is one) or ISO text."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
    return value


def date(value: dt.date | str) -> str:
    """dd/mm/yyyy."""
    return _as_datetime(value).strftime("%d/%m/%Y")


def datetime(value: dt.datetime | str) -> str:
    """dd/mm/yyyy HH:MM."""
    return _as_datetime(value).strftime("%d/%m/%Y %H:%M")


def month(value: dt.date | str) -> str:
    """mm/yyyy."""
    return _as_datetime(value).strftime("%m/%Y")
