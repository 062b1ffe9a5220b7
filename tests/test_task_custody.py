"""Golden tests of who held a task when (task_custody), the worst tasks (task_handover_burden) and an
agency's quarters (agency_period_scores): hand-made hand-overs in, a real warehouse out (test_handover's)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.builders import build_warehouse, query
from tests.test_handover import AS_OF, CONSULTATIONS, EVENTS, TASKS


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(
        tmp_path_factory.mktemp("custody"),
        {"tasks": TASKS, "task_events": EVENTS, "consultations": CONSULTATIONS},
        as_of=AS_OF,
    )


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_each_holding_runs_from_one_hand_over_to_the_next_with_who_passed_it(db: Path) -> None:
    rows = query(db, "select * from task_custody where task_id = 'H21' order by period_number")
    got = [
        (r["agency_id"], r["held_from"], r["held_until"], r["days_held"], r["outside_owner"],
         r["handed_over_by"], r["passed_on_by"])
        for r in rows
    ]  # fmt: skip
    assert got == [
        ("SXD", d("2023-01-01"), d("2023-01-11"), 10, False, None, "O1"),
        ("STC", d("2023-01-11"), d("2023-01-15"), 4, True, "O1", "O3"),
        ("SXD", d("2023-01-15"), d("2023-01-25"), 10, False, "O3", "O1"),
        ("SNV", d("2023-01-25"), d("2023-02-04"), 10, True, "O1", "O4"),
        ("SXD", d("2023-02-04"), d("2023-02-10"), 6, False, "O4", "O1"),
        ("STC", d("2023-02-10"), d("2023-06-30"), 140, True, "O1", None),  # still there at as_of
    ]
    assert [r["is_last_holder"] for r in rows] == [False] * 5 + [True]


def test_a_completed_task_is_held_until_completion_and_one_never_handed_over_by_its_owner(db: Path) -> None:
    (last,) = query(db, "select * from task_custody where task_id = 'H22' and is_last_holder")
    assert (last["agency_id"], last["held_until"], last["days_held"]) == ("SXD", d("2023-06-25"), 171)
    (only,) = query(db, "select * from task_custody where task_id = 'H01'")
    assert (only["agency_id"], only["held_from"], only["held_until"], only["outside_owner"]) == (
        "SXD", d("2023-01-01"), d("2023-06-30"), False)  # fmt: skip


def test_worst_tasks_rank_by_hand_overs_then_days_outside_the_owner(db: Path) -> None:
    rows = query(db, "select * from task_handover_burden order by worst_rank")
    assert [r["task_id"] for r in rows] == ["H21", "H24", "H25", "H26", "H27", "H23", "H22"]
    h21 = rows[0]
    assert (h21["handover_count"], h21["days_outside_owner"], h21["rank_in_owner"]) == (5, 154, 1)
    assert [r["rank_in_owner"] for r in rows if r["owner_agency_id"] == "STC"] == [1, 2, 3, 4, 5]
    assert {r["task_id"]: r["days_outside_owner"] for r in rows}["H24"] == 2
    assert not query(db, "select * from task_handover_burden where task_id = 'H01'")  # never handed over


def test_agency_quarters_count_tasks_by_deadline_and_flags_by_date(db: Path) -> None:
    quarters = query(db, "select * from agency_period_scores where agency_id = 'SXD' order by period_start")
    flags = query(
        db,
        "select date_trunc('quarter', occurred_on)::date as q, count(*) as n from shifting_flags "
        "where agency_id = 'SXD' group by all",
    )
    assert flags and {r["period_start"]: r["shifting_flags"] for r in quarters if r["shifting_flags"]} == {
        r["q"]: r["n"] for r in flags
    }
    assert all(r["period_start"] <= d(AS_OF) for r in quarters)
    assert all(r["on_time_rate"] is None for r in quarters if r["tasks_due"] < 5)
