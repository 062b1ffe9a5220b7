"""Golden tests: task rows in, task_status and the scorecards out, on a real DuckDB file."""

from __future__ import annotations

import math

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

AS_OF = "2023-06-30"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tasks = "\n".join(
        [
            TASK_HEADER,
            "T-ON-DUE,Hoàn thành đúng ngày hạn,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,2023-05-10,false",
            "T-EARLY,Hoàn thành sớm,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,2023-05-03,true",
            "T-LATE,Hoàn thành trễ,government,SXD,O2,agency,2023-05-01,2023-05-10,2023-05-15,false",
            "T-DUE-TODAY,Hạn hôm nay còn mở,prime_minister,STC,O3,agency,2023-06-01,2023-06-30,,false",
            "T-OVERDUE,Quá hạn còn mở,city_chair,STC,O3,agency,2023-06-01,2023-06-20,,true",
            "T-NODL-OPEN,Không thời hạn còn mở,internal,SNV,O4,,2023-06-01,,,",
            "T-NODL-DONE,Không thời hạn đã xong,internal,SNV,O4,,2023-06-01,,2023-06-05,",
            "T-EXT,Gia hạn dời hạn,city_pc,SXD,O1,city,2023-05-01,2023-05-10,2023-06-10,false",
        ]
    )
    events = """\
    event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on
    E1,T-EXT,2023-05-08,extend,,,O1,,2023-05-31
    E2,T-EXT,2023-05-30,extend,,,O1,,2023-06-15
    E3,T-LATE,2023-05-02,transfer,SXD,STC,O2,,
    E4,T-LATE,2023-05-03 09:30,transfer,STC,SXD,O3,,
    E5,T-OVERDUE,2023-06-02,escalate,STC,UBND,O3,,
    """
    db = build_warehouse(tmp_path_factory.mktemp("ts"), {"tasks": tasks, "task_events": events}, as_of=AS_OF)
    return db


def _status(db, task_id):
    return query(db, "select * from task_status where task_id = $id", {"id": task_id})[0]


@pytest.mark.parametrize(
    ("task_id", "status", "days_overdue"),
    [
        ("T-ON-DUE", "done_on_time", 0),  # completed on the due date is on time
        ("T-EARLY", "done_on_time", 0),
        ("T-LATE", "done_late", 5),  # completed_on − due_on
        ("T-DUE-TODAY", "open_on_time", 0),  # due today and open: not yet overdue
        ("T-OVERDUE", "open_overdue", 10),  # as_of − due_on
        ("T-NODL-OPEN", "no_deadline", 0),  # never overdue without a deadline
        ("T-NODL-DONE", "no_deadline", 0),
        ("T-EXT", "done_on_time", 0),  # extended to 15/06, completed 10/06
    ],
)
def test_status_and_days_overdue(warehouse, task_id, status, days_overdue):
    row = _status(warehouse, task_id)
    assert (row["status"], row["days_overdue"]) == (status, days_overdue)


def test_extension_moves_the_deadline_and_keeps_the_original(warehouse):
    row = _status(warehouse, "T-EXT")
    assert str(row["original_due_on"]) == "2023-05-10"
    assert str(row["due_on"]) == "2023-06-15"  # the most recent extension wins
    assert row["extension_count"] == 2


def test_event_counts_and_defaults(warehouse):
    late = _status(warehouse, "T-LATE")
    assert (late["transfer_count"], late["escalation_count"]) == (2, 0)
    assert _status(warehouse, "T-OVERDUE")["escalation_count"] == 1
    no_deadline = _status(warehouse, "T-NODL-OPEN")
    assert no_deadline["decided_by"] == "agency" and no_deadline["is_key"] is False
    assert _status(warehouse, "T-EXT")["decided_by"] == "city"


def _wilson(k, n, z=1.959963984540054):
    p = k / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


def test_agency_scorecard_counts_and_wilson_interval(warehouse):
    rows = {r["agency_id"]: r for r in query(warehouse, "select * from agency_scorecard")}
    sxd = rows["SXD"]
    assert (sxd["tasks_total"], sxd["done_on_time"], sxd["done_late"], sxd["open_overdue"]) == (4, 3, 1, 0)
    assert sxd["on_time_rate"] == pytest.approx(3 / 4)
    low, high = _wilson(3, 4)
    assert sxd["on_time_rate_low"] == pytest.approx(low)
    assert sxd["on_time_rate_high"] == pytest.approx(high)
    stc = rows["STC"]
    assert (stc["open_on_time"], stc["open_overdue"], stc["key_open_overdue"]) == (1, 1, 1)
    assert stc["on_time_rate"] == 0
    snv = rows["SNV"]
    assert snv["no_deadline"] == 2
    assert snv["on_time_rate"] is None and snv["on_time_rate_low"] is None  # nothing due: no rate at all
    assert rows["UBND"]["tasks_total"] == 0  # every agency has a row, even without tasks


def test_official_scorecard(warehouse):
    rows = {r["official_id"]: r for r in query(warehouse, "select * from official_scorecard")}
    o1 = rows["O1"]
    counts = (o1["tasks_led"], o1["done_on_time"], o1["key_tasks_done"], o1["early_completions"])
    assert counts == (3, 3, 1, 2)
    assert rows["O3"]["open_overdue"] == 1
    assert rows["O5"]["tasks_led"] == 0 and rows["O5"]["on_time_rate"] is None


def test_consultation_status(tmp_path):
    consultations = """\
    consultation_id,task_id,requesting_agency_id,consulted_agency_id,sent_on,deadline_on,responded_on,response
    C-ON,,SXD,STC,2023-06-01,2023-06-10,2023-06-10,agree
    C-LATE,,SXD,STC,2023-06-01,2023-06-10,2023-06-13,generic
    C-SAT-MON,,SXD,STC,2023-06-01,2023-06-10,2023-06-12,agree
    C-SILENT,,SXD,SNV,2023-06-01,2023-06-10,,
    C-PENDING,,SXD,SNV,2023-06-01,2023-06-30,,
    C-NODL,,SXD,SNV,2023-06-01,,2023-06-20,Thống nhất
    """
    db = build_warehouse(tmp_path, {"tasks": TASK_HEADER + "\n", "consultations": consultations}, as_of=AS_OF)
    rows = {r["consultation_id"]: r for r in query(db, "select * from consultation_status")}
    assert {k: (v["status"], v["deemed_agreed"]) for k, v in rows.items()} == {
        "C-ON": ("answered_on_time", False),
        "C-LATE": ("answered_late", True),  # deadline Sat 10/6 runs to Mon 12/6; answered Tue 13/6
        "C-SAT-MON": ("answered_on_time", False),  # answered on the next working day (Civil Code Art. 148(5))
        "C-SILENT": ("unanswered_overdue", True),
        "C-PENDING": ("pending", False),  # deadline equal to as_of: still pending
        "C-NODL": ("no_deadline", False),
    }
    assert rows["C-NODL"]["response"] == "agree"  # the Vietnamese label is stored as its code
