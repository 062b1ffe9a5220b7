"""Golden test of task_trend: tasks counted in the period of their deadline, backlog at each period's end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

TASKS = (
    TASK_HEADER
    + """
T1,Đúng hạn tháng 2,city_pc,SXD,O1,agency,2023-01-05,2023-02-10,2023-02-01,true
T2,Trễ hạn tháng 3 xong tháng 4,city_pc,SXD,O1,agency,2023-01-05,2023-03-10,2023-04-01,false
T3,Quá hạn từ tháng 4 chưa xong,government,STC,O3,agency,2023-02-05,2023-04-10,,true
T4,Không có thời hạn,government,STC,O3,agency,2023-02-05,,,false
T5,Hạn sau ngày số liệu,government,STC,O3,agency,2023-02-05,2023-09-10,,false
"""
)


@pytest.fixture(scope="module")
def trend(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, dt.date], dict]:
    db: Path = build_warehouse(tmp_path_factory.mktemp("trend"), {"tasks": TASKS}, as_of="2023-06-30")
    rows = query(db, "select * from task_trend")
    return {(r["period_kind"], r["period_start"]): r for r in rows}


def test_months_run_from_the_first_deadline_to_as_of(trend) -> None:
    months = sorted(start for kind, start in trend if kind == "month")
    assert months == [dt.date(2023, m, 1) for m in range(2, 7)]
    assert sorted(start for kind, start in trend if kind == "quarter") == [
        dt.date(2023, 1, 1),
        dt.date(2023, 4, 1),
    ]


def test_tasks_count_in_the_month_of_their_deadline(trend) -> None:
    feb, mar, apr, may = (trend[("month", dt.date(2023, m, 1))] for m in (2, 3, 4, 5))
    assert (feb["tasks_due"], feb["done_on_time"], feb["on_time_rate"]) == (1, 1, 1.0)
    assert (mar["tasks_due"], mar["done_late"], mar["on_time_rate"]) == (1, 1, 0.0)
    assert (apr["tasks_due"], apr["open_overdue"]) == (1, 1)
    assert may["tasks_due"] == 0 and may["on_time_rate"] is None  # no rate without tasks due


def test_backlog_at_the_end_of_each_month(trend) -> None:
    backlog = {start.month: r["open_overdue_at_end"] for (kind, start), r in trend.items() if kind == "month"}
    # T2 was overdue and open at the end of March (done 1 April); T3 from 11 April onwards, never done
    assert backlog == {2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
    key = {start.month: r["key_open_overdue_at_end"] for (kind, start), r in trend.items() if kind == "month"}
    assert key == {2: 0, 3: 0, 4: 1, 5: 1, 6: 1}


def test_quarters_and_the_partial_current_one(trend) -> None:
    q1, q2 = trend[("quarter", dt.date(2023, 1, 1))], trend[("quarter", dt.date(2023, 4, 1))]
    assert (q1["tasks_due"], q1["done_on_time"], q1["done_late"], q1["on_time_rate"]) == (2, 1, 1, 0.5)
    assert q1["on_time_rate_low"] < 0.5 < q1["on_time_rate_high"]
    assert q1["counted_to"] == dt.date(2023, 3, 31) and not q1["is_partial"]
    # as_of is the quarter's last day: complete; a deadline after as_of (T5) counts nowhere
    assert q2["counted_to"] == dt.date(2023, 6, 30) and q2["tasks_due"] == 1


EDGES = (
    TASK_HEADER
    + """
E1,Hạn ngày cuối tháng,city_pc,SXD,O1,agency,2023-01-05,2023-03-31,2023-04-30,false
E2,Giao cuối tháng 4 chưa xong,city_pc,SXD,O1,agency,2023-04-20,2023-04-25,,false
E3,Xong trước hạn,government,STC,O3,agency,2023-01-05,2023-02-10,2023-02-05,true
E4,Xong đúng ngày cuối tháng 5,government,STC,O3,agency,2023-01-05,2023-02-10,2023-05-31,true
"""
)


def test_backlog_counts_each_day_as_the_definition_says(tmp_path: Path) -> None:
    """Past due means due_on before the period's last day, assigned means assigned_on on or before it, open
    means not completed on or before it: a task due on a month's last day, completed on one, done early or
    assigned late in a month is counted exactly where those three say."""
    db = build_warehouse(tmp_path, {"tasks": EDGES}, as_of="2023-06-30")
    rows = query(db, "select * from task_trend where period_kind = 'month'")
    months = {r["period_start"].month: r for r in rows}
    assert {m: r["open_overdue_at_end"] for m, r in months.items()} == {2: 1, 3: 1, 4: 2, 5: 1, 6: 1}
    assert {m: r["key_open_overdue_at_end"] for m, r in months.items()} == {2: 1, 3: 1, 4: 1, 5: 0, 6: 0}
    assert {m: r["tasks_due"] for m, r in months.items()} == {2: 2, 3: 1, 4: 1, 5: 0, 6: 0}
