"""The one period control of the analysis pages: a year, a quarter, a month or a custom range of days.

Default: the year of the data date, from 1 January up to the data date (as_of). Every period ends at
as_of at the latest. The choice is a code — `2026`, `2026-Q3`, `2026-07`, `2026-07-01..2026-09-30` — kept
in the URL (`?period=2026-Q3`) and carried from page to page in the session. Queries take the period as
`$start` and `$end` (both inclusive). Nothing here reads data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import filters, fmt, url_state
from dashboard.access import User
from dashboard.data import run_query
from dashboard.i18n import t

PARAM = "period"
SHARED_KEY = "period_code"  # the last period chosen on any page: the next page starts from it
KINDS = ("year", "quarter", "month", "custom")
_PENDING = "?"  # a page's own default, until the widgets have settled on it
_LARGER = {"year": (), "quarter": ("year",), "month": ("quarter", "year"), "custom": ("year",)}
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    kind: str
    code: str
    start: dt.date
    end: dt.date

    def params(self) -> dict[str, dt.date]:
        return {"start": self.start, "end": self.end}

    def text(self) -> str:
        """ "Quý 3/2026 (01/07/2026 – 30/09/2026)" """
        return t(
            f"period.text.{self.kind}",
            name=name(self.code),
            start=fmt.date(self.start),
            end=fmt.date(self.end),
        )


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def parse(code: str | None, as_of: dt.date) -> Period | None:
    """The period a code names, cut at as_of; None for a code that is not one or starts after as_of."""
    if not code:
        return None
    code = code.strip()
    try:
        if re.fullmatch(r"\d{4}", code):
            kind, start, end = "year", dt.date(int(code), 1, 1), dt.date(int(code), 12, 31)
        elif m := _QUARTER.match(code):
            year, q = int(m.group(1)), int(m.group(2))
            kind, start, end = "quarter", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        elif m := _MONTH.match(code):
            year, month = int(m.group(1)), int(m.group(2))
            kind, start, end = "month", dt.date(year, month, 1), _month_end(year, month)
        elif m := _RANGE.match(code):
            kind = "custom"
            start, end = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
        else:
            return None
    except ValueError:
        return None
    if start > as_of or end < start:
        return None
    end = min(end, as_of)
    if kind == "custom":
        code = f"{start.isoformat()}..{end.isoformat()}"
    return Period(kind, code, start, end)


def default(as_of: dt.date) -> Period:
    """The year of as_of, from 1 January up to as_of."""
    period = parse(str(as_of.year), as_of)
    assert period is not None
    return period


def name(code: str) -> str:
    """ "Năm 2026", "Quý 3/2026", "Tháng 07/2026"; a range by its dates."""
    if re.fullmatch(r"\d{4}", code):
        return t("period.year_name", year=code)
    if m := _QUARTER.match(code):
        return t("period.quarter_name", q=m.group(2), year=m.group(1))
    if m := _MONTH.match(code):
        return t("period.month_name", month=m.group(2), year=m.group(1))
    if m := _RANGE.match(code):
        return f"{fmt.date(m.group(1))} – {fmt.date(m.group(2))}"
    return code


def choices(kind: str, as_of: dt.date, first: dt.date, years: Sequence[int] | None = None) -> list[str]:
    """The codes offered for a kind, newest first, from the first data date's year up to as_of (only `years`
    when a page names them: the years its records are kept by)."""
    span: Sequence[int] = range(as_of.year, min(first.year, as_of.year) - 1, -1)
    if years is not None:
        span = [y for y in sorted(set(years), reverse=True) if y <= as_of.year]
    if kind == "year":
        return [str(y) for y in span]
    if kind == "quarter":
        return [f"{y}-Q{q}" for y in span for q in (4, 3, 2, 1) if dt.date(y, 3 * q - 2, 1) <= as_of]
    if kind == "month":
        return [f"{y}-{m:02d}" for y in span for m in range(12, 0, -1) if dt.date(y, m, 1) <= as_of]
    return []


def within(chosen: Period, kinds: Sequence[str], as_of: dt.date) -> Period | None:
    """The period of one of `kinds` that holds the start of `chosen`: a month's quarter or year, a quarter's
    year, a custom range's first year (a page whose figures are kept by quarter or by year reads a period
    that another page chose as the one that holds it); None when no kind does."""
    if chosen.kind in kinds:
        return chosen
    start = chosen.start
    codes = {"quarter": f"{start.year}-Q{(start.month - 1) // 3 + 1}", "year": str(start.year)}
    for kind in _LARGER[chosen.kind]:
        if kind in kinds:
            return parse(codes[kind], as_of)
    return None


def control(
    page: str,
    as_of: dt.date,
    first: dt.date | None = None,
    *,
    kinds: Sequence[str] = KINDS,
    years: Sequence[int] | None = None,
) -> Period:
    """The period widgets of a page (kind, then the year / quarter / month or days), bound to `?period=`.

    `kinds` are the kinds a page offers (its figures may be kept by year or quarter only: the kind widget is
    not drawn when there is one), `years` the years it offers when not every year from `first` to as_of."""
    first = min(first or as_of, as_of)
    kinds = [k for k in KINDS if k in kinds]
    offered = choices("year", as_of, first, years)
    fallback = parse(offered[0], as_of) if offered else None
    fallback = fallback or default(as_of)
    kind_key, value_key, range_key = f"{page}_period_kind", f"{page}_period_value", f"{page}_period_range"
    auto_key = f"{page}_period_auto"
    # the widgets' state goes when a page is left: back on it, the period is read again (URL, last choice);
    # a page of one kind draws no kind widget, so its value widget says whether it was just drawn
    if kind_key not in st.session_state or (len(kinds) == 1 and value_key not in st.session_state):
        found = [parse(url_state.value(PARAM), as_of), parse(st.session_state.get(SHARED_KEY), as_of)]
        usable = [p for p in (within(f, kinds, as_of) for f in found if f) if p]
        start = usable[0] if usable else within(default(as_of), kinds, as_of) or fallback
        if start.kind not in kinds:
            start = fallback
        # a page's own default (none was asked for) is not a choice: it does not become the next page's period
        st.session_state[auto_key] = "" if usable else _PENDING
        st.session_state[kind_key] = start.kind
        if start.kind == "custom":
            st.session_state[range_key] = (start.start, start.end)
        else:
            st.session_state[value_key] = start.code
    left, right = st.columns([1, 2])
    with left:
        if len(kinds) > 1:
            kind = filters.select(
                t("period.kind"), kinds, format_func=lambda k: t(f"period.kind.{k}"), key=kind_key
            )
        else:
            kind = kinds[0]
    with right:
        if kind == "custom":
            if range_key not in st.session_state:
                year = default(as_of)
                st.session_state[range_key] = (year.start, year.end)
            earliest = min([dt.date(first.year, 1, 1), *st.session_state[range_key]])
            picked = st.date_input(
                t("period.range"), key=range_key, min_value=earliest, max_value=as_of, format="DD/MM/YYYY"
            )
            days = tuple(picked) if isinstance(picked, tuple | list) else (picked,)
            low = days[0] if days else as_of
            high = days[1] if len(days) > 1 else low
            chosen = parse(f"{low.isoformat()}..{high.isoformat()}", as_of) or default(as_of)
        else:
            options = choices(kind, as_of, first, years) or [fallback.code]
            if st.session_state.get(value_key) not in options:
                st.session_state[value_key] = options[0]
            code = filters.select(t("period.value"), options, format_func=name, key=value_key)
            chosen = parse(code, as_of) or fallback
    if st.session_state.get(auto_key) == _PENDING:
        st.session_state[auto_key] = chosen.code  # what the page showed by itself
    if chosen.code != st.session_state.get(auto_key):
        st.session_state[SHARED_KEY] = chosen.code
    url_state.publish(PARAM, chosen.code)
    st.caption(chosen.text())
    return chosen


def page_control(
    user: User, page: str, *, kinds: Sequence[str] = KINDS, years: Sequence[int] | None = None
) -> Period:
    """The period control of an analysis page, offering the years from the first record up to as_of."""
    bounds = run_query(user, page, "period_bounds")
    as_of = (_as_date(bounds["as_of"].iloc[0]) if len(bounds) else None) or dt.date.today()
    first = _as_date(bounds["first_on"].iloc[0]) if len(bounds) else None
    return control(page, as_of, first or as_of, kinds=kinds, years=years)


def kept(user: User, page: str, chosen: Period, kinds: Sequence[str]) -> Period:
    """The period of `kinds` (those a mart keeps its figures by) that holds `chosen` (`within`): `chosen`
    itself when it is one of them; the data date read as page_control reads it. `kinds` must include the
    year."""
    bounds = run_query(user, page, "period_bounds")
    as_of = (_as_date(bounds["as_of"].iloc[0]) if len(bounds) else None) or chosen.end
    found = within(chosen, kinds, as_of)
    assert found is not None, f"no period of {kinds} holds {chosen.code}"
    return found


def _as_date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
