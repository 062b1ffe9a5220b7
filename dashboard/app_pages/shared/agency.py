"""One agency (`/agency?id=SXD`): its scorecard over time, its flags in the period, its worst tasks by
hand-overs and days held outside it, and its people for the roles allowed to see them (audited)."""

from __future__ import annotations

import streamlit as st

from dashboard import access, charts, filters, fmt, gaming, grounds, labels, links, period, tables, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.i18n import t
from dashboard.labels import agency_label, label
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row, table

PAGE = "agency"

user = require_page(PAGE)
grounds.note_vietnamese_records()  # English mode: evidence and reasons below stay Vietnamese
record_page = access.section_page(user.role, "agency.record")
assert record_page is not None  # the agency page is registered only for roles that see agencies
agencies = run_query(user, record_page, "agencies_list")
names = {a: agency_label(n, a) for a, n in zip(agencies["agency_id"], agencies["name"], strict=True)}
url_state.restore_one("agency_id", "id", list(names))
agency_id = filters.select(
    t("agency.pick"), list(names), index=None, format_func=lambda a: names.get(a, a), key="agency_id",
    placeholder=t("filter.choose"),
)  # fmt: skip
url_state.publish("id", agency_id)
if agency_id is None:
    if url_state.value("id"):
        st.warning(t("ui.not_found", id=url_state.value("id")), icon=":material/search_off:")
    st.stop()
chosen = period.page_control(user, PAGE)

found = run_query(user, record_page, "agency_detail", {"agency_id": agency_id})
if found.empty:
    st.warning(t("ui.not_found", id=agency_id), icon=":material/search_off:")
    st.stop()
card = found.iloc[0]
url_state.copy_link(PAGE)
min_n = int(card["lbl_min_tasks"])
st.subheader(links.plain(names[agency_id]))
st.caption(
    links.plain(
        t(
            "agency.facts",
            kind=label("agency_kind", card["kind"]) or "—",
            parent=agency_label(card["lbl_parent_name"], card["lbl_parent_id"]) or "—",
            rate=fmt.rate_with_interval(
                card["on_time_rate"], card["on_time_rate_low"], card["on_time_rate_high"],
                card["tasks_due"], min_n,
            ),
        )
    )
)  # fmt: skip

flags_page = access.section_page(user.role, "agency.flags")
worst_page = access.section_page(user.role, "agency.worst")
scope = {"agencies": [agency_id], **chosen.params()}
flag_counts = run_query(user, flags_page, "shifting_flag_counts", chosen.params()) if flags_page else None
own_flags = flag_counts[flag_counts["agency_id"] == agency_id] if flag_counts is not None else None
worst_total = (
    int(run_query(user, worst_page, "worst_tasks_count", scope)["tasks"].iloc[0]) if worst_page else None
)
kpi_row(
    [
        Kpi(t("agency.kpi_tasks"), fmt.number(card["tasks_total"])),
        Kpi(t("agency.kpi_overdue"), fmt.number(card["open_overdue"])),
        Kpi(
            t("agency.kpi_flags"), fmt.number(int(own_flags["flags"].sum())) if own_flags is not None else "—"
        ),
        Kpi(t("agency.kpi_worst"), fmt.number(worst_total) if worst_total is not None else "—"),
    ]
)
if flags_page:
    st.page_link(
        access.PAGES["shifting"].file,
        label=t("ui.see_list"),
        icon=":material/list:",
        query_params={"agency": agency_id, "period": chosen.code},
    )

# --- the scorecard over time --------------------------------------------------------------------------------
st.subheader(t("agency.over_time"))
st.caption(t("agency.over_time_caption"))
quarters = run_query(user, record_page, "agency_periods", {"agency_id": agency_id, **chosen.params()})
if quarters.empty:
    empty_state(t("no_data_filtered"))
