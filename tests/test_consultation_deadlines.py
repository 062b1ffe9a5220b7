"""Golden tests: a reply deadline that falls on a day off runs to the end of the next working day
(Civil Code Art. 148(5), contract §3 consultation_status, issue 14 point 1).

Each consultation is one named edge case: a deadline in Tết 2024 and Tết 2026, on a swapped day off, on
2/9, on an ordinary weekend, on a Saturday worked in exchange; answered on the first working day after
(on time), the day after that (late by one day), or not at all (pending until that working day has
passed). The same rule feeds the deemed-agreement flags, their evidence and consultation_wait.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

AS_OF = "2026-09-03"  # Thu: the first working day after the Quốc khánh break 29/8-2/9/2026

CONSULTATIONS = """\
consultation_id,requesting_agency_id,consulted_agency_id,sent_on,deadline_on,responded_on,response
TET24-NEXT,SXD,STC,2024-02-01,2024-02-10,2024-02-15,agree
TET24-LATE,SXD,STC,2024-02-01,2024-02-10,2024-02-16,agree
TET24-EVE,SXD,STC,2024-02-01,2024-02-08,2024-02-15,agree
TET26-NEXT,SXD,STC,2026-02-05,2026-02-17,2026-02-23,agree
TET26-LATE,SXD,STC,2026-02-05,2026-02-17,2026-02-24,agree
TET26-SAT,SXD,STC,2026-02-05,2026-02-14,2026-02-23,agree
SWAP24-NEXT,SXD,SNV,2024-04-20,2024-04-29,2024-05-02,agree
SWAP24-LATE,SXD,SNV,2024-04-20,2024-04-29,2024-05-03,agree
WORKSAT24,SXD,SNV,2024-04-20,2024-05-04,2024-05-06,agree
NY26-SWAP,SXD,SNV,2025-12-20,2026-01-02,2026-01-05,agree
NY26-WORKSAT,SXD,SNV,2025-12-20,2026-01-10,2026-01-12,agree
NATDAY24-NEXT,SXD,SNV,2024-08-20,2024-09-02,2024-09-04,agree
NATDAY24-LATE,SXD,SNV,2024-08-20,2024-09-02,2024-09-05,agree
WEEKEND-NEXT,SXD,SNV,2023-06-01,2023-06-10,2023-06-12,agree
WORKDAY-LATE,SXD,SNV,2023-06-01,2023-06-09,2023-06-12,agree
SUNDAY-NEXT,SXD,SNV,2024-11-10,2024-11-24,2024-11-25,agree
QK26-SWAP-OPEN,SXD,UBND,2026-08-20,2026-08-31,,
QK26-NATDAY-OPEN,SXD,UBND,2026-08-20,2026-09-02,,
QK26-FRI-OPEN,SXD,UBND,2026-08-20,2026-08-28,,
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_warehouse(
        tmp_path_factory.mktemp("deadlines"),
        {"tasks": TASK_HEADER + "\n", "consultations": CONSULTATIONS},
        as_of=AS_OF,
    )


def _rows(db, table: str) -> dict[str, dict]:
    return {r["consultation_id"]: r for r in query(db, f"select * from {table}")}


@pytest.mark.parametrize(
    ("consultation_id", "reply_due_on", "status"),
    [
        # deadline Sat 10/2/2024 = Mùng 1 Tết; Tết runs 8-14/2 → Thu 15/2/2024
        ("TET24-NEXT", "2024-02-15", "answered_on_time"),
        ("TET24-LATE", "2024-02-15", "answered_late"),
        ("TET24-EVE", "2024-02-15", "answered_on_time"),  # deadline Thu 8/2/2024 = 29 Tết
        # deadline Tue 17/2/2026 = Mùng 1 Tết Bính Ngọ; Tết 16-20/2 plus the weekend → Mon 23/2/2026
        ("TET26-NEXT", "2026-02-23", "answered_on_time"),
        ("TET26-LATE", "2026-02-23", "answered_late"),
        ("TET26-SAT", "2026-02-23", "answered_on_time"),  # Sat 14/2/2026, the first day of the 9-day break
        # Mon 29/4/2024 swapped off (2450/VPCP-KGVX), 30/4 and 1/5 holidays → Thu 2/5/2024
        ("SWAP24-NEXT", "2024-05-02", "answered_on_time"),
        ("SWAP24-LATE", "2024-05-02", "answered_late"),
        # Sat 4/5/2024 was worked in exchange: a working day, the deadline stays
        ("WORKSAT24", "2024-05-04", "answered_late"),
        # Fri 2/1/2026 swapped off for Sat 10/1/2026 (12729/VPCP-KGVX) → Mon 5/1/2026
        ("NY26-SWAP", "2026-01-05", "answered_on_time"),
        ("NY26-WORKSAT", "2026-01-10", "answered_late"),  # Sat 10/1/2026 worked in exchange
        # Mon 2/9/2024 National Day, Tue 3/9 the adjacent day → Wed 4/9/2024
        ("NATDAY24-NEXT", "2024-09-04", "answered_on_time"),
        ("NATDAY24-LATE", "2024-09-04", "answered_late"),
        # an ordinary Saturday → Monday; a Friday deadline is not moved
        ("WEEKEND-NEXT", "2023-06-12", "answered_on_time"),
        ("WORKDAY-LATE", "2023-06-09", "answered_late"),
        # Sun 24/11/2024: a weekend, runs to Mon 25/11
        ("SUNDAY-NEXT", "2024-11-25", "answered_on_time"),
        # as_of Thu 3/9/2026: Mon 31/8/2026 swapped off (9441/TB-BNV), 1-2/9 National Day → Thu 3/9/2026,
        # the last day to answer is today: still pending, not deemed agreed
        ("QK26-SWAP-OPEN", "2026-09-03", "pending"),
        ("QK26-NATDAY-OPEN", "2026-09-03", "pending"),
        ("QK26-FRI-OPEN", "2026-08-28", "unanswered_overdue"),  # a working Friday: overdue since 29/8
    ],
)
def test_deadline_on_a_day_off_runs_to_the_next_working_day(warehouse, consultation_id, reply_due_on, status):
    row = _rows(warehouse, "consultation_status")[consultation_id]
    assert (str(row["reply_due_on"]), row["status"]) == (reply_due_on, status)
    assert row["deemed_agreed"] is (status in ("answered_late", "unanswered_overdue"))


