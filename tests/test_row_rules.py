"""Every row rule of a file, judged once per row into a flag, names each failing row by file, row (as a text
editor shows it), column and reason — several failing rows of different kinds in one file, including
`event_before_assigned`, which looks its task up through a join (a subquery per event held every event in
memory at province scale)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pipelines.build import build
from tests.builders import TASK_HEADER, write_inputs

AS_OF = dt.date(2023, 6, 30)
EVENT_HEADER = "event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on"


def task(
    task_id: str, title: str = "Việc", assigned: str = "2023-05-01", due: str = "", done: str = ""
) -> str:
    return f"{task_id},{title},city_pc,SXD,O1,agency,{assigned},{due},{done},false"


def test_each_failing_row_is_named_once_with_its_column_and_rule(tmp_path: Path) -> None:
    tasks = "\n".join(
        [
            TASK_HEADER + ",extra",
            task("T1") + ",x",
            task("T2", assigned="30/02/2023") + ",",  # no such day
            task("T3", title="  Giải quyết kiến nghị  ", assigned="05/04/2023") + ",",
            task("T1") + ",",  # written twice
            task("T4", title="Vie\u0302\u0323c") + ",",  # NFD
            "T5,,city_pc,SXD,O1,agency,2023-05-01,,,false,",  # no title
            "T6,Việc,Bộ Nội vụ,SXD,O1,agency,2023-05-01,,,false,",  # not a source
            "T7,Việc,city_pc,SXD,O9,agency,2023-05-01,,,false,",  # no such official
            *(task(f"G{i}", due="2023-08-01") + "," for i in range(10)),
        ]
    )
    events = "\r\n".join(
        [
            EVENT_HEADER,
            "E1,T1,02/05/2023,transfer,SXD,STC,O1,,",
            "E2,T9,2023-05-03,transfer,SXD,STC,O1,,",  # no such task
            "E3,T3,2023-05-04 08:30,extend,,,O1,,2023-07-01",
            "E4,T3,04/04/2023,transfer,SXD,STC,O1,,",  # before T3 was assigned (05/04/2023)
            "E5,T3,05/04/2023,transfer,SXD,STC,O1,,",
            "",
        ]
    )
    folder = write_inputs(tmp_path / "input", {"tasks": tasks, "task_events": events})
    build(folder, tmp_path / "wh.duckdb", as_of=AS_OF, allow_empty_required=True)
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    try:
        rejected = con.execute("select * from rejected_rows order by all").fetchall()
    finally:
        con.close()
    assert sorted((r[0], r[1], r[2], r[5]) for r in rejected) == sorted(
        [
            ("tasks.csv", 3, "assigned_on", "bad_date"),
            ("tasks.csv", 5, "task_id", "duplicate_id"),
            ("tasks.csv", 7, "title", "missing_required"),
            ("tasks.csv", 8, "source", "unknown_enum"),
            ("tasks.csv", 9, "lead_official_id", "unknown_reference"),
            ("task_events.csv", 3, "task_id", "unknown_reference"),
            ("task_events.csv", 5, "occurred_on", "event_before_assigned"),
        ]
    )
