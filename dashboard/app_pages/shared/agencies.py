"""Agencies: the scorecard of a period (a year, quarter or month up to as_of: agency_period_scorecard) with
intervals and n; ranked within the period, only above the fairness minimum.

Where agencies were reorganised (agency_successions), the scorecard reads as organised now by default (each
agency in force with the figures of those whose work it carries, as agency_scorecard_current) or as organised
then (the agency that held each record, as agency_scorecard), and an agency's lineage is shown with the
confidence of each change. Without successions the page is the plain scorecard.
"""

from __future__ import annotations

import streamlit as st

from dashboard import filters, fmt, labels, links, period, ranked_rates, tables, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.i18n import t
from dashboard.labels import agency_label, label
from dashboard.session import require_page
from dashboard.tables import empty_state, table

PAGE = "agencies"


def lineage_view(lineage, successions) -> None:
    """One agency's history: the chain to the agency that carries its work now, the agencies it took over,
    and every change touching them with its basis and confidence (a 'likely' change is said to be so)."""
    st.subheader(t("agencies.lineage_title"))
    names = dict(zip(lineage["agency_id"], lineage["name"], strict=True))
    touched = lineage[(lineage["changes"] > 0) | (lineage["predecessors"] > 0)]
    if touched.empty:
        empty_state(t("agencies.lineage_none"))
        return
    picked = filters.select(
        t("agencies.lineage_pick"),
        touched["agency_id"].tolist(),
        format_func=lambda a: agency_label(names.get(a), a),
        key="agencies_lineage_agency",
    )
    row = touched[touched["agency_id"] == picked].iloc[0]
    path = fmt.as_list(row["path"])
    st.markdown(" → ".join(f"**{agency_label(names.get(a), a)}**" for a in path))
    since = fmt.date(row["current_since"])
    if isinstance(row["current_agency_id"], str) and row["current_agency_id"] == picked:
        st.write(t("agencies.lineage_in_force"))
    elif isinstance(row["current_agency_id"], str):
        st.write(
            t(
                "agencies.lineage_now",
                agency=agency_label(row["current_name"], row["current_agency_id"]),
                date=since,
            )
        )
    else:
        st.write(t("agencies.lineage_abolished", date=since))
    if row["cycle"]:
        st.warning(t("agencies.lineage_cycle"))
    if isinstance(row["confidence"], str) and row["confidence"] in ("likely", "unverified"):
        st.warning(t("agencies.lineage_confidence", level=label("confidence", row["confidence"])))
    taken_over = lineage[
        (lineage["current_agency_id"].fillna("") == picked) & (lineage["agency_id"] != picked)
    ]
    if not taken_over.empty:
        st.write(
            t("agencies.lineage_predecessors")
            + " "
            + "; ".join(
                agency_label(n, a) for a, n in zip(taken_over["agency_id"], taken_over["name"], strict=True)
            )
        )
    involved = set(path) | set(taken_over["agency_id"])
    steps = successions[
        successions["from_agency_id"].isin(involved) | successions["to_agency_id"].isin(involved)
    ].copy()
    steps["from_label"] = [
        agency_label(n, a) for a, n in zip(steps["from_agency_id"], steps["from_name"], strict=True)
    ]
    steps["to_label"] = [
        agency_label(n, a) if isinstance(a, str) else ""
        for a, n in zip(steps["to_agency_id"], steps["to_name"], strict=True)
    ]
    steps["kind_label"] = labels.labelled(steps["kind"], "succession_kind")
    steps["confidence_label"] = labels.labelled(steps["confidence"], "confidence")
    columns = tables.headers(
        steps,
        {
            "effective_on": "agencies.col_effective_on",
            "from_label": "agencies.col_from",
            "kind_label": "agencies.col_kind",
            "to_label": "agencies.col_to",
            "basis": "agencies.col_basis",
            "confidence_label": "agencies.col_confidence",
            "source_note": "agencies.col_source",
        },
    )
    table(steps, columns, key="agencies_lineage_table")


user = require_page(PAGE)
st.caption(t("agencies.intro"))

