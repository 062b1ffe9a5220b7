"""What every kind of report shares: the warehouse's facts, the issuing body's names, the period window."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipelines.reports.periods import Period, vn_date
from pipelines.reports.queries import Warehouse

DEFAULT_CITY = "UBND thành phố Hải Phòng"


@dataclass(frozen=True)
class Context:
    period: Period
    as_of: dt.date
    evaluation_year: int
    city_name: str
    issued_on: dt.date

    @property
    def issuer_parent(self) -> str:
        return self.city_name.upper()

    @property
    def place(self) -> str:
        """ "Hải Phòng" from "UBND thành phố Hải Phòng" (the place on the date line)."""
        match = re.search(r"(?:thành phố|tỉnh)\s+(.+)$", self.city_name, flags=re.IGNORECASE)
        return match.group(1).strip() if match else "Hải Phòng"

    @property
    def cutoff(self) -> dt.date:
        """The day on which the period's status is judged: its last day, or the warehouse's as_of when the
        period has not ended by then."""
        return min(self.period.end, self.as_of)

    @property
    def started(self) -> bool:
        return self.period.start <= self.as_of

    def cutoff_words(self) -> str:
        if self.cutoff == self.period.end:
            return f"ngày {vn_date(self.cutoff)} (ngày cuối kỳ báo cáo)"
        return (
            f"ngày {vn_date(self.cutoff)} (ngày số liệu của kho dữ liệu; kỳ báo cáo kết thúc ngày "
            f"{vn_date(self.period.end)})"
        )


def load_context(wh: Warehouse, period: Period, issued_on: dt.date | None) -> Context:
    info = wh.run("build_info")[0]
    return Context(
        period=period,
        as_of=info["as_of"],
        evaluation_year=int(info["evaluation_year"]),
        city_name=info["city_name"] or DEFAULT_CITY,
        issued_on=issued_on or dt.date.today(),
    )


def period_range(ctx: Context) -> str:
    return f"từ ngày {vn_date(ctx.period.start)} đến ngày {vn_date(ctx.period.end)}"
