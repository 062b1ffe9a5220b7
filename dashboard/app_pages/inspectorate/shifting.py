"""Responsibility shifting: the hand-over network, ping-pong chains, every flag with its evidence, and the
per-agency shifting rate with its interval. Parts whose tables are still being built say so."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, filters, fmt, grounds, labels, links, period, ranked_rates, tables, url_state
from dashboard.data import run_query
from dashboard.decision_panel import decision_panel, pick, with_live_decisions
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import t
from dashboard.labels import label
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

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
grounds.note_vietnamese_records()

chosen = period.page_control(user, PAGE)
# the aggregates (agency × kind) of the period: filter choices, KPIs, chart and the full count of the tables
counts = run_query(user, PAGE, "shifting_flag_counts", chosen.params())
counts = labels.with_agency_label(counts, id_col="agency_id", name_col="agency_name", out="agency")
counts["kind_label"] = labels.code_labelled(counts["kind"], "flag")

# the page's filters, above everything they govern: every KPI, chart and table below follows them
left, right = st.columns(2)
with left:
    present = [k for k in FLAG_KINDS if k in set(counts["kind"])]
    kinds = filters.code_filter(
        t("shifting.filter_kind"),
        present,
        lambda k: labels.code_label("flag", k),
        key="shifting_kind",
        param="kind",
    )
with right:
    agencies = filters.agency_filter(counts, "agency_id", "agency", key="shifting_agency")
url_state.copy_link(PAGE)
cube = filters.chosen(filters.chosen(counts, "kind", kinds), "agency_id", agencies)
by_agency = filters.chosen(counts, "agency_id", agencies)
# a ping_pong flag is one per task (the data contract): their count is the number of ping-pong tasks
ping_pong_tasks = int(by_agency.loc[by_agency["kind"] == "ping_pong", "flags"].sum())
scope = {"agencies": filters.choice(agencies), **chosen.params()}
# the filters in words, for the files of the tabs: the kinds apply to the flags only
applied, scoped = (
    filters_text(chosen, "shifting_kind", "shifting_agency"),
    filters_text(chosen, "shifting_agency"),
)
# the flags' evidence names officials: the view is audited with its filters and row count
audit_view(
    user, PAGE, {"kinds": kinds, "agencies": agencies, "period": chosen.code}, rows=int(cube["flags"].sum())
)

kpi_row(
    [
        Kpi(t("shifting.kpi_flags"), fmt.number(int(cube["flags"].sum()))),
        Kpi(t("shifting.kpi_agencies"), fmt.number(cube.loc[cube["flags"] > 0, "agency_id"].nunique())),
        Kpi(t("shifting.kpi_ping_pong"), fmt.number(ping_pong_tasks)),
    ]
)

tab_flags, tab_worst, tab_network, tab_chains, tab_rate = st.tabs(
    [
        t("shifting.flags"),
        t("shifting.worst"),
        t("shifting.network"),
        t("shifting.ping_pong"),
        t("shifting.rate"),
    ],
    # lazy tabs: a tab's queries run only while it is open (its choice reruns the page), so that the default
    # view reads the flags it shows, not the worst tasks, the network, the chains and the rates behind it
    key="shifting_tab",
    on_change="rerun",
)


def _labelled(flags: pd.DataFrame) -> pd.DataFrame:
    flags = labels.with_agency_label(flags, id_col="agency_id", name_col="agency_name", out="agency")
    flags["kind_label"] = labels.code_labelled(flags["kind"], "flag")
    links.add(flags, "agency", "agency_id", "agency", out="agency_link")
    links.add(flags, "task", "task_id", "task_id", out="task_link")
    # the current verdict, read live from the decision store (a decision shows before any rebuild)
    return with_live_decisions(flags, "flag", "flag_id")


def _open_selected(event: object, rows: pd.DataFrame, key: str) -> None:
    """Under a table: the chosen row's task opens in this session (the link cells open a new tab)."""
    row = links.selected_row(event, rows)
    if row is None:
        st.caption(t("ui.pick_row"))
    elif not pd.isna(row["task_id"]):
        links.open_button("task", row["task_id"], t("ui.open_task", id=row["task_id"]), key=key)