successions = run_query(user, PAGE, "agencies_successions")
reorganised = not successions.empty
view = "then"
if reorganised:
    view = st.radio(
        t("agencies.view"),
        ["now", "then"],
        format_func=lambda v: t(f"agencies.view_{v}"),
        horizontal=True,
        key="agencies_view",
        help=t("agencies.view_help"),
    )
# the period: the year, quarter or month the scorecard is read for (agency_period_scorecard keeps those)
chosen = period.page_control(user, PAGE, kinds=("year", "quarter", "month"))
st.caption(t("agencies.period_note"))
cards = run_query(
    user,
    PAGE,
    "agencies_period_scorecard",
    {"organised": view, "period_kind": chosen.kind, "period_start": chosen.start},
)
if cards.empty:
    empty_state()
    st.stop()
# each reading has its own column: as organised then, who carries the work now; as organised now, whose work
cards = cards.drop(columns=["predecessors_text"] if view == "then" else ["current_name"])
min_n = int(cards["min_tasks"].iloc[0])
cards = labels.with_agency_label(cards, id_col="agency_id", name_col="name", out="agency")
cards["kind_label"] = labels.labelled(cards["kind"], "agency_kind")
cards["rate_text"] = fmt.rate_text(cards, min_n)
if "current_name" in cards.columns:  # as organised then: who carries the work now
    cards["current_label"] = [
        ""
        if cur == aid
        else (agency_label(name, cur) if isinstance(cur, str) else t("agencies.no_successor"))
        for aid, cur, name in zip(
            cards["agency_id"], cards["current_agency_id"], cards["current_name"], strict=True
        )
    ]

left, right = st.columns(2)
with left:
    kinds = filters.code_filter(
        t("agencies.filter_kind"),
        cards["kind"],
        lambda k: label("agency_kind", k),
        key="agencies_kind",
        param="kind",
    )
with right:
    agencies = filters.agency_filter(cards, "agency_id", "agency", key="agencies_agency")
url_state.copy_link(PAGE)
shown = filters.chosen(filters.chosen(cards, "kind", kinds), "agency_id", agencies).reset_index(drop=True)
agency_link = links.add(shown, "agency", "agency_id", "agency", out="agency_link")
st.caption(t("ui.rank_note", min_n=min_n))
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

columns = tables.headers(
    shown,
    {
        "rank_position": "col.rank",
        "agency_link": "col.agency",
        "kind_label": "col.agency_kind",
        "rate_text": "col.on_time_rate",
        "tasks_due": "col.tasks_due",
        "tasks_total": "col.tasks_total",
        "done_on_time": "col.done_on_time",
        "done_late": "col.done_late",
        "open_on_time": "col.open_on_time",
        "open_overdue": "col.open_overdue",
        "no_deadline": "col.no_deadline",
        "key_open_overdue": "col.key_open_overdue",
        "shifting_flags": "col.shifting_flags",
        "deemed_agreements": "col.deemed_agreements",
        "dossiers_returned": "col.dossiers_returned",
        "surprise_inspections": "col.surprise_inspections",
        "inspection_findings": "col.inspection_findings",
        "disciplined_officials": "col.disciplined_officials",
        **({"predecessors_text": "agencies.col_predecessors"} if view == "now" and reorganised else {}),
        **({"current_label": "agencies.col_current"} if view == "then" and reorganised else {}),
    },
)
ranked_rates.show(
    user,
    PAGE,
    shown,
    columns,
    label="agency",
    x_title=t("agencies.axis_rate"),
    title=t("agencies.chart_title"),
    chart_key="agencies_rate_chart",
    table_key="agencies_table",
    basename=f"co_quan_{view}_{chosen.code}",
    download_key="agencies_scorecard",
    follow=("agency", "agency_id"),
    table_links=[agency_link],
    export=tables.with_rates(shown, columns),
    doc=Document(
        t("doc.agencies"),
        filters_text(
            chosen,
            (t("agencies.view"), t(f"agencies.view_{view}") if reorganised else ""),
            "agencies_kind",
            "agencies_agency",
        ),
    ),
)

if reorganised:
    lineage_view(run_query(user, PAGE, "agencies_lineage"), successions)
