"""One home for number and date formats (pipelines/formats.py): the terminal, the reports and the dashboard
read a value the same way, Vietnamese notation by default, English on the English dashboard."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipelines import console, formats
from pipelines.reports import model, periods


def test_vietnamese_notation() -> None:
    assert formats.number(1234567) == "1.234.567"
    assert formats.number(1234.56, decimals=1) == "1.234,6"
    assert formats.percent(0.825) == "82,5%"
    assert formats.decimal(2.5) == "2,5" and formats.decimal(3.0) == "3"
    assert formats.number(1234.5, locale=formats.EN) == "1,234"  # rounded half to even, as babel rounds


@pytest.mark.parametrize(
    "value",
    [dt.date(2026, 3, 5), dt.datetime(2026, 3, 5, 14, 7), pd.Timestamp("2026-03-05 14:07"), "2026-03-05"],
)
def test_dates_read_day_first_whatever_their_type(value: object) -> None:
    assert formats.date(value) == "05/03/2026"  # type: ignore[arg-type]
    assert formats.month(value) == "03/2026"  # type: ignore[arg-type]


def test_terminal_reports_and_dashboard_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import fmt

    monkeypatch.setattr(fmt, "lang", lambda: "vi")
    assert console.number(12345) == model.number(12345) == fmt.number(12345) == "12.345"
    assert console.percent(0.5) == model.percent(0.5) == fmt.percent(0.5) == "50,0%"
    assert periods.vn_date(dt.date(2026, 1, 2)) == fmt.date(dt.date(2026, 1, 2)) == "02/01/2026"
    assert fmt.datetime(pd.Timestamp("2026-01-02 09:30")) == "02/01/2026 09:30"
    monkeypatch.setattr(fmt, "lang", lambda: "en")
    assert fmt.number(12345) == "12,345" and fmt.percent(0.5) == "50.0%"


def test_each_surface_keeps_its_own_mark_for_a_missing_value() -> None:
    from dashboard import fmt

    assert console.number(None) == model.number(None) == ""
    assert fmt.number(None) == fmt.percent(float("nan")) == "—"
    assert fmt.date(pd.NaT) == fmt.date(None) == ""
