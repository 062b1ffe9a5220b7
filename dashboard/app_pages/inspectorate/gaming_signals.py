"""Signals of records made to look better than the work was (gaming_signals): leads for the inspectorate,
never counted in grades, filtered by kind, agency and period, each with its records as evidence."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import fmt, grounds, i18n, period, url_state
from dashboard.data import export_as, run_query
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.filters import multiselect
from dashboard.gaming import KINDS, columns, kind_label, labelled
from dashboard.i18n import t
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import ROW_LIMIT, Kpi, empty_state, kpi_row, table

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
# the counts per kind in SQL (KPIs and the full count), then only the first rows of the list: a province has
# hundreds of thousands of signals; a download holds every filtered row, made when it is clicked
counts = run_query(user, PAGE, "gaming_signal_counts", filters)
by_kind = dict(zip(counts["kind"], counts["signals"], strict=True))
total = int(sum(by_kind.values()))
kpi_row(
    [Kpi(t("gaming.all_signals"), fmt.number(total))]
    + [Kpi(kind_label(k), fmt.number(int(by_kind.get(k, 0)))) for k in KINDS]
)
if total == 0:
    empty_state(t("gaming.none"))
    st.stop()


def _export(rows: pd.DataFrame) -> pd.DataFrame:
    labels = columns()
    return rows[list(labels)].rename(columns=labels)


def _every_row(role: str, language: str) -> Callable[[], pd.DataFrame]:
    def make() -> pd.DataFrame:  # on the download's thread: the role and language of this view
        with i18n.language(language):
            return _export(labelled(export_as(role, PAGE, "gaming_signals", {**filters, "limit": None})))

    return make


rows = labelled(run_query(user, PAGE, "gaming_signals", {**filters, "limit": ROW_LIMIT}))
if total > len(rows):
    st.caption(t("ui.rows_limited", shown=fmt.number(len(rows)), total=fmt.number(total)))
table(rows, columns(), key="gaming_table")
downloads(
    user,
    _every_row(user.role, i18n.lang()) if total > len(rows) else _export(rows),
    f"dau_hieu_lam_dep_ho_so_{chosen.code}",
    PAGE,
    key="gaming_download",
    rows=total if total > len(rows) else None,
    doc=Document(
        t("gaming.all_signals"),
        filters_text(
            chosen,
            (t("gaming.kind"), [kind_label(k) for k in kinds]),
            (t("filter.agency"), [f"{names.get(a) or a} ({a})" for a in agencies]),
        ),
    ),
)
