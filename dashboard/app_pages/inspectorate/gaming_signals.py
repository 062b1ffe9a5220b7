"""Signals of records made to look better than the work was (gaming_signals): leads for the inspectorate,
never counted in grades, filtered by kind, agency and period, each with its records as evidence."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import fmt
from dashboard.data import build_info, run_query
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.gaming import KINDS, columns, kind_label, labelled
from dashboard.i18n import t
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "gaming-signals"

user = require_page(PAGE)
st.caption(t("gaming.caption"))
options = run_query(user, PAGE, "gaming_signal_options")
as_of = build_info().get("as_of") or dt.date.today()
left, middle, right = st.columns(3)
with left:
    kinds = st.multiselect(
        t("gaming.kind"),
        list(KINDS),
        format_func=kind_label,
        key="gaming_kind",
        placeholder=t("filter.all"),
    )
with middle:
    names = dict(zip(options["agency_id"], options["agency_name"], strict=True))
    agencies = st.multiselect(
        t("filter.agency"),
        list(names),
        format_func=lambda a: f"{names.get(a) or a} ({a})",
        key="gaming_agency",
        placeholder=t("filter.all"),
    )
with right:
    period = st.date_input(
        t("gaming.period"),
        value=(dt.date(2000, 1, 1), as_of),
        format="DD/MM/YYYY",
        key="gaming_period",
    )
date_from, date_to = (
    (period[0], period[-1]) if isinstance(period, tuple) and period else (dt.date(2000, 1, 1), as_of)
)
filters = {"kinds": kinds or None, "agencies": agencies or None, "date_from": date_from, "date_to": date_to}
audit_view(user, PAGE, filters)
rows = run_query(user, PAGE, "gaming_signals", filters)
counts = rows["kind"].value_counts() if not rows.empty else {}
kpi_row(
    [Kpi(t("gaming.all_signals"), fmt.number(len(rows)))]
    + [Kpi(kind_label(k), fmt.number(int(counts.get(k, 0)))) for k in KINDS]
)
if rows.empty:
    empty_state(t("gaming.none"))
    st.stop()
rows = labelled(rows)
labels = columns()
table(rows, labels, key="gaming_table")
export = rows[list(labels)].rename(columns=labels)
downloads(
    user,
    export,
    "dau_hieu_lam_dep_ho_so",
    PAGE,
    key="gaming_download",
    doc=Document(
        t("gaming.all_signals"),
        filters_text(
            (t("gaming.kind"), [kind_label(k) for k in kinds]),
            (t("filter.agency"), [f"{names.get(a) or a} ({a})" for a in agencies]),
            (t("gaming.period"), f"{fmt.date(date_from)} – {fmt.date(date_to)}"),
        ),
    ),
)
