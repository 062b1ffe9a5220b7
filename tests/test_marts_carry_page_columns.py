"""The marts carry what the pages show beside a row, so that a page listing a few rows does not join the
2.5 M tasks: shifting_flags has its task's title and key flag, consultation_status its task's title.

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
}
ADDED_LAST = {"shifting_flags": ["task_title", "task_is_key"], "consultation_status": ["task_title"]}


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
