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
from tests.dashboard.test_pages import open_page, table_frames


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
    assert len(download(at, "shifting_chains")) == ping_pong
    assert shown["Cơ quan có dấu hiệu"] == "1"
    # the worst tasks of the agency in the period: the ranking's count is its download's
    worst = query(
        demo["db"],
        "select count(*) as n from task_handover_burden where owner_agency_id = $a "
        "and first_handover_on <= $end and last_handover_on >= $start",
        {"a": agency, **Q3},
    )[0]["n"]
    rows = download(at, "shifting_worst")
    assert len(rows) == worst > 0
    assert [r["Hạng"] for r in rows] == [str(i) for i in range(1, worst + 1)]


def test_shifting_rate_caption_says_ranks_follow_the_lower_bound(demo) -> None:
    at = open_page("inspectorate", "shifting")
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
