"""The periodic reports of `congvu report` (pipelines/reports/: the task report, the Board's proposal list,
the personnel review list) as .docx links on the pages of the roles that may see them.

Which role gets which report is plain data in dashboard/access.py (REPORT_PAGES: a report goes with the page
whose records it holds). A report is made on request, when the browser follows its link, on the audited path
of every download (dashboard/downloads.file_download → dashboard/delivery.py): the role is checked again for
that page, the audit line (file, report, period) is written, and only then is the report read and rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import streamlit as st

from dashboard import filters, period
from dashboard.access import REPORT_PAGES, User, reports_for
from dashboard.data import build_info, db_path
from dashboard.downloads import file_download
from dashboard.i18n import t

FILE_NAMES = {"tasks": "bao_cao_nhiem_vu", "commendation": "de_nghi_khen_thuong", "review": "ra_soat_nhan_su"}


def _maker(kind: str, code: str) -> Callable[[], bytes]:
    def make() -> bytes:  # at click time, after the audit line
        from pipelines.reports import render_report

        return render_report(db_path(), kind, code, "docx")

    return make


def report_links(user: User, key: str, kinds: Sequence[str] | None = None) -> None:
    """A "Báo cáo định kỳ" box: a report period (the quarters and years up to the data date, the current
    quarter first) and one .docx link per report of `kinds` (all by default) that the user's role may get."""
    allowed = [kind for kind in reports_for(user.role) if kinds is None or kind in kinds]
    if not allowed:
        return
    as_of = build_info().get("as_of") or dt.date.today()
    first = dt.date(as_of.year - 1, 1, 1)
    options = period.choices("quarter", as_of, first) + period.choices("year", as_of, first)
    with st.expander(t("reports.title"), icon=":material/description:"):
        st.caption(t("reports.help"))
        code = filters.select(t("reports.period"), options, format_func=period.name, key=f"{key}_period")
        columns = st.columns(len(allowed))
        for column, kind in zip(columns, allowed, strict=True):
            with column:
                file_download(
                    user,
                    _maker(kind, code),
                    f"{FILE_NAMES[kind]}_{code}.docx",
                    REPORT_PAGES[kind],
                    key=f"{key}_{kind}",
                    rows=0,  # not known before the report is read, which happens after the audit line
                    label=t(f"reports.{kind}"),
                    details={"report": kind, "period": code},
                )
