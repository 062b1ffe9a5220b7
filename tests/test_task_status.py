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


# --- issue 14 point 2: a reopen after completed_on voids the completion; the latest extension sets due_on ---
REOPEN_TASKS = "\n".join(
    [
        TASK_HEADER,
        "R-VOID-OVERDUE,Báo xong rồi bị mở lại,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,2023-05-08,true",
        "R-VOID-INTIME,Mở lại còn trong hạn,city_pc,SXD,O1,agency,2023-05-01,2023-07-15,2023-06-01,false",
        "R-REDONE,Mở lại rồi xong đúng hạn,city_pc,SXD,O2,agency,2023-05-01,2023-05-31,2023-05-25,false",
        "R-REDONE-LATE,Mở lại rồi xong trễ,city_pc,SXD,O2,agency,2023-05-01,2023-05-10,2023-06-05,false",
        "R-SAME-DAY,Mở lại cùng ngày hoàn thành,city_pc,SXD,O2,agency,2023-05-01,2023-05-10,2023-05-08,false",
        "R-AFTER-ASOF,Mở lại sau ngày tính,city_pc,SXD,O2,agency,2023-05-01,2023-05-10,2023-05-08,false",
        "R-NODL,Không thời hạn bị mở lại,internal,SXD,O2,agency,2023-05-01,,2023-05-08,false",
        "X-LATER-EARLIER,Gia hạn sau rút hạn,city_pc,STC,O3,agency,2023-04-20,2023-05-31,2023-06-20,false",
        "X-SAME-DAY,Hai lần gia hạn cùng ngày,city_pc,STC,O3,agency,2023-04-20,2023-05-31,,false",
        "X-TIME,Gia hạn có giờ,city_pc,STC,O3,agency,2023-04-20,2023-05-31,,false",
    ]
)
REOPEN_EVENTS = """\
event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on
RV1,R-VOID-OVERDUE,2023-05-20,reopen,,,O5,,
RV2,R-VOID-INTIME,2023-06-10,reopen,,,O5,,
RV3,R-REDONE,2023-05-20,reopen,,,O5,,
RV4,R-REDONE-LATE,2023-05-12,reopen,,,O5,,
RV5,R-SAME-DAY,2023-05-08 15:00,reopen,,,O5,,
RV6,R-AFTER-ASOF,2023-07-05,reopen,,,O5,,
RV7,R-NODL,2023-05-20,reopen,,,O5,,
XB,X-LATER-EARLIER,2023-05-15,extend,,,O3,,2023-06-10
XA,X-LATER-EARLIER,2023-05-01,extend,,,O3,,2023-06-30
XS-B,X-SAME-DAY,2023-05-15,extend,,,O3,,2023-07-20
XS-A,X-SAME-DAY,2023-05-15,extend,,,O3,,2023-07-31
XT-Z,X-TIME,2023-05-15 08:00,extend,,,O3,,2023-06-15
XT-A,X-TIME,2023-05-15 16:30,extend,,,O3,,2023-07-15
"""


@pytest.fixture(scope="module")
def reopened(tmp_path_factory):
    return build_warehouse(
        tmp_path_factory.mktemp("reopen"), {"tasks": REOPEN_TASKS, "task_events": REOPEN_EVENTS}, as_of=AS_OF
    )


@pytest.mark.parametrize(
    ("task_id", "status", "days_overdue", "completed_on", "voided_completed_on"),
    [
        # done 8/5, reopened 20/5, not done again: open and judged against 10/5 as of 30/6
        ("R-VOID-OVERDUE", "open_overdue", 51, None, "2023-05-08"),
        ("R-VOID-INTIME", "open_on_time", 0, None, "2023-06-01"),  # reopened, its due date 15/7 still ahead
        # the export carries the completion after the reopen: that one counts, nothing is voided
        ("R-REDONE", "done_on_time", 0, "2023-05-25", None),
        ("R-REDONE-LATE", "done_late", 26, "2023-06-05", None),
        # reopened on the completion day itself: not "dated after", the completion stands
        ("R-SAME-DAY", "done_on_time", 0, "2023-05-08", None),
        # a reopen after as_of has not happened yet as of as_of
        ("R-AFTER-ASOF", "done_on_time", 0, "2023-05-08", None),
        (
            "R-NODL",
            "no_deadline",
            0,
            None,
            "2023-05-08",
        ),  # voided, and still never overdue without a deadline
    ],
)
def test_reopen_after_completion_voids_it(
    reopened, task_id, status, days_overdue, completed_on, voided_completed_on
):
    row = _status(reopened, task_id)
    got = (row["status"], row["days_overdue"], row["completed_on"], row["voided_completed_on"])
    as_text = tuple(None if v is None else str(v) for v in got[2:])
    assert (got[0], got[1], *as_text) == (status, days_overdue, completed_on, voided_completed_on)
    assert row["reopen_count"] == 1


def test_voided_completed_on_is_the_last_column(reopened):
    names = [
        r["column_name"]
        for r in query(
            reopened,
            "select column_name from duckdb_columns() where table_name = 'task_status' order by column_index",
        )
    ]
    # added at the end, then the task's objective-cause decision (issue 13) after it
    assert names[-4:] == ["voided_completed_on", "decision", "decision_by", "decided_on"]
    assert _status(reopened, "X-TIME")["voided_completed_on"] is None


@pytest.mark.parametrize(
    ("task_id", "due_on", "why"),
    [
        ("X-LATER-EARLIER", "2023-06-10", "the later extension (15/5) wins although it sets an earlier date"),
        ("X-SAME-DAY", "2023-07-20", "same day: the larger event_id (XS-B) wins, whatever the file order"),
        ("X-TIME", "2023-07-15", "same day with times: the later time wins before the event_id"),
    ],
)
def test_latest_extension_sets_the_deadline(reopened, task_id, due_on, why):
    row = _status(reopened, task_id)
    assert (str(row["original_due_on"]), str(row["due_on"])) == ("2023-05-31", due_on), why
    assert row["extension_count"] == 2


def test_voided_completion_counts_as_open_in_the_scorecards(reopened):
    o1 = query(reopened, "select * from official_scorecard where official_id = 'O1'")[0]
    # O1 led R-VOID-OVERDUE (open overdue now) and R-VOID-INTIME (open in time): nothing done
    assert (o1["done_on_time"], o1["open_overdue"], o1["key_tasks_done"]) == (0, 1, 0)
    sxd = query(reopened, "select * from agency_scorecard where agency_id = 'SXD'")[0]
    assert (sxd["done_on_time"], sxd["done_late"], sxd["open_on_time"], sxd["open_overdue"]) == (3, 1, 1, 1)
