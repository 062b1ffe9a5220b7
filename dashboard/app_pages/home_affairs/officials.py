"""Officials: the scorecard of a period by name and id, with intervals and n; ranked only above the fairness
minimum. The page asks DuckDB for what it shows: the counts (agency × ranked-or-not) for its filter choices
and KPIs, the first rows of the filtered list for its chart and table (official_period_scorecard: a year,
quarter or month); a download holds every filtered row.
Names people: every view with its filters is audited."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import filters, fmt, labels, links, period, ranked_rates, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.i18n import t
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import Kpi, empty_state, kpi_row

PAGE = "officials"
CHART_ROWS = 40

user = require_page(PAGE)
st.caption(t("officials.intro"))
st.caption(t("ui.audited"))

# the period: the year, quarter or month the scorecard is read for (official_period_scorecard keeps those)
chosen = period.page_control(user, PAGE, kinds=("year", "quarter", "month"))
scorecard_period = {"period_kind": chosen.kind, "period_start": chosen.start}
st.caption(t("officials.period_note"))
# the aggregates (agency × ranked or not) of the period: filter choices, KPIs and the full count of the table
counts = run_query(user, PAGE, "officials_counts", scorecard_period)
if counts.empty:
    audit_view(user, PAGE, {"period": chosen.code}, rows=0)
    empty_state()
    st.stop()
min_n = int(counts["min_tasks"].iloc[0])
counts = labels.with_agency_label(counts, id_col="agency_id", name_col="agency_name", out="agency")

left, right = st.columns([3, 2])
with left:
    agencies = filters.agency_filter(counts, "agency_id", "agency", key="officials_agency")
with right:
    enough_only = filters.flag_filter(t("officials.filter_enough"), "officials_enough_only", "enough")
url_state.copy_link(PAGE)

cube = filters.chosen(counts, "agency_id", agencies)
if enough_only:
    cube = cube[cube["enough_data"].fillna(False)]
total = int(cube["officials"].sum())
audit_view(
    user, PAGE, {"agencies": agencies, "enough_data_only": enough_only, "period": chosen.code}, rows=total
)
kpi_row(
    [
        Kpi(t("officials.kpi_officials"), fmt.number(total)),
        Kpi(
            t("officials.kpi_ranked"),
            fmt.number(int(cube.loc[cube["enough_data"].fillna(False).astype(bool), "officials"].sum())),
        ),
        Kpi(t("officials.kpi_due"), fmt.number(int(cube["tasks_due"].sum()))),
        Kpi(
            t("officials.kpi_late"),
            fmt.number(int(cube["done_late"].sum() + cube["open_overdue"].sum())),
            delta_color="inverse",
        ),
    ]
)
st.caption(t("ui.rank_note", min_n=min_n))
if total == 0:
    empty_state(t("no_data_filtered"))
    st.stop()


def _labelled(rows: pd.DataFrame) -> pd.DataFrame:
    rows = labels.with_person_label(rows)
    rows = labels.with_agency_label(rows, id_col="agency_id", name_col="agency_name", out="agency")
    rows["position_label"] = labels.labelled(rows["position"], "post")
    rows["category_label"] = labels.labelled(rows["category"], "category")
    rows["left_label"] = labels.left_labels(rows["has_left"])
    rows["rate_text"] = fmt.rate_text(rows, min_n)
    links.add(rows, "official", "official_id", "official", out="official_link")
    links.add(rows, "agency", "agency_id", "agency", out="agency_link")
    return rows


ranked_rates.show_limited(
    user,
    PAGE,
    "officials_list",
    {"agencies": filters.choice(agencies), "enough_only": enough_only, **scorecard_period},
    total,
    _labelled,
    {
        "rank_position": "col.rank",
        "official_link": "col.official",
        "position_label": "col.position",
        "category_label": "col.category",
        "left_label": "col.left",
        "agency_link": "col.agency",
        "rate_text": "col.on_time_rate",
        "tasks_due": "col.tasks_due",
        "tasks_led": "col.tasks_led",
        "done_on_time": "col.done_on_time",
        "done_late": "col.done_late",
        "open_overdue": "col.open_overdue",
        "key_tasks_done": "col.key_tasks_done",
        "early_completions": "col.early_completions",
        "shifting_actions": "col.shifting_actions",
        "disciplined_in_effect": "col.disciplined_in_effect",
    },
    label="official",
    x_title=t("agencies.axis_rate"),
    title=t("officials.chart_title"),
    most=CHART_ROWS,
    chart_key="officials_rate_chart",
    table_key="officials_table",
    basename="can_bo_cong_chuc",
    download_key="officials_scorecard",
    table_links=["official_link", "agency_link"],
    doc=Document(t("doc.officials"), filters_text(chosen, "officials_agency", "officials_enough_only")),
)