# --- every flag with its evidence --------------------------------------------------------------------------
with tab_flags:
    if tab_flags.open:  # only the open tab reads its data (tabs rerun when switched)
        if counts.empty:
            empty_state(t("shifting.no_flags"))
        elif cube.empty:
            empty_state(t("no_data_filtered"))
        else:
            order = cube.groupby("agency")["flags"].sum().sort_values(ascending=False).head(25).index
            bars = cube[cube["agency"].isin(order)].set_index("agency").loc[list(order)].reset_index()
            # one rule for every chart (charts.separates): bars that are all alike, or one bar, are not drawn
            if not charts.separates(bars, bar="agency", measure="flags", part="kind_label"):
                st.caption(t("chart.not_separating"))
            else:
                chart_event = st.plotly_chart(
                    charts.stacked_counts(
                        bars,
                        category="agency",
                        group="kind_label",
                        count="flags",
                        x_title=t("shifting.kpi_flags"),
                        y_title=t("col.agency"),
                        group_order=[labels.code_label("flag", k) for k in FLAG_KINDS],
                        separators=fmt.plotly_separators(),
                    ),
                    key="shifting_flags_chart",
                    on_select="rerun",
                    selection_mode="points",
                )
                # a click on a bar opens that agency's page, with this period
                by_label = dict(zip(counts["agency"], counts["agency_id"], strict=True))
                links.follow_chart(chart_event, "agency", by_label, period=chosen.code)
            shown, event = tables.limited_table(
                user,
                PAGE,
                "shifting_flags",
                {"kinds": filters.choice(kinds), **scope},
                int(cube["flags"].sum()),
                _labelled,
                {
                    "occurred_on": "col.occurred_on",
                    "kind_label": "col.kind",
                    "agency_link": "col.agency",
                    "task_link": "col.task_id",
                    "task_title": "col.title",
                    "consultation_id": "col.consultation",
                    "evidence": "col.evidence",
                    "decision_label": "decision.col.decision",
                },
                basename="dau_hieu_dun_day",
                key="shifting_flags",
                doc=Document(t("shifting.flags"), applied),
                links=["agency_link", "task_link"],
                on_select="rerun",
                selection_mode="single-row",
            )
            # --- the picked flag: its task, the agency's explanation, then the inspectorate's verdict
            flag = pick(
                shown,
                "flag_id",
                lambda r: f"{r['flag_id']} — {r['agency']}",
                event,
                key="shifting_flag_pick",
            )
            if flag is None:
                st.caption(t("ui.pick_row"))
            else:
                st.markdown(
                    f"**{links.plain(flag['kind_label'])}** — {links.plain(flag['agency'])}: "
                    f"{links.plain(flag['evidence'])}"
                )
                if not pd.isna(flag["task_id"]):
                    links.open_button(
                        "task",
                        flag["task_id"],
                        t("ui.open_task", id=flag["task_id"]),
                        key="shifting_flags_open",
                    )
                left, right = st.columns(2)
                with left:
                    decision_panel(
                        user, "explanation", str(flag["flag_id"]), page=PAGE, key="shifting_explanation"
                    )
                with right:
                    decision_panel(user, "flag", str(flag["flag_id"]), page=PAGE, key="shifting_verdict")

# --- the worst tasks: most hand-overs, longest outside the owner -------------------------------------------
with tab_worst:
    if tab_worst.open:  # only the open tab reads its data (tabs rerun when switched)
        st.caption(t("shifting.worst_caption"))
        worst_total = int(run_query(user, PAGE, "worst_tasks_count", scope)["tasks"].iloc[0])
        if worst_total == 0:
            empty_state(t("no_data_filtered"))
        else:

            def _worst(rows: pd.DataFrame) -> pd.DataFrame:
                rows.insert(0, "position_no", range(1, len(rows) + 1))
                rows = labels.with_agency_label(
                    rows, id_col="owner_agency_id", name_col="owner_agency_name", out="owner_agency"
                )
                links.add(rows, "task", "task_id", "task_id", out="task_link")
                links.add(rows, "agency", "owner_agency_id", "owner_agency", out="owner_link")
                return rows

            shown, event = tables.limited_table(
                user,
                PAGE,
                "worst_tasks",
                scope,
                worst_total,
                _worst,
                {
                    "position_no": "col.worst_rank",
                    "task_link": "col.task_id",
                    "title": "col.title",
                    "owner_link": "col.owner_agency",
                    "handover_count": "col.handovers",
                    "days_outside_owner": "col.days_outside_owner",
                    "chain": "col.chain",
                    "shifting_flags": "col.flags_count",
                },
                basename="nhiem_vu_bi_chuyen_nhieu_nhat",
                key="shifting_worst",
                doc=Document(t("shifting.worst"), scoped),
                links=["task_link", "owner_link"],
                on_select="rerun",
                selection_mode="single-row",
            )
            _open_selected(event, shown, "shifting_worst_open")

