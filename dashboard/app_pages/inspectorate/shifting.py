"""Responsibility shifting: the hand-over network, ping-pong chains, every flag with its evidence, and the
per-agency shifting rate with its interval. Parts whose tables are still being built say so."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, fmt, page_kit
from dashboard.components import Kpi, audit_view, downloads, empty_state, kpi_row, table
from dashboard.data import run_query
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.session import require_page

PAGE = "shifting"
FLAG_KINDS = (
    "transfer_within_authority",
    "escalation_within_authority",
    "dossier_returned",
    "ping_pong",
    "consultation_deemed_agreed",
    "consultation_evasive",
    "consultation_without_deadline",
    "consultation_after_due",
)

user = require_page(PAGE)
st.caption(t("shifting.intro"))

# the aggregates (agency × kind): filter choices, KPIs, chart and the full count of the filtered tables
counts = run_query(user, PAGE, "shifting_flag_counts")
counts = page_kit.with_agency_label(counts, id_col="agency_id", name_col="agency_name", out="agency")
counts["kind_label"] = page_kit.code_labelled(counts["kind"], "flag")
# a ping_pong flag is one per task (the data contract): their count is the number of ping-pong tasks
ping_pong_tasks = int(counts.loc[counts["kind"] == "ping_pong", "flags"].sum())

kpi_row(
    [
        Kpi(t("shifting.kpi_flags"), fmt.number(int(counts["flags"].sum()))),
        Kpi(t("shifting.kpi_agencies"), fmt.number(counts["agency_id"].nunique())),
        Kpi(t("shifting.kpi_ping_pong"), fmt.number(ping_pong_tasks)),
    ]
)

tab_flags, tab_network, tab_chains, tab_rate = st.tabs(
    [t("shifting.flags"), t("shifting.network"), t("shifting.ping_pong"), t("shifting.rate")]
)


def _labelled(flags: pd.DataFrame) -> pd.DataFrame:
    flags = page_kit.with_agency_label(flags, id_col="agency_id", name_col="agency_name", out="agency")
    flags["kind_label"] = page_kit.code_labelled(flags["kind"], "flag")
    return flags


# --- every flag with its evidence --------------------------------------------------------------------------
with tab_flags:
    if counts.empty:
        empty_state(t("shifting.no_flags"))
    else:
        left, right = st.columns(2)
        with left:
            present = [k for k in FLAG_KINDS if k in set(counts["kind"])]
            kinds = page_kit.code_filter(
                t("shifting.filter_kind"),
                present,
                lambda k: page_kit.code_label("flag", k),
                key="shifting_kind",
            )
        with right:
            agencies = page_kit.agency_filter(counts, "agency_id", "agency", key="shifting_agency")
        cube = page_kit.chosen(page_kit.chosen(counts, "kind", kinds), "agency_id", agencies)
        # the flags' evidence names officials: the view is audited with its filters and row count
        audit_view(user, PAGE, {"kinds": kinds, "agencies": agencies}, rows=int(cube["flags"].sum()))
        if cube.empty:
            empty_state(t("no_data_filtered"))
        else:
            order = cube.groupby("agency")["flags"].sum().sort_values(ascending=False).head(25).index
            st.plotly_chart(
                charts.stacked_counts(
                    cube[cube["agency"].isin(order)].set_index("agency").loc[list(order)].reset_index(),
                    category="agency",
                    group="kind_label",
                    count="flags",
                    x_title=t("shifting.kpi_flags"),
                    y_title=t("col.agency"),
                    group_order=[page_kit.code_label("flag", k) for k in FLAG_KINDS],
                    separators=page_kit.plotly_separators(),
                ),
                key="shifting_flags_chart",
            )
            page_kit.limited_table(
                user,
                PAGE,
                "shifting_flags",
                {"kinds": page_kit.choice(kinds), "agencies": page_kit.choice(agencies)},
                int(cube["flags"].sum()),
                _labelled,
                {
                    "occurred_on": "col.occurred_on",
                    "kind_label": "col.kind",
                    "agency": "col.agency",
                    "task_id": "col.task_id",
                    "task_title": "col.title",
                    "consultation_id": "col.consultation",
                    "evidence": "col.evidence",
                },
                basename="dau_hieu_dun_day",
                key="shifting_flags",
            )

# --- the hand-over network -------------------------------------------------------------------------------
with tab_network:
    network = run_query(user, PAGE, "shifting_network")
    if network.empty:
        empty_state()
    else:
        network = page_kit.with_agency_label(
            network, id_col="from_agency_id", name_col="from_name", out="from_agency"
        )
        network = page_kit.with_agency_label(
            network, id_col="to_agency_id", name_col="to_name", out="to_agency"
        )
        network["kind_label"] = page_kit.labelled(network["kind"], "event_kind")
        kinds = page_kit.code_filter(
            t("col.kind"), network["kind"], lambda k: label("event_kind", k), key="shifting_network_kind"
        )
        shown = page_kit.chosen(network, "kind", kinds).reset_index(drop=True)
        pairs = (
            shown.groupby(["from_agency", "to_agency"], sort=False)["handovers"]
            .sum()
            .reset_index()
            .sort_values("handovers", ascending=False)
            .head(40)
        )
        st.caption(t("shifting.network_caption"))
        st.plotly_chart(
            charts.handover_sankey(
                pairs,
                source="from_agency",
                target="to_agency",
                value="handovers",
                separators=page_kit.plotly_separators(),
            ),
            key="shifting_sankey",
        )
        columns = page_kit.headers(
            shown,
            {
                "from_agency": "col.from_agency",
                "to_agency": "col.to_agency",
                "kind_label": "col.kind",
                "handovers": "col.handovers",
                "tasks": "col.tasks_total",
                "median_days_held": "col.median_days_held",
            },
        )
        table(shown, columns, key="shifting_network_table")
        downloads(
            user, page_kit.export_frame(shown, columns), "mang_luoi_chuyen_giao", PAGE, key="shifting_network"
        )

# --- ping-pong chains and longer cycles ------------------------------------------------------------------
with tab_chains:
    if ping_pong_tasks == 0:
        empty_state(t("shifting.no_flags"))
    else:
        page_kit.limited_table(
            user,
            PAGE,
            "shifting_flags",
            {"kinds": ["ping_pong"], "agencies": None},
            ping_pong_tasks,
            _labelled,
            {
                "occurred_on": "col.occurred_on",
                "agency": "col.owner_agency",
                "task_id": "col.task_id",
                "task_title": "col.title",
                "evidence": "col.evidence",
            },
            basename="chuoi_chuyen_qua_lai",
            key="shifting_chains",
        )
    cycles = run_query(user, PAGE, "shifting_cycles")
    if not cycles.empty:
        cycles = page_kit.with_agency_label(
            cycles, id_col="owner_agency_id", name_col="owner_name", out="owner_agency"
        )
        columns = page_kit.headers(
            cycles,
            {
                "task_id": "col.task_id",
                "owner_agency": "col.owner_agency",
                "cycle_chain": "col.detail",
                "cycle_started_on": "col.date",
                "evidence": "col.evidence",
            },
        )
        table(cycles, columns, key="shifting_cycles_table")
        downloads(
            user, page_kit.export_frame(cycles, columns), "vong_chuyen_giao", PAGE, key="shifting_cycles"
        )


# --- the per-agency shifting rate ------------------------------------------------------------------------
with tab_rate:
    rates = run_query(user, PAGE, "shifting_rate")
    if rates.empty:
        empty_state()
    else:
        # the mart's minimum (shifting.min_tasks_for_rate), its rank above it and its order: ranked first
        min_n = int(rates["min_tasks"].iloc[0])
        rates = page_kit.with_agency_label(
            rates, id_col="agency_id", name_col="lbl_agency_name", out="agency"
        )
        rates["rate_text"] = page_kit.rate_text(
            rates,
            min_n,
            rate="shifting_rate",
            low="shifting_rate_low",
            high="shifting_rate_high",
            n="tasks_owned",
        )
        rates["consultation_rate_text"] = page_kit.rate_text(
            rates,
            min_n,
            rate="consultation_flag_rate",
            low="consultation_flag_rate_low",
            high="consultation_flag_rate_high",
            n="consultations_received",
        )
        ranked = rates[rates["shifting_rank"].notna()]
        st.caption(t("shifting.rate_note", min_n=min_n))
        if not ranked.empty:
            st.plotly_chart(
                charts.rate_intervals(
                    ranked.head(40),
                    label="agency",
                    rate="shifting_rate",
                    low="shifting_rate_low",
                    high="shifting_rate_high",
                    hover="rate_text",
                    x_title=t("shifting.rate_axis"),
                    separators=page_kit.plotly_separators(),
                ),
                key="shifting_rate_chart",
            )
        columns = page_kit.headers(
            rates,
            {
                "shifting_rank": "col.rank",
                "agency": "col.agency",
                "rate_text": "col.shifting_rate",
                "tasks_owned": "col.tasks_total",
                "tasks_flagged": "shifting.col_tasks_flagged",
                "shifting_flags": "col.shifting_flags",
                "consultation_rate_text": "shifting.col_consultation_rate",
                **{f"{k}": f"flag.{k}" for k in FLAG_KINDS},
            },
        )
        table(rates, columns, key="shifting_rate_table")
        downloads(user, page_kit.export_frame(rates, columns), "ty_le_dun_day", PAGE, key="shifting_rate")
