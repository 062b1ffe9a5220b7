"""personnel_review: every reason of domain.md §7 with its records, rule and article; severity."""

from __future__ import annotations

import re

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

AS_OF = "2026-06-30"


def _task(task_id, lead, due, done="", key="false", owner="SXD"):
    return f"{task_id},Nhiệm vụ {task_id},city_pc,{owner},{lead},agency,2025-07-01,{due},{done},{key}"


TASKS = (
    TASK_HEADER
    + "\n"
    + "\n".join(
        # O1: 0 of 6 tasks due in the last 12 months on time → Wilson upper bound 0.39 < 0.5
        [_task(f"A{i}", "O1", f"2026-0{i}-10", f"2026-0{i}-20") for i in range(1, 7)]
        # O2: 1 of 6 on time → upper bound 0.56: poor, but not beyond doubt → no reason
        + [_task("B1", "O2", "2026-01-10", "2026-01-09")]
        + [_task(f"B{i}", "O2", f"2026-0{i}-10", f"2026-0{i}-20") for i in range(2, 7)]
        # O3: a key task open 60 days past its deadline; O4: one exactly 30 days past (not "more than 30")
        + [
            _task("K-LONG", "O3", "2026-05-01", key="true", owner="STC"),
            _task("K-30", "O4", "2026-05-31", key="true"),
        ]
        # tasks whose transfers by O2 (within authority: the owner hands its own work away) are flagged
        + [_task("S1", "O5", "2026-12-01"), _task("S2", "O5", "2026-12-01"), _task("S3", "O5", "2026-12-01")]
    )
    + "\n"
)

EVENTS = """\
event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on
EV1,S1,2026-02-01,transfer,SXD,STC,O2,,
EV2,S2,2026-03-01,transfer,SXD,SNV,O2,,
EV3,S3,2025-05-01,transfer,SXD,STC,O4,,
EV4,S1,2026-04-01,transfer,STC,SNV,O4,,
"""

DISCIPLINE = """\
action_id,official_id,decided_on,form,violation
KL-SHIRK,O4,2026-01-10,reprimand,shirking
KL-OTHER,O5,2026-02-01,warning,other
"""

RATINGS = """\
official_id,year,grade
O3,2024,incomplete
O3,2025,incomplete
O5,2022,incomplete
O5,2023,incomplete
"""


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    files = {
        "tasks": TASKS,
        "task_events": EVENTS,
        "disciplinary_actions": DISCIPLINE,
        "annual_ratings": RATINGS,
    }
    db = build_warehouse(tmp_path_factory.mktemp("pr"), files, as_of=AS_OF)
    return {r["official_id"]: r for r in query(db, "select * from personnel_review")}


def test_who_and_why(review):
    assert {k: v["reason_codes"] for k, v in review.items()} == {
        "O1": ["low_on_time"],
        "O2": ["repeated_shifting"],
        "O3": ["key_task_long_overdue", "two_years_incomplete"],
        "O4": ["disciplined_shirking_or_delay"],
    }
    # O5: incomplete in 2022 and 2023 is an old pair; a warning for "other" is not shirking or delay


def test_severity(review):
    assert review["O1"]["severity"] == "medium"
    assert review["O2"]["severity"] == "medium"
    assert review["O3"]["severity"] == "high"  # two reasons
    assert review["O4"]["severity"] == "high"  # a discipline in effect


def test_reasons_list_their_records_rule_and_article(review):
    o1 = review["O1"]["reasons"]
    assert (
        "0/6" in o1 and "A1 (hạn 10/01/2026)" in o1 and "0,00–0,39" in o1 and "[review.low_on_time — " in o1
    )
    assert (review["O1"]["tasks_due"], review["O1"]["on_time_rate"]) == (6, 0.0)
    assert review["O1"]["on_time_rate_high"] < 0.5
    o2 = review["O2"]
    assert "EV1" in o2["reasons"] and "EV2" in o2["reasons"] and "01/02/2026" in o2["reasons"]
    assert set(o2["records"]) == {"EV1", "EV2"} and o2["rule_ids"] == ["review.repeated_shifting"]
    o3 = review["O3"]["reasons"]
    assert "K-LONG (hạn 01/05/2026, quá 60 ngày)" in o3 and "2024 và 2025" in o3 and "Điều 23 khoản 3" in o3
    o4 = review["O4"]["reasons"]
    assert "KL-SHIRK" in o4 and "10/01/2026" in o4 and "Nghị định 112/2020/NĐ-CP" in o4


def test_thresholds_come_from_config(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        "[review]\nlow_on_time_upper_bound = 0.6\nkey_task_overdue_days = 29\n", encoding="utf-8"
    )
    files = {
        "tasks": TASKS,
        "task_events": EVENTS,
        "disciplinary_actions": DISCIPLINE,
        "annual_ratings": RATINGS,
    }
    db = build_warehouse(tmp_path, files, as_of=AS_OF, config=config)
    rows = {r["official_id"]: r["reason_codes"] for r in query(db, "select * from personnel_review")}
    assert "low_on_time" in rows["O2"]
    assert "key_task_long_overdue" in rows["O4"]


