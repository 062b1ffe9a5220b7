"""Report periods: `2023-Q2`, `2023-05`, `2023-H1`, `2023` → first day, last day, the previous period.

A period is a closed range of calendar days. The previous period is the one of the same length just
before it (Q1 → Q4 of the year before, H2 → H1, May → April, 2023 → 2022).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from pipelines import formats

_PATTERNS = (
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-[Hh]([12])$"), "half"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    """The text is not a period this command understands."""


@dataclass(frozen=True)
class Period:
    kind: str  # year | half | quarter | month
    year: int
    number: int  # 1 for a year; the half, quarter or month otherwise

    @property
    def code(self) -> str:
        return {
            "year": f"{self.year}",
            "half": f"{self.year}-H{self.number}",
            "quarter": f"{self.year}-Q{self.number}",
            "month": f"{self.year}-{self.number:02d}",
        }[self.kind]

    @property
    def _months(self) -> tuple[int, int]:
        size = {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.kind]
        first = (self.number - 1) * size + 1
        return first, first + size - 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self._months[0], 1)

    @property
    def end(self) -> dt.date:
        last = self._months[1]
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    def previous(self) -> Period:
        count = {"year": 1, "half": 2, "quarter": 4, "month": 12}[self.kind]
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, count)

    @property
    def label_vi(self) -> str:
        """As Vietnamese reports name it: "quý II năm 2023", "6 tháng đầu năm 2023", "tháng 5 năm 2023"."""
        if self.kind == "year":
            return f"năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.number]} năm {self.year}"
        return f"tháng {self.number} năm {self.year}"


def parse_period(text: str) -> Period:
    cleaned = text.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        year = int(match.group(1))
        number = int(match.group(2)) if kind != "year" else 1
        if not 1900 <= year <= 2999:
            break
        if kind == "month" and not 1 <= number <= 12:
            break
        return Period(kind, year, number)
    raise PeriodError(
        f"kỳ báo cáo không hợp lệ (invalid period) {text!r}: dùng YYYY (năm), YYYY-H1/H2 (6 tháng), "
        "YYYY-Q1..Q4 (quý) hoặc YYYY-MM (tháng), ví dụ 2023, 2023-H1, 2023-Q2, 2023-05"
    )


def vn_date(day: dt.date) -> str:
    """dd/mm/yyyy, as users read dates."""
    return formats.date(day)


def vn_date_line(place: str, day: dt.date) -> str:
    """The place-and-date line of an administrative document (Decree 30/2020, Appendix I, item 5):
    a day below 10 and the months 1 and 2 take a leading zero — "Hải Phòng, ngày 05 tháng 3 năm 2024"."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
