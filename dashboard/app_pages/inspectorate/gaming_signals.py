"""Signals of records made to look better than the work was (gaming_signals): leads for the inspectorate,
never counted in grades, filtered by kind, agency and period, each with its records as evidence."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import fmt, grounds
from dashboard.data import build_info, run_query
from dashboard.downloads import downloads
from dashboard.filters import date_range, multiselect
from dashboard.gaming import KINDS, columns, labelled
from dashboard.i18n import tr
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "gaming-signals"

user = require_page(PAGE)
grounds.note_vietnamese_records()  # English mode: evidence and reasons below stay Vietnamese
st.caption(
    tr(
        "Dấu hiệu làm hồ sơ trông tốt hơn công việc thực tế: là đầu mối để thanh tra xem xét, không "
        "phải kết luận, "
        "và không bao giờ được tính vào xếp loại, khen thưởng. Ngưỡng trong settings.toml ([gaming]).",
        "Signs that a record looks better than the work was: leads for the inspectorate, not findings, never "
        "counted in grades. Thresholds in settings.toml ([gaming]).",
    )
)
options = run_query(user, PAGE, "gaming_signal_options")
as_of = build_info().get("as_of") or dt.date.today()
left, middle, right = st.columns(3)
with left:
    kinds = multiselect(
        tr("Loại dấu hiệu", "Kind"),
        list(KINDS),
        format_func=lambda k: tr(*KINDS[k]),
        key="gaming_kind",
        placeholder=tr("Tất cả", "All"),
    )
with middle:
    names = dict(zip(options["agency_id"], options["agency_name"], strict=True))
    agencies = multiselect(
        tr("Cơ quan", "Agency"),
        list(names),
        format_func=lambda a: f"{names.get(a) or a} ({a})",
        key="gaming_agency",
        placeholder=tr("Tất cả", "All"),
    )
with right:
    date_from, date_to = date_range(
        tr("Thời gian", "Period"), dt.date(2000, 1, 1), as_of, key="gaming_period"
    )
filters = {"kinds": kinds or None, "agencies": agencies or None, "date_from": date_from, "date_to": date_to}
audit_view(user, PAGE, filters)
rows = run_query(user, PAGE, "gaming_signals", filters)
counts = rows["kind"].value_counts() if not rows.empty else {}
kpi_row(
    [Kpi(tr("Tất cả dấu hiệu", "All signals"), fmt.number(len(rows)))]
    + [Kpi(tr(*KINDS[k]), fmt.number(int(counts.get(k, 0)))) for k in KINDS]
)
if rows.empty:
    empty_state(tr("Không có dấu hiệu nào với bộ lọc này.", "No signal under these filters."))
    st.stop()
rows = labelled(rows)
labels = columns()
table(rows, labels, key="gaming_table")
export = rows[list(labels)].rename(columns=labels)
export[labels["occurred_on"]] = rows["occurred_on"].map(fmt.date)
downloads(user, export, "dau_hieu_lam_dep_ho_so", PAGE, key="gaming_download")