else:
    quarters["period_name"] = [
        t("period.quarter_name", q=(d.month - 1) // 3 + 1, year=d.year) for d in quarters["period_start"]
    ]
    quarters["rate_text"] = fmt.rate_text(quarters, min_n)
    rated = quarters[quarters["on_time_rate"].notna()]
    if not rated.empty:
        st.plotly_chart(
            charts.rate_intervals(
                rated.iloc[::-1],
                label="period_name",
                rate="on_time_rate",
                low="on_time_rate_low",
                high="on_time_rate_high",
                hover="rate_text",
                x_title=t("agencies.axis_rate"),
                separators=fmt.plotly_separators(),
            ),
            key="agency_periods_chart",
        )
    table(
        quarters,
        tables.headers(
            quarters,
            {
                "period_name": "col.period",
                "rate_text": "col.on_time_rate",
                "tasks_due": "col.tasks_due",
                "done_on_time": "col.done_on_time",
                "done_late": "col.done_late",
                "open_overdue": "col.open_overdue",
                "shifting_flags": "col.shifting_flags",
            },
        ),
        key="agency_periods_table",
    )

# --- the worst tasks ----------------------------------------------------------------------------------------
if worst_page:
    st.subheader(t("agency.worst"))
    st.caption(t("agency.worst_caption"))
    if not worst_total:
        empty_state(t("no_data_filtered"))
    else:
        worst = run_query(user, worst_page, "worst_tasks", {**scope, "limit": 20})
        worst.insert(0, "rank_here", range(1, len(worst) + 1))  # position in the period's list (SQL order)
        task_link = links.add(worst, "task", "task_id", "task_id", out="task_link")
        table(
            worst,
            tables.headers(
                worst,
                {
                    "rank_here": "col.worst_rank",
                    "task_link": "col.task_id",
                    "title": "col.title",
                    "handover_count": "col.handovers",
                    "days_outside_owner": "col.days_outside_owner",
                    "chain": "col.chain",
                    "shifting_flags": "col.flags_count",
                },
            ),
            key="agency_worst_table",
            links=[task_link],
        )

# --- its flags in the period --------------------------------------------------------------------------------
if flags_page and own_flags is not None:
    st.subheader(t("agency.flags"))
    total = int(own_flags["flags"].sum())
    if total == 0:
        empty_state(t("no_data_filtered"))
    else:

        def _flags(rows):
            rows["kind_label"] = labels.code_labelled(rows["kind"], "flag")
            links.add(rows, "task", "task_id", "task_id", out="task_link")
            return rows

        tables.limited_table(
            user,
            flags_page,
            "shifting_flags",
            {"kinds": None, **scope},
            total,
            _flags,
            {
                "occurred_on": "col.occurred_on",
                "kind_label": "col.kind",
                "task_link": "col.task_id",
                "task_title": "col.title",
                "evidence": "col.evidence",
            },
            basename=f"dau_hieu_{agency_id}",
            key="agency_flags",
            doc=Document(t("agency.flags"), filters_text(chosen, (t("filter.agency"), names[agency_id]))),
            links=["task_link"],
        )

# --- its people (roles that see officials; audited) ---------------------------------------------------------
# --- leads for the inspectorate: its inspection risk, and signals of records made to look better -----------
risk_page = access.section_page(user.role, "agency.risk")
if risk_page:
    st.subheader(t("agency.risk"))
    risk = run_query(user, risk_page, "inspection_risk")
    risk = risk[risk["agency_id"] == agency_id]
    if risk.empty:
        empty_state()
    else:
        row = risk.iloc[0]
        kpi_row(
            [
                Kpi(t("agency.risk_score"), fmt.number(row["risk_score"], 2)),
                Kpi(t("agency.risk_rank"), fmt.number(row["risk_rank"])),
            ]
        )
        st.caption(fmt.md_text(row["evidence"]))
signals_page = access.section_page(user.role, "agency.gaming")
if signals_page:
    st.subheader(t("agency.gaming"))
    # one agency's signals of the period, every one (limit NULL)
    signal_filters = {"kinds": None, "agencies": [agency_id], **chosen.params(), "limit": None}
    signals = run_query(user, signals_page, "gaming_signals", signal_filters)
    # the signals name the officials who acted: audited with the period and the count
    audit_view(
        user, PAGE, {"id": agency_id, "gaming_signals": True, "period": chosen.code}, rows=len(signals)
    )
    if signals.empty:
        empty_state(t("no_data_filtered"))
    else:
        table(gaming.labelled(signals), gaming.columns(), key="agency_gaming_table")

people_page = access.section_page(user.role, "agency.people")
if people_page:
    st.subheader(t("agency.people"))
    # the agency's officials over the page's period, as the officials page lists them
    # (official_period_scorecard: a year, quarter or month; a range of days reads the year that holds it)
    people_period = period.kept(user, people_page, chosen, ("year", "quarter", "month"))
    if people_period != chosen:
        st.caption(t("agency.people_period", period=people_period.text()))
    people = run_query(
        user,
        people_page,
        "officials_list",
        {
            "agencies": [agency_id],
            "enough_only": False,
            "limit": None,
            "period_kind": people_period.kind,
            "period_start": people_period.start,
        },
    )
    audit_view(user, PAGE, {"id": agency_id, "people": True, "period": people_period.code})
    if people.empty:
        empty_state()
    else:
        people = labels.with_person_label(people)
        people["position_label"] = labels.labelled(people["position"], "position")
        people["rate_text"] = fmt.rate_text(people, min_n)
        person_link = links.add(people, "official", "official_id", "official", out="official_link")
        table(
            people,
            tables.headers(
                people,
                {
                    "official_link": "col.official",
                    "position_label": "col.position",
                    "rate_text": "col.on_time_rate",
                    "tasks_led": "col.tasks_led",
                    "open_overdue": "col.open_overdue",
                    "shifting_actions": "col.shifting_actions",
                    "disciplined_in_effect": "col.disciplined_in_effect",
                },
            ),
            key="agency_people_table",
            links=[person_link],
        )