def test_pending_until_the_extended_deadline_has_passed(tmp_path):
    # the day after the extended deadline (Fri 4/9/2026) the silence counts as agreement
    db = build_warehouse(
        tmp_path, {"tasks": TASK_HEADER + "\n", "consultations": CONSULTATIONS}, "2026-09-04"
    )
    rows = _rows(db, "consultation_status")
    assert rows["QK26-SWAP-OPEN"]["status"] == "unanswered_overdue"
    assert rows["QK26-NATDAY-OPEN"]["deemed_agreed"] is True
    flag = query(
        db,
        "select occurred_on, evidence from shifting_flags "
        "where flag_id = 'consultation_deemed_agreed:QK26-SWAP-OPEN'",
    )[0]
    assert flag["occurred_on"] == dt.date(2026, 9, 4)
    assert "đã quá hạn 1 ngày tính đến 04/09/2026" in flag["evidence"]


def test_deemed_agreement_flags_follow_the_extended_deadline(warehouse):
    flags = {
        r["consultation_id"]: r
        for r in query(warehouse, "select * from shifting_flags where kind = 'consultation_deemed_agreed'")
    }
    expected = {
        "TET24-LATE",
        "TET26-LATE",
        "SWAP24-LATE",
        "WORKSAT24",
        "NY26-WORKSAT",
        "NATDAY24-LATE",
        "WORKDAY-LATE",
        "QK26-FRI-OPEN",
    }
    assert set(flags) == expected  # no finding against an agency that answered on the first working day
    late = flags["TET24-LATE"]
    # one day late counted from Thu 15/2/2024, not seven from Sat 10/2; both dates named
    assert "chậm 1 ngày so với hạn trả lời 10/02/2024" in late["evidence"]
    assert "kéo dài đến hết ngày làm việc tiếp theo 15/02/2024" in late["evidence"]
    assert "Điều 148 khoản 5" in late["evidence"]
    assert late["occurred_on"] == dt.date(2024, 2, 16)
    # a deadline on a working day: no extension words
    assert "kéo dài" not in flags["WORKDAY-LATE"]["evidence"]
    assert "chậm 3 ngày so với hạn trả lời 09/06/2023 (gửi ngày" in flags["WORKDAY-LATE"]["evidence"]


def test_agency_scorecard_counts_only_real_deemed_agreements(warehouse):
    rows = {
        r["agency_id"]: r
        for r in query(warehouse, "select agency_id, deemed_agreements from agency_scorecard")
    }
    # STC: TET24-LATE, TET26-LATE; SNV: SWAP24-LATE, WORKSAT24, NY26-WORKSAT, NATDAY24-LATE, WORKDAY-LATE
    assert (rows["STC"]["deemed_agreements"], rows["SNV"]["deemed_agreements"]) == (2, 5)
    assert rows["UBND"]["deemed_agreements"] == 1


def test_consultation_wait_counts_past_the_extended_deadline(warehouse):
    rows = _rows(warehouse, "consultation_wait")
    assert rows["TET24-NEXT"]["days_past_deadline"] == 0  # answered on Thu 15/2: nothing past the deadline
    assert rows["TET24-LATE"]["days_past_deadline"] == 1
    assert rows["QK26-SWAP-OPEN"]["days_past_deadline"] == 0  # still within its time on as_of
    assert rows["QK26-FRI-OPEN"]["days_past_deadline"] == 6  # Fri 28/8 → Thu 3/9/2026
