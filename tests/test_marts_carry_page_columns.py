"""The marts carry what the pages show beside a row, so that a page listing a few rows does not join the
2.5 M tasks: shifting_flags has its task's title and key flag, consultation_status its task's title; and
official_scorecard the name, agency name and rank the officials page shows for every official.

Contract §3: the contract's columns come first, unchanged; the new ones are added at the end and say the same
as task_status for every row (NULL where the row has no task, or a task that was not loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import query

CONTRACT_FIRST = {
    "shifting_flags": "flag_id, kind, agency_id, task_id, consultation_id, occurred_on, evidence",
    "consultation_status": "consultation_id, requesting_agency_id, consulted_agency_id, task_id, sent_on, "
    "deadline_on, responded_on, response, status, deemed_agreed, response_days",
    "agency_scorecard": "agency_id, name, kind, tasks_total, done_on_time, done_late, open_on_time, "
    "open_overdue, no_deadline, key_open_overdue, on_time_rate, on_time_rate_low, on_time_rate_high, "
    "shifting_flags, deemed_agreements, dossiers_returned, surprise_inspections, inspection_findings, "
    "disciplined_officials",
    "official_scorecard": "official_id, agency_id, tasks_led, done_on_time, done_late, open_overdue, "
    "on_time_rate, on_time_rate_low, on_time_rate_high, key_tasks_done, early_completions, shifting_actions, "
    "disciplined_in_effect",
}
ADDED_LAST = {
    # then the current decision or the count of flags upheld (contract §3, issue 13), at the very end
    "shifting_flags": ["task_title", "task_is_key", "decision", "decided_by", "decided_on"],
    "consultation_status": ["task_title", "evasive", "reply_due_on"],
    "agency_scorecard": [
        "tasks_due",
        "no_deadline_share",
        "min_tasks",
        "enough_data",
        "rank_position",
        "current_agency_id",  # the agency that carries its work now (agency_lineage)
        "shifting_flags_upheld",
    ],
    "official_scorecard": [
        "full_name",
        "position",
        "category",
        "agency_name",
        "min_tasks",
        "enough_data",
        "rank_position",
        "has_left",
        "left_on",
        "left_label",
        "shifting_actions_upheld",
    ],
}


def columns(db: Path, table: str) -> list[str]:
    rows = query(
        db,
        "select column_name from duckdb_columns() where table_name = $t order by column_index",
        {"t": table},
    )
    return [r["column_name"] for r in rows]


@pytest.mark.parametrize("table", sorted(CONTRACT_FIRST))
def test_contract_columns_first_and_the_page_columns_last(demo_warehouse: Path, table: str) -> None:
    names = columns(demo_warehouse, table)
    contract = CONTRACT_FIRST[table].split(", ")
    assert names[: len(contract)] == contract
    assert names[-len(ADDED_LAST[table]) :] == ADDED_LAST[table]


def test_every_flag_carries_its_tasks_title_and_key_flag(demo_warehouse: Path) -> None:
    (counts,) = query(
        demo_warehouse,
        "select count(*) as flags, count(f.task_title) as titled, "
        "count(*) filter (where f.task_title is distinct from t.title"
        " or f.task_is_key is distinct from t.is_key) as different, "
        "count(*) filter (where f.task_id is null) as without_task "
        "from shifting_flags f left join task_status t using (task_id)",
    )
    assert counts["different"] == 0
    assert counts["titled"] > 0
    assert counts["flags"] == counts["titled"] + counts["without_task"]  # every loaded task has a title
    assert query(demo_warehouse, "select count(*) as n from shifting_flags where task_is_key")[0]["n"] > 0


def test_every_consultation_carries_its_tasks_title(demo_warehouse: Path) -> None:
    (counts,) = query(
        demo_warehouse,
        "select count(*) as consultations, count(c.task_title) as titled, "
        "count(*) filter (where c.task_title is distinct from t.title) as different "
        "from consultation_status c left join task_status t using (task_id)",
    )
    assert counts["different"] == 0
    assert counts["titled"] > 0


def test_officials_are_ranked_only_with_enough_data_and_by_the_lower_bound(demo_warehouse: Path) -> None:
    rows = query(
        demo_warehouse,
        "select official_id, tasks_due, on_time_rate, on_time_rate_low, key_tasks_done, early_completions, "
        "min_tasks, enough_data, rank_position from official_scorecard order by rank_position nulls last",
    )
    (minimum,) = {r["min_tasks"] for r in rows}
    assert minimum == 5  # the default of settings fairness.min_tasks_for_rate
    for r in rows:
        enough = r["tasks_due"] >= minimum and r["on_time_rate"] is not None
        assert r["enough_data"] == enough
        assert (r["rank_position"] is not None) == enough
    ranked = [r for r in rows if r["enough_data"]]
    assert ranked and ranked[0]["rank_position"] == 1
    keys = [(-r["on_time_rate_low"], -r["key_tasks_done"], -r["early_completions"]) for r in ranked]
    assert keys == sorted(keys)
    for i in range(1, len(ranked)):  # ties share a rank, the next one skips (rank(), not dense_rank())
        tie = keys[i] == keys[i - 1]
        assert ranked[i]["rank_position"] == (ranked[i - 1]["rank_position"] if tie else i + 1)
