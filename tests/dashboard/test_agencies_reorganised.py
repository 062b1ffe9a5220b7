"""The agencies page after the 2025 reorganisation (contract §3: both readings, "as organised now" by default;
domain.md §10), through the real app on the demo warehouse; without successions the page is unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.builders import query
from tests.dashboard.test_pages import open_page, table_frames


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


# the scorecard of a period (agency_period_scorecard): the default period is the year of as_of
PERIOD_SQL = (
    "select * from agency_period_scorecard where organised = $o and period_kind = $k and period_start = $s"
)


def scorecard(db: Path, organised: str, kind: str, start: dt.date) -> dict[str, dict]:
    return {r["agency_id"]: r for r in query(db, PERIOD_SQL, {"o": organised, "k": kind, "s": start})}


def test_the_scorecard_reads_as_organised_now_by_default(demo) -> None:
    at = open_page("board", "agencies")
    (choice,) = at.radio
    assert choice.value == "now"
    assert choice.options == ["Theo tổ chức hiện nay", "Theo tổ chức tại thời điểm phát sinh"]
    cards = table_frames(at)[0].set_index("agency_id")
    assert "SKHDT" not in cards.index and "Q-HB" not in cards.index  # merged, abolished
    now = scorecard(demo["db"], "now", "year", dt.date(2026, 1, 1))
    assert cards.loc["STC", "tasks_total"] == now["STC"]["tasks_total"] > 0  # the mart's figure
    assert "Sở Kế hoạch và Đầu tư (SKHDT)" in cards.loc["STC", "predecessors_text"]
    assert (
        len(cards)
        == len(now)
        == query(demo["db"], "select count(*) as n from agency_scorecard_current")[0]["n"]
    )


def test_as_organised_then_shows_each_agency_that_held_the_work_and_who_carries_it_now(demo) -> None:
    at = open_page("board", "agencies", query={"period": "2024"})  # before the reorganisation of 2025
    at.radio(key="agencies_view").set_value("then").run()
    cards = table_frames(at)[0].set_index("agency_id")
    then = scorecard(demo["db"], "then", "year", dt.date(2024, 1, 1))
    assert len(cards) == len(then) == query(demo["db"], "select count(*) as n from agency_scorecard")[0]["n"]
    assert cards.loc["SKHDT", "tasks_total"] == then["SKHDT"]["tasks_total"] > 0
    assert cards.loc["SKHDT", "current_label"] == "Sở Tài chính (STC)"
    assert cards.loc["Q-HB", "current_label"] == "Đã giải thể, không có cơ quan kế thừa chính"
    assert cards.loc["STC", "current_label"] == ""


def test_an_agencys_lineage_shows_its_chain_and_that_it_is_only_likely(demo) -> None:
    at = open_page("home_affairs", "agencies")
    at.selectbox(key="agencies_lineage_agency").set_value("SKHDT").run()
    texts = [m.value for m in at.markdown]
    assert any("Sở Kế hoạch và Đầu tư (SKHDT)** → **Sở Tài chính (STC)" in m for m in texts)
    assert any("Nhiều khả năng" in w.value for w in at.warning)
    steps = table_frames(at)[-1]
    row = steps[steps["from_agency_id"] == "SKHDT"].iloc[0]
    assert (row["kind_label"], row["confidence_label"], row["basis"]) == (
        "Hợp nhất, sáp nhập vào",
        "Nhiều khả năng",
        "Nghị định 45/2025/NĐ-CP",
    )
    at.selectbox(key="agencies_lineage_agency").set_value("Q-HB").run()
    assert any("Đã giải thể từ ngày 01/07/2025" in m.value for m in at.markdown)
    at.selectbox(key="agencies_lineage_agency").set_value("STC").run()
    assert any("Sở Tài chính tỉnh Hải Dương (HD-STC)" in m.value for m in at.markdown)


def test_without_successions_the_page_is_the_plain_scorecard(app_env, builds) -> None:
    app_env(builds["two"])
    at = open_page("board", "agencies")
    assert not at.radio and "agencies_lineage_agency" not in [s.key for s in at.selectbox]
    cards = table_frames(at)[0]
    assert "predecessors_text" not in cards.columns and len(at.dataframe) == 1
