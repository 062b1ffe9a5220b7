"""Every KPI on a page follows every filter on that page: under the same filters, a KPI equals the number of
rows the table below it would download — and a plain query over the warehouse. One test per page, on the
session's demo warehouse through the real app (AppTest), with the period, agency and other filters the issue
names (issue 12: the shifting KPIs and ping-pong tab ignored the agency filter; the consultations card
"Trả lời chung chung" followed the status filter while the list below did not; a commendation title hid
everyone excluded)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.tables import ROW_LIMIT
from tests.builders import query
from tests.dashboard.test_limited_tables import download, vi_number
from tests.dashboard.test_pages import chart_specs, open_page, open_tab, table_frames


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


Q3 = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 9, 30)}


def busiest(db: Path, sql: str, params: dict | None = None) -> str:
    return next(iter(query(db, sql, params)[0].values()))


def test_shifting_kpis_and_ping_pong_follow_the_agency_and_the_period(demo) -> None:
    agency = busiest(
        demo["db"],
        "select agency_id from shifting_flags where kind = 'ping_pong' "
        "and occurred_on between $start and $end group by all order by count(*) desc, agency_id limit 1",
        Q3,
    )
    at = open_page("inspectorate", "shifting", query={"period": "2026-Q3", "agency": agency})
    assert at.multiselect(key="shifting_agency").value == [agency]
    flags = query(
        demo["db"],
        "select kind from shifting_flags where agency_id = $a and occurred_on between $start and $end",
        {"a": agency, **Q3},
    )
    ping_pong = sum(f["kind"] == "ping_pong" for f in flags)
    assert 0 < ping_pong < len(flags)
    shown = metrics(at)
    assert shown["Dấu hiệu"] == vi_number(len(flags)) == vi_number(len(download(at, "shifting_flags")))
    # the ping-pong card and tab follow the agency filter (they counted every agency before)
    assert shown["Nhiệm vụ bị chuyển qua lại"] == vi_number(ping_pong)
    assert shown["Cơ quan có dấu hiệu"] == "1"
    assert len(download(open_tab(at, "shifting_tab", "shifting.ping_pong"), "shifting_chains")) == ping_pong
    # the worst tasks of the agency in the period: the ranking's count is its download's
    worst = query(
        demo["db"],
        "select count(*) as n from task_handover_burden where owner_agency_id = $a "
        "and first_handover_on <= $end and last_handover_on >= $start",
        {"a": agency, **Q3},
    )[0]["n"]
    rows = download(open_tab(at, "shifting_tab", "shifting.worst"), "shifting_worst")
    assert len(rows) == worst > 0
    assert [r["Hạng"] for r in rows] == [str(i) for i in range(1, worst + 1)]


def test_shifting_rate_caption_says_ranks_follow_the_lower_bound(demo) -> None:
    at = open_tab(open_page("inspectorate", "shifting"), "shifting_tab", "shifting.rate")
    note = next(c.value for c in at.caption if c.value.startswith("Tỷ lệ đùn đẩy ="))
    assert "cận dưới" in note and "tỷ lệ cao nhất." not in note
    rates = table_frames(at)[-1]
    ranked = rates[rates["shifting_rank"].notna()].sort_values("shifting_rank")
    assert ranked["shifting_rate_low"].is_monotonic_decreasing
    assert not ranked["shifting_rate"].is_monotonic_decreasing  # the raw rate does not give the ranks


def test_consultations_evasive_card_equals_the_evasive_list_under_the_status_filter(demo) -> None:
    at = open_page("inspectorate", "consultations", query={"period": "2026", "status": "answered_late"})
    assert at.multiselect(key="consultations_status").value == ["answered_late"]
    plain = query(
        demo["db"],
        "select coalesce(effective_response in ('generic', 'deflect'), false) as evasive "
        "from consultation_status where status = 'answered_late' and sent_on between $start and $end",
        {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 11, 27)},
    )
    evasive = sum(r["evasive"] for r in plain)
    assert 0 < evasive < len(plain)
    shown = metrics(at)
    assert (
        shown["Phiếu xin ý kiến"]
        == vi_number(len(plain))
        == vi_number(len(download(at, "consultations_list")))
    )
    # the card and the list below it agree (the list used to ignore the status filter: 534 against 100)
    assert shown["Trả lời chung chung, né tránh"] == vi_number(evasive)
    evasive_rows = download(at, "consultations_evasive")
    assert len(evasive_rows) == evasive
    assert all(r["Căn cứ"] for r in evasive_rows)  # every evasive answer with the evidence of its flag


def test_commendation_title_keeps_everyone_excluded_and_the_standing_filter_counts(demo) -> None:
    at = open_page("board", "commendation", query={"title": "base_emulation_fighter"})
    everyone = query(demo["db"], "select count(*) as n from commendation_candidates")[0]["n"]
    other_titles = query(
        demo["db"],
        "select count(*) as n from commendation_candidates where eligible "
        "and proposed_title <> 'base_emulation_fighter'",
    )[0]["n"]
    shown = metrics(at)
    rows = download(at, "commendation_all")
    assert shown["Người được xem xét"] == vi_number(everyone - other_titles) == vi_number(len(rows))
    assert any(r["Tình trạng xét"] == "Không đủ điều kiện" for r in rows)  # the excluded are still listed
    at.multiselect(key="commendation_standing").select("not_eligible").run()
    not_eligible = query(
        demo["db"],
        "select count(*) as n from commendation_candidates where not eligible and not insufficient_data",
    )[0]["n"]
    assert (
        metrics(at)["Người được xem xét"]
        == vi_number(not_eligible)
        == vi_number(len(download(at, "commendation_all")))
    )


def test_commendation_sorts_every_candidate_in_sql(demo) -> None:
    at = open_page("board", "commendation", query={"sort": "rate"})
    assert at.selectbox(key="commendation_sort").value == "rate"
    lows = [
        r["on_time_rate_low"]
        for r in query(demo["db"], "select on_time_rate_low from commendation_candidates")
    ]
    best = max(x for x in lows if x is not None)
    first = table_frames(at)[-1].iloc[0]
    assert first["on_time_rate_low"] == pytest.approx(best)  # the best of all 2,005, not of the rows loaded


def test_overdue_count_follows_agency_and_period(demo) -> None:
    agency = busiest(
        demo["db"],
        "select owner_agency_id from task_overdue_list where status = 'open_overdue' "
        "and due_on between $start and $end group by all order by count(*) desc limit 1",
        Q3,
    )
    at = open_page("inspectorate", "overdue", query={"period": "2026-Q3", "agency": agency})
    plain = query(
        demo["db"],
        "select task_id from task_overdue_list where status = 'open_overdue' and owner_agency_id = $a "
        "and due_on between $start and $end",
        {"a": agency, **Q3},
    )
    assert (
        metrics(at)["Nhiệm vụ quá hạn"]
        == vi_number(len(plain))
        == vi_number(len(download(at, "overdue_tasks")))
    )


@pytest.mark.parametrize(
    ("page", "role", "kpi", "key", "sql"),
    [
        (
            "inspections",
            "inspectorate",
            "Cuộc thanh tra",
            "inspections_list",
            "select count(*) as n from stg_inspections where started_on between $start and $end",
        ),
        (
            "discipline",
            "inspectorate",
            "Quyết định kỷ luật",
            "discipline_list",
            "select count(*) as n from discipline_periods where decided_on <= $end "
            "and (effect_ends_on is null or effect_ends_on >= $start)",
        ),
    ],
)
def test_a_period_page_kpi_is_its_download(demo, page: str, role: str, kpi: str, key: str, sql: str) -> None:
    at = open_page(role, page, query={"period": "2025"})
    expected = query(demo["db"], sql, {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)})[0]["n"]
    assert metrics(at)[kpi] == vi_number(expected) == vi_number(len(download(at, key)))


def test_personnel_kpi_is_its_download_under_a_severity_filter(demo) -> None:
    at = open_page("home_affairs", "personnel", query={"severity": "high"})
    high = query(demo["db"], "select count(*) as n from personnel_review where severity = 'high'")[0]["n"]
    assert (
        metrics(at)["Người cần rà soát"] == vi_number(high) == vi_number(len(download(at, "personnel_list")))
    )


def test_agency_page_kpis_are_its_tables(demo) -> None:
    agency = busiest(
        demo["db"],
        "select agency_id from shifting_flags where occurred_on between $start and $end "
        "group by all order by count(*) desc limit 1",
        Q3,
    )
    at = open_page("inspectorate", "agency", query={"id": agency, "period": "2026-Q3"})
    flags = query(
        demo["db"],
        "select count(*) as n from shifting_flags where agency_id = $a "
        "and occurred_on between $start and $end",
        {"a": agency, **Q3},
    )[0]["n"]
    assert (
        metrics(at)["Dấu hiệu trong kỳ"] == vi_number(flags) == vi_number(len(download(at, "agency_flags")))
    )
    worst = table_frames(at)[1]
    assert metrics(at)["Nhiệm vụ bị chuyển giao trong kỳ"] == vi_number(
        query(
            demo["db"],
            "select count(*) as n from task_handover_burden where owner_agency_id = $a "
            "and first_handover_on <= $end and last_handover_on >= $start",
            {"a": agency, **Q3},
        )[0]["n"]
    )
    assert 0 < len(worst) <= 20 and worst["handover_count"].is_monotonic_decreasing


def test_the_overview_overdue_card_leads_to_a_list_of_as_many_tasks(demo) -> None:
    at = open_page("inspectorate", "overview")
    card = metrics(at)["Đang quá hạn (cuối kỳ)"]
    (link,) = [p.proto for p in at.get("page_link") if p.proto.page == "overdue"]
    period_code = link.query_string.removeprefix("period=")
    listed = open_page("inspectorate", "overdue", query={"period": period_code})
    assert metrics(listed)["Nhiệm vụ quá hạn"] == card
    open_now = query(demo["db"], "select count(*) as n from task_status where status = 'open_overdue'")[0][
        "n"
    ]
    assert card == vi_number(open_now)


# the officials of the period as a plain query: tasks led with a deadline (else assigned) in it, the fairness
# minimum on the tasks due (done on time, done late, open past the deadline)
OFFICIALS_OF_PERIOD = """
with due as (
    select lead_official_id as official_id,
        count(*) filter (where status in ('done_on_time', 'done_late', 'open_overdue')) as n,
        count(*) filter (where status = 'done_on_time') as k
    from task_status
    where coalesce(due_on, assigned_on) between $start and $end
    group by all
)
select o.official_id, o.agency_id, coalesce(d.n, 0) as n, coalesce(d.k, 0) as k
from stg_officials o left join due d using (official_id)
"""


def test_officials_kpis_follow_the_agency_the_ranked_filter_and_the_period(demo) -> None:
    # issue 16: the officials page read all 30,001 officials into pandas on every view; it now asks SQL for
    # its counts and its first rows, with the one period control. Its KPIs, table and download must agree.
    minimum = int(
        query(demo["db"], "select value from settings where key = 'fairness.min_tasks_for_rate'")[0]["value"]
    )
    officials = query(demo["db"], OFFICIALS_OF_PERIOD, Q3)
    ranked = [o for o in officials if o["n"] >= minimum]
    agency = max(
        {o["agency_id"] for o in ranked}, key=lambda a: (sum(o["agency_id"] == a for o in ranked), a)
    )
    mine = [o for o in ranked if o["agency_id"] == agency]
    at = open_page("home_affairs", "officials", query={"period": "2026-Q3", "agency": agency, "enough": "1"})
    assert at.multiselect(key="officials_agency").value == [agency]
    shown = metrics(at)
    rows = download(at, "officials_scorecard")
    assert shown["Cán bộ, công chức"] == vi_number(len(mine)) == vi_number(len(rows))
    assert shown["Đủ dữ liệu để xếp hạng"] == vi_number(len(mine))
    assert shown["Việc đến hạn trong kỳ"] == vi_number(sum(o["n"] for o in mine))
    table = table_frames(at)[0]
    assert sorted(table["official_id"]) == sorted(o["official_id"] for o in mine)
    # ranked among every official of the period before the agency filter, on the interval's lower bound
    assert (
        table["rank_position"].is_monotonic_increasing and table["on_time_rate_low"].is_monotonic_decreasing
    )
    assert dict(zip(table["official_id"], table["tasks_due"], strict=True)) == {
        o["official_id"]: o["n"] for o in mine
    }


def test_officials_unfiltered_shows_the_first_rows_and_downloads_every_official(demo) -> None:
    officials = query(demo["db"], "select count(*) as n from stg_officials")[0]["n"]
    at = open_page("home_affairs", "officials", query={"period": "2026"})
    assert metrics(at)["Cán bộ, công chức"] == vi_number(officials)
    assert officials > ROW_LIMIT and len(table_frames(at)[0]) == ROW_LIMIT
    assert len(download(at, "officials_scorecard")) == officials


# --- the period on the agencies, personnel, grading, commendation and gaming-signals pages (issue 12.1) ---


def test_agencies_scorecard_follows_the_period_and_the_kind_filter(demo) -> None:
    at = open_page("board", "agencies", query={"period": "2026-Q3", "kind": "department"})
    at.radio(key="agencies_view").set_value(
        "then"
    ).run()  # as organised then: the agency that held each record
    assert at.query_params["period"] == "2026-Q3" and at.query_params["kind"] == "department"
    # a plain count per agency of its tasks due in the quarter and the flags held against it then
    plain = {
        r["agency_id"]: r
        for r in query(
            demo["db"],
            "select a.agency_id, "
            "(select count(*) from task_status t where t.owner_agency_id = a.agency_id and t.due_on between "
            "$start and $end and t.status in ('done_on_time', 'done_late', 'open_overdue')) as due, "
            "(select count(*) from task_status t where t.owner_agency_id = a.agency_id and t.due_on between "
            "$start and $end and t.status = 'done_on_time') as on_time, "
            "(select count(*) from shifting_flags f where f.agency_id = a.agency_id "
            "and f.occurred_on between $start and $end) as flags "
            "from stg_agencies a where a.kind = 'department'",
            Q3,
        )
    }
    rows = download(at, "agencies_scorecard")
    assert len(rows) == len(plain) == len(table_frames(at)[0])  # every department, and only those
    shown = table_frames(at)[0].set_index("agency_id")
    for agency, r in plain.items():
        assert (shown.loc[agency, "tasks_due"], shown.loc[agency, "shifting_flags"]) == (r["due"], r["flags"])
        if r["due"]:
            assert shown.loc[agency, "on_time_rate"] == pytest.approx(r["on_time"] / r["due"])
    # not the all-time figures: the quarter's are fewer
    all_time = query(demo["db"], "select sum(tasks_due) as n from agency_scorecard where kind = 'department'")
    assert sum(r["due"] for r in plain.values()) < all_time[0]["n"]
    # the ranks are the quarter's: 1, 2, … among the departments with enough tasks due in it
    min_n = int(shown["min_tasks"].iloc[0])
    ranked = shown[shown["rank_position"].notna()]
    assert len(ranked) == sum(r["due"] >= min_n for r in plain.values()) > 0
    assert sorted(ranked["rank_position"].astype(int))[0] == 1
    (chart,) = [s for s in chart_specs(at) if s["data"] and s["data"][0]["type"] == "scatter"]
    assert len(chart["data"][0]["y"]) == len(ranked)  # one point per ranked agency of the period


def test_agencies_offers_years_quarters_and_months_and_keeps_a_month_in_the_url(demo) -> None:
    at = open_page("board", "agencies", query={"period": "2026-07"})
    assert at.selectbox(key="agencies_period_kind").options == ["Năm", "Quý", "Tháng"]
    assert at.query_params["period"] == "2026-07"
    july = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 7, 31)}
    due = query(
        demo["db"],
        "select count(*) as n from task_status t join agency_lineage l on l.agency_id = t.owner_agency_id "
        "where l.current_agency_id = 'STC' and t.due_on between $start and $end "
        "and t.status in ('done_on_time', 'done_late', 'open_overdue')",
        july,
    )[0]["n"]
    assert table_frames(at)[0].set_index("agency_id").loc["STC", "tasks_due"] == due > 0  # as organised now


def test_personnel_lists_whom_a_reason_of_the_period_rests_on(demo) -> None:
    year_2025 = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}
    # a plain reading of each reason's records: a task from its due day to its completion (as_of while open),
    # a shifting action the day its flag occurred, a disciplinary action over its effect, a grading year
    plain = query(
        demo["db"],
        "with r as (select official_id, severity, split_part(unnest(records), ' (', 1) as rec "
        "from personnel_review), spans as ("
        "select r.official_id, r.severity, t.due_on as a, coalesce(t.completed_on, p.as_of) as b "
        "from r join task_status t on t.task_id = r.rec cross join build_params p "
        "union all select r.official_id, r.severity, f.occurred_on, f.occurred_on "
        "from r join shifting_flags f on f.event_id = r.rec "
        "union all select r.official_id, r.severity, d.decided_on, coalesce(d.effect_ends_on, p.as_of) "
        "from r join discipline_periods d on d.action_id = r.rec cross join build_params p "
        "union all select r.official_id, r.severity, make_date(r.rec::int, 1, 1), "
        "make_date(r.rec::int, 12, 31) "
        "from r where regexp_full_match(r.rec, '\\d{4}')) "
        "select count(distinct official_id) filter (where severity = 'high') as high, "
        "count(distinct official_id) as everyone from spans where a <= $end and b >= $start",
        year_2025,
    )[0]
    under_review = query(demo["db"], "select count(*) as n from personnel_review")[0]["n"]
    assert plain["high"] > 0 and plain["everyone"] < under_review  # the period chooses whom to list
    at = open_page("home_affairs", "personnel", query={"period": "2025", "severity": "high"})
    assert at.query_params["period"] == "2025"
    assert (
        metrics(at)["Người cần rà soát"]
        == vi_number(plain["high"])
        == vi_number(len(download(at, "personnel_list")))
    )
    at.multiselect(key="personnel_severity").set_value([]).run()
    assert (
        metrics(at)["Người cần rà soát"]
        == vi_number(plain["everyone"])
        == vi_number(len(table_frames(at)[0]))
    )


def test_grading_reads_the_grading_year_of_the_period(demo) -> None:
    # a quarter chosen on another page reads as its year: the grading is given once a year
    at = open_page("home_affairs", "grading", query={"period": "2024-Q2"})
    assert at.query_params["period"] == "2024"
    assert "grading_period_kind" not in [s.key for s in at.selectbox]  # years only
    years = [
        r["year"] for r in query(demo["db"], "select distinct year from grading_cap_check order by 1 desc")
    ]
    assert at.selectbox(key="grading_period_value").options == [f"Năm {y}" for y in years]
    assert any("năm xếp loại" in c.value for c in at.caption)
    plain = query(
        demo["db"],
        "select count(*) as n, count(*) filter (where cap_exceeded) as over "
        "from grading_cap_check where year = 2024",
    )[0]
    rows = download(at, "grading_caps")
    assert len(rows) == plain["n"] == len(table_frames(at)[0]) > 0
    assert {r["Năm"] for r in rows} == {"2024"}
    assert metrics(at)["Cơ quan vượt giới hạn"] == vi_number(plain["over"])
    # the default period (the year of as_of, not graded yet) falls to the latest grading year
    latest = open_page("home_affairs", "grading")
    assert latest.selectbox(key="grading_period_value").value == str(years[0])
    over = query(
        demo["db"],
        "select count(*) as n from grading_cap_check where cap_exceeded and year = $y",
        {"y": years[0]},
    )[0]["n"]
    assert metrics(latest)["Cơ quan vượt giới hạn"] == vi_number(over) != metrics(at)["Cơ quan vượt giới hạn"]


def test_commendation_reads_the_commendation_year_and_says_which_one_is_judged(demo) -> None:
    (year,) = [r["evaluation_year"] for r in query(demo["db"], "select evaluation_year from build_params")]
    at = open_page("board", "commendation", query={"period": f"{year}-Q1"})
    assert at.query_params["period"] == str(year)
    assert at.selectbox(key="commendation_period_value").options == [f"Năm {year}"]
    assert any(f"Kho dữ liệu hiện xét năm {year}" in c.value for c in at.caption)
    everyone = query(
        demo["db"], "select count(*) as n from commendation_candidates where year = $y", {"y": year}
    )
    assert (
        metrics(at)["Người được xem xét"]
        == vi_number(everyone[0]["n"])
        == vi_number(len(download(at, "commendation_all")))
    )


def test_gaming_signals_take_the_one_period_control_and_keep_it_in_the_url(demo) -> None:
    year_2025 = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}
    at = open_page(
        "inspectorate", "gaming-signals", query={"period": "2025", "kind": "retroactive_extension"}
    )
    assert at.multiselect(key="gaming_kind").value == ["retroactive_extension"]
    assert at.query_params["period"] == "2025"
    plain = query(
        demo["db"],
        "select count(*) as n from gaming_signals where kind = 'retroactive_extension' "
        "and occurred_on between $start and $end",
        year_2025,
    )[0]["n"]
    everything = query(
        demo["db"], "select count(*) as n from gaming_signals where kind = 'retroactive_extension'"
    )[0]["n"]
    assert 0 < plain < everything
    assert (
        metrics(at)["Tất cả dấu hiệu"] == vi_number(plain) == vi_number(len(download(at, "gaming_download")))
    )
    at.selectbox(key="gaming-signals_period_kind").set_value("quarter").run()
    at.selectbox(key="gaming-signals_period_value").set_value("2025-Q3").run()
    assert at.query_params["period"] == "2025-Q3"
    q3 = query(
        demo["db"],
        "select count(*) as n from gaming_signals where kind = 'retroactive_extension' "
        "and occurred_on between '2025-07-01' and '2025-09-30'",
    )[0]["n"]
    assert metrics(at)["Tất cả dấu hiệu"] == vi_number(q3)


def test_a_page_that_falls_back_to_its_own_year_does_not_move_the_next_pages_period(demo) -> None:
    from dashboard.access import PAGES

    at = open_page("board", "grading")  # the year of as_of is not graded yet: the page shows the latest year
    assert at.selectbox(key="grading_period_value").value == "2025"
    at.query_params.clear()
    at.switch_page(PAGES["agencies"].file).run()
    assert at.selectbox(key="agencies_period_value").value == "2026"  # the default, not grading's fallback
    at.selectbox(key="agencies_period_value").set_value("2024").run()  # a choice carries to the next page
    at.query_params.clear()
    at.switch_page(PAGES["grading"].file).run()
    assert at.selectbox(key="grading_period_value").value == "2024"  # a grading year: taken
    at.switch_page(PAGES["commendation"].file).run()
    assert at.selectbox(key="commendation_period_value").value == "2026"  # the only year it judges