# --- the hand-over network -------------------------------------------------------------------------------
with tab_network:
    if tab_network.open:  # only the open tab reads its data (tabs rerun when switched)
        network = run_query(user, PAGE, "shifting_network", scope)
        if network.empty:
            empty_state()
        else:
            network = labels.with_agency_label(
                network, id_col="from_agency_id", name_col="from_name", out="from_agency"
            )
            network = labels.with_agency_label(
                network, id_col="to_agency_id", name_col="to_name", out="to_agency"
            )
            network["kind_label"] = labels.labelled(network["kind"], "event_kind")
            kinds = filters.code_filter(
                t("col.kind"), network["kind"], lambda k: label("event_kind", k), key="shifting_network_kind"
            )
            shown = filters.chosen(network, "kind", kinds).reset_index(drop=True)
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
                    separators=fmt.plotly_separators(),
                ),
                key="shifting_sankey",
            )
            columns = tables.headers(
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
                user,
                tables.export_frame(shown, columns),
                "mang_luoi_chuyen_giao",
                PAGE,
                key="shifting_network",
                doc=Document(
                    t("shifting.network"), filters_text(chosen, "shifting_agency", "shifting_network_kind")
                ),
            )

# --- ping-pong chains and longer cycles ------------------------------------------------------------------
with tab_chains:
    if tab_chains.open:  # only the open tab reads its data (tabs rerun when switched)
        if ping_pong_tasks == 0:
            empty_state(t("shifting.no_flags"))
        else:
            tables.limited_table(
                user,
                PAGE,
                "shifting_flags",
                {"kinds": ["ping_pong"], **scope},
                ping_pong_tasks,
                _labelled,
                {
                    "occurred_on": "col.occurred_on",
                    "agency_link": "col.owner_agency",
                    "task_link": "col.task_id",
                    "task_title": "col.title",
                    "evidence": "col.evidence",
                },
                basename="chuoi_chuyen_qua_lai",
                key="shifting_chains",
                doc=Document(t("shifting.ping_pong"), scoped),
                links=["agency_link", "task_link"],
            )
        cycles = run_query(user, PAGE, "shifting_cycles", scope)
        if not cycles.empty:
            cycles = labels.with_agency_label(
                cycles, id_col="owner_agency_id", name_col="owner_name", out="owner_agency"
            )
            columns = tables.headers(
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
                user,
                tables.export_frame(cycles, columns),
                "vong_chuyen_giao",
                PAGE,
                key="shifting_cycles",
                doc=Document(t("doc.shifting_cycles"), scoped),
            )


# --- the per-agency shifting rate ------------------------------------------------------------------------
with tab_rate:
    if tab_rate.open:  # only the open tab reads its data (tabs rerun when switched)
        all_rates = run_query(user, PAGE, "shifting_rate")
        rates = filters.chosen(all_rates, "agency_id", agencies).reset_index(drop=True)
        st.caption(t("shifting.rate_period_note"))
        if rates.empty:
            empty_state()
        else:
            # the mart's minimum (shifting.min_tasks_for_rate), its rank above it and its order: ranked first
            min_n = int(rates["min_tasks"].iloc[0])
            rates = labels.with_agency_label(
                rates, id_col="agency_id", name_col="lbl_agency_name", out="agency"
            )
            rates["rate_text"] = fmt.rate_text(
                rates,
                min_n,
                rate="shifting_rate",
                low="shifting_rate_low",
                high="shifting_rate_high",
                n="tasks_owned",
            )
            rates["consultation_rate_text"] = fmt.rate_text(
                rates,
                min_n,
                rate="consultation_flag_rate",
                low="consultation_flag_rate_low",
                high="consultation_flag_rate_high",
                n="consultations_received",
            )
            st.caption(t("shifting.rate_note", min_n=min_n))
            columns = tables.headers(
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
            ranked_rates.show(
                user,
                PAGE,
                rates,
                columns,
                label="agency",
                x_title=t("shifting.rate_axis"),
                chart_key="shifting_rate_chart",
                table_key="shifting_rate_table",
                basename="ty_le_dun_day",
                download_key="shifting_rate",
                rate=ranked_rates.Rate(
                    rank="shifting_rank",
                    rate="shifting_rate",
                    low="shifting_rate_low",
                    high="shifting_rate_high",
                ),
                most=40,
                doc=Document(t("shifting.rate"), filters_text("shifting_agency")),
            )
