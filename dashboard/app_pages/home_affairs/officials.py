"""Officials: the scorecard by name and id, with intervals and n; ranked only above the fairness minimum.
Names people: every view with its filters is audited."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, filters, fmt, labels, links, tables, url_state
from dashboard.data import run_query
from dashboard.documents import Document, filters_text
from dashboard.downloads import downloads
from dashboard.i18n import t
from dashboard.people import audit_view
from dashboard.session import require_page
from dashboard.tables import empty_state, table

PAGE = "officials"

user = require_page(PAGE)
st.caption(t("officials.intro"))
st.caption(t("ui.audited"))

cards = run_query(user, PAGE, "officials_scorecard")
if cards.empty:
    audit_view(user, PAGE, {}, rows=0)
    empty_state()
    st.stop()
min_n = int(cards["min_tasks"].iloc[0])
cards = labels.with_person_label(cards)
cards = labels.with_agency_label(cards, id_col="agency_id", name_col="agency_name", out="agency")
cards["position_label"] = labels.labelled(cards["position"], "post")
cards["category_label"] = labels.labelled(cards["category"], "category")
if "has_left" in cards:
    cards["left_label"] = labels.left_labels(cards["has_left"])
cards["rate_text"] = fmt.rate_text(cards, min_n)

left, right = st.columns([3, 2])
with left:
    agencies = filters.agency_filter(cards, "agency_id", "agency", key="officials_agency")
with right:
    enough_only = filters.flag_filter(t("officials.filter_enough"), "officials_enough_only", "enough")
url_state.copy_link(PAGE)

shown = filters.chosen(cards, "agency_id", agencies)
if enough_only:
    shown = shown[shown["enough_data"].fillna(False)]
shown = shown.reset_index(drop=True)
person_link = links.add(shown, "official", "official_id", "official", out="official_link")
agency_link = links.add(shown, "agency", "agency_id", "agency", out="agency_link")
audit_view(user, PAGE, {"agencies": agencies, "enough_data_only": enough_only}, rows=len(shown))
st.caption(t("ui.rank_note", min_n=min_n))
if shown.empty:
    empty_state(t("no_data_filtered"))
    st.stop()

ranked = shown[shown["enough_data"].fillna(False)].sort_values("rank_position").head(40)
if not ranked.empty:
    st.plotly_chart(
        charts.rate_intervals(
            ranked,
            label="official",
            rate="on_time_rate",
            low="on_time_rate_low",
            high="on_time_rate_high",
            hover="rate_text",
            x_title=t("agencies.axis_rate"),
            title=t("officials.chart_title"),
            separators=fmt.plotly_separators(),
        ),
        key="officials_rate_chart",
    )

columns = tables.headers(
    shown,
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
)
table(shown, columns, key="officials_table", links=[person_link, agency_link])
downloads(
    user,
    tables.export_frame(shown, tables.with_rates(shown, columns)),
    "can_bo_cong_chuc",
    PAGE,
    key="officials_scorecard",
    doc=Document(t("doc.officials"), filters_text("officials_agency", "officials_enough_only")),
)