def test_demo_planted_stallers_are_under_review(demo_warehouse, demo_manifest):
    planted = demo_manifest["planted"]
    rows = {
        r["official_id"]: r
        for r in query(
            demo_warehouse,
            "select * from personnel_review where list_contains($ids, official_id)",
            {"ids": planted["stalling_officials"]},
        )
    }
    assert set(rows) == set(planted["stalling_officials"])
    for official in planted["stalling_disciplined"]:
        assert "disciplined_shirking_or_delay" in rows[official]["reason_codes"]
        assert rows[official]["severity"] == "high"
    for official in planted["stalling_two_years_incomplete"]:
        assert "two_years_incomplete" in rows[official]["reason_codes"]


def test_repeated_shifting_lists_its_actions_in_a_stable_order(demo_warehouse) -> None:
    # the actions behind repeated_shifting came in hash order, so two builds of the same input could word
    # the same reason differently; they are listed by event id
    rows = query(
        demo_warehouse,
        "select reasons, records from personnel_review where reason_codes = ['repeated_shifting']",
    )
    assert rows
    for row in rows:
        assert row["records"] == sorted(row["records"])
        listed = re.findall(r"(SK\d+) \(", row["reasons"])
        assert listed == sorted(listed)


def test_officials_who_have_left_are_not_listed(tmp_path):
    """Issue 14 point 4: three officials dismissed in 2024 were listed "đang trong thời hạn kỷ luật", one as
    row 1. Who has left (active_to before as_of, or a dismissal in effect) is not listed for review; their
    history still counts in the scorecards, which say they have left."""
    officials = """\
official_id,full_name,agency_id,position,category,active_from,active_to
O1,Nguyễn Văn An,SXD,head,civil_servant,2015-01-01,2026-05-31
O2,Trần Thị Bình,SXD,staff,civil_servant,2015-01-01,
O3,Lê Minh Châu,STC,staff,civil_servant,2015-01-01,2026-06-30
O4,Phạm Thu Dung,SNV,deputy,civil_servant,2015-01-01,
O5,Hoàng Văn Em,UBND,staff,cadre,2015-01-01,
"""
    discipline = DISCIPLINE + "KL-OUT,O4,2024-09-10,dismissal,delay\n"
    files = {
        "officials": officials,
        "tasks": TASKS,
        "task_events": EVENTS,
        "disciplinary_actions": discipline,
        "annual_ratings": RATINGS,
    }
    db = build_warehouse(tmp_path, files, as_of=AS_OF)
    listed = {r["official_id"] for r in query(db, "select official_id from personnel_review")}
    # O1 left on 31/05/2026 (active_to before as_of), O4 was dismissed in 2024; O3's last day is as_of itself
    assert listed == {"O2", "O3"}  # (O5 was never listed: see test_who_and_why)
    cards = {r["official_id"]: r for r in query(db, "select * from official_scorecard")}
    assert (cards["O1"]["has_left"], cards["O1"]["left_label"]) == (True, "đã nghỉ / đã chuyển công tác")
    assert cards["O1"]["tasks_led"] == 6 and cards["O1"]["done_late"] == 6  # the history still counts
    assert (cards["O4"]["has_left"], str(cards["O4"]["left_on"])) == (True, "2024-09-10")
    assert cards["O3"]["has_left"] is False and cards["O2"]["left_on"] is None
    sxd = query(db, "select * from agency_scorecard where agency_id = 'SXD'")[0]
    assert sxd["tasks_total"] == 16  # O1's six tasks are still the agency's


def test_demo_lists_nobody_who_has_left(demo_warehouse):
    """The demo has officials dismissed (Buộc thôi việc) in 2024-2025 and officials moved elsewhere: none is
    listed for review or proposed for a title, and the officials' scorecard says they have left."""
    (row,) = query(
        demo_warehouse,
        "select count(*) filter (where s.has_left) as left_total, "
        "count(*) filter (where s.left_reason = 'dismissed') as dismissed, "
        "(select count(*) from personnel_review r join official_service x using (official_id)"
        " where x.has_left)"
        " as reviewed, "
        "(select count(*) from commendation_candidates c join official_service x using (official_id)"
        " where x.has_left and c.eligible) as proposed, "
        "(select count(*) from official_scorecard c where c.has_left) as shown_left "
        "from official_service s",
    )
    assert row["dismissed"] >= 3 and row["left_total"] > row["dismissed"]
    assert (row["reviewed"], row["proposed"]) == (0, 0)
    assert row["shown_left"] == row["left_total"]


def test_of_two_dismissals_on_one_day_the_first_by_its_number_is_named(tmp_path):
    """arg_min over the decision date alone took whichever of two same-day decisions it read first: the
    record named would change with the order of the file (or of a parallel read). The tie goes to the
    smaller decision number."""
    discipline = (
        DISCIPLINE + "KL-OUT-B,O4,2024-09-10,dismissal,delay\nKL-OUT-A,O4,2024-09-10,dismissal,delay\n"
    )
    files = {
        "tasks": TASKS,
        "task_events": EVENTS,
        "disciplinary_actions": discipline,
        "annual_ratings": RATINGS,
    }
    db = build_warehouse(tmp_path, files, as_of=AS_OF)
    row = query(db, "select dismissed_on, dismissal_action_id from official_service where official_id = 'O4'")
    assert [(str(r["dismissed_on"]), r["dismissal_action_id"]) for r in row] == [("2024-09-10", "KL-OUT-A")]
