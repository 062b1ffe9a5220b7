"""Signals of records made to look better than the work was (gaming_signals): leads for the inspectorate,
never counted in grades, filtered by kind, agency and period, each with its records as evidence."""

from __future__ import annotations

import streamlit as st

from dashboard import fmt, grounds, period, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.filters import multiselect
from dashboard.gaming import KINDS, columns, kind_label, labelled
from dashboard.i18n import t
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "gaming-signals"

user = require_page(PAGE)
grounds.note_vietnamese_records()  # English mode: evidence and reasons below stay Vietnamese
st.caption(t("gaming.caption"))
# the one period control of the analysis pages (in the URL as ?period=): signals that occurred in the period
chosen = period.page_control(user, PAGE)
st.caption(t("gaming.period_note"))
options = run_query(user, PAGE, "gaming_signal_options")
left, middle = st.columns(2)
with left:
    url_state.restore_list("gaming_kind", "kind", KINDS)
    kinds = multiselect(
        t("gaming.kind"),
        list(KINDS),
        format_func=kind_label,
        key="gaming_kind",
        placeholder=t("filter.all"),
    )
    url_state.publish("kind", kinds)
with middle:
    names = dict(zip(options["agency_id"], options["agency_name"], strict=True))
    url_state.restore_list("gaming_agency", "agency", names)
    agencies = multiselect(
        t("filter.agency"),
        list(names),
        format_func=lambda a: f"{names.get(a) or a} ({a})",
        key="gaming_agency",
        placeholder=t("filter.all"),
    )
    url_state.publish("agency", agencies)
url_state.copy_link(PAGE)
filters = {"kinds": kinds or None, "agencies": agencies or None, **chosen.params()}
audit_view(user, PAGE, {"kinds": kinds, "agencies": agencies, "period": chosen.code})
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
    f"dau_hieu_lam_dep_ho_so_{chosen.code}",
    PAGE,
    key="gaming_download",
    doc=Document(
        t("gaming.all_signals"),
        filters_text(
            chosen,
            (t("gaming.kind"), [kind_label(k) for k in kinds]),
            (t("filter.agency"), [f"{names.get(a) or a} ({a})" for a in agencies]),
        ),
    ),
)
