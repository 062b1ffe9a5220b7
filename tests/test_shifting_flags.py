"""Golden tests of shifting_flags: a handful of tasks, events and consultations in, exact flags out.

Every contract kind has a case that must flag and one that must not; the edge cases named below
are each a task or consultation of their own (see the comments beside the rows).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.builders import build_warehouse, query

TASKS = """\
task_id,title,source,owner_agency_id,lead_official_id,decided_by,assigned_on,due_on,completed_on,is_key
T1,Cấp phép xây dựng khu A,city_pc,SXD,O1,agency,2023-03-01,2023-04-30,,true
T2,Thẩm định thiết kế cơ sở,city_pc,SXD,O1,agency,2023-03-01,2023-06-30,,false
T3,Quyết toán dự án cầu B,city_pc,STC,O3,city,2023-03-01,2023-06-30,,false
T4,Phê duyệt biên chế,city_chair,SNV,O4,city,2023-03-01,2023-06-30,,false
T5,Rà soát thủ tục,internal,SNV,O4,agency,2023-03-01,2023-06-30,,false
T6,Giải phóng mặt bằng tuyến C,city_pc,Q-LC,,agency,2023-03-01,2023-06-30,,false
T7,Cấp phép xây dựng khu D,city_pc,SXD,O2,agency,2023-03-01,2023-06-30,,false
T8,Điều chỉnh dự toán,city_pc,STC,O3,city,2023-03-01,2023-06-30,,false
T9,Kế hoạch vốn,city_pc,SXD,O1,agency,2023-03-01,2023-04-30,,false
T10,Đề án nhà ở xã hội,city_pc,SXD,O1,agency,2023-03-01,2023-04-30,,false
"""

EVENTS = """\
event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on
E11,T1,2023-03-10,transfer,SXD,STC,O1,wrong_recipient,
E12,T1,2023-03-15,transfer,STC,SXD,O3,within_own_authority,
E13,T1,2023-03-16,transfer,SXD,SXD,O1,,
E21,T2,2023-03-20 09:00,escalate,SXD,UBND,O1,,
E22,T2,2023-03-28 15:30,return,UBND,SXD,O5,within_own_authority,
E31,T3,2023-04-01,escalate,STC,UBND,O3,,
E32,T3,2023-04-05,return,UBND,STC,O5,incomplete_dossier,
E33,T3,2023-04-10,escalate,STC,UBND,O3,,
E34,T3,2023-04-20,return,UBND,STC,O5,unresolved_disagreement,
E41,T4,2023-04-02,escalate,SNV,UBND,O4,,
E41R,T4,2023-04-06,transfer,UBND,UBND,O5,,
E42,T4,2023-04-12,return,UBND,SNV,O5,within_own_authority,
E51,T5,2023-04-02,extend,,,O4,,2023-07-31
E61,T6,2023-03-05,transfer,Q-LC,SXD,,wrong_recipient,
E62,T6,2023-03-09,transfer,SXD,STC,O2,wrong_recipient,
E63,T6,2023-03-20,transfer,STC,Q-LC,O3,wrong_recipient,
E71,T7,2023-05-02,escalate,SXD,UBND,O2,,
E81,T8,2023-05-02,escalate,STC,UBND,O3,,
E82,T8,2023-05-09,return,UBND,STC,O5,,
E91,T10,2023-04-20,extend,,,O1,,2023-06-30
"""

CONSULTATIONS = """\
consultation_id,task_id,requesting_agency_id,consulted_agency_id,sent_on,deadline_on,responded_on,response,response_text
C1,T2,SXD,STC,2023-05-02,2023-05-10,2023-05-12,,Cơ bản thống nhất với dự thảo.
C2,T2,SXD,SNV,2023-06-20,2023-06-30,,,
C3,T2,SXD,SNV,2023-06-20,2023-06-29,,,
C4,T2,SXD,STC,2023-05-02,,2023-05-05,agree,
C5,T9,SXD,SNV,2023-05-05,2023-05-15,2023-05-10,agree,
C6,T9,SXD,SNV,2023-04-30,2023-05-08,2023-05-08,agree,
C7,T2,STC,SNV,2023-05-02,2023-05-12,2023-05-04,deflect,
C8,T2,SXD,STC,2023-05-02,2023-05-12,2023-05-04,,Không thống nhất với dự thảo vì thiếu kinh phí.
C9,T10,SXD,STC,2023-05-15,2023-05-25,2023-05-20,,"Thống nhất; đề nghị bổ sung kinh phí tại mục III."
"""

EXPECTED_FLAGS = {
    # T1: SXD transfers its own task to STC, which sends it back — a return to the owner after a transfer
    "transfer_within_authority:E11": "SXD",
    "ping_pong:T1": "SXD",
    # T2: SXD escalates an agency-decided matter; the city returns it as within SXD's own authority
    "escalation_within_authority:E21": "SXD",
    "ping_pong:T2": "SXD",
    # T3: a city-decided dossier returned twice (incomplete, then unresolved disagreement)
    "dossier_returned:E32": "STC",
    "dossier_returned:E34": "STC",
    "ping_pong:T3": "STC",
    # T4: a city-decided matter, but the city answers "within own authority" — after routing the file
    # inside the city (E41R, UBND → UBND), which is no hand-over and does not hide the answer;
    # E13 (SXD → SXD, inside the owner) is no transfer to another agency either
    "escalation_within_authority:E41": "SNV",
    "ping_pong:T4": "SNV",
    # T6: Q-LC → SXD → STC → Q-LC is a longer cycle, not a ping-pong; only the owner's transfer flags
    "transfer_within_authority:E61": "Q-LC",
    # T7: an agency-decided matter escalated and not (yet) answered
    "escalation_within_authority:E71": "SXD",
    # T8: returned by the city without a reason: "any reason but within_own_authority"
    "dossier_returned:E82": "STC",
    "ping_pong:T8": "STC",
    # C1: answered late AND generically (text only): two flags
    "consultation_deemed_agreed:C1": "STC",
    "consultation_evasive:C1": "STC",
    # C3: deadline the day before as_of, unanswered (C2, deadline = as_of, is pending: no flag)
    "consultation_deemed_agreed:C3": "SNV",
    # C4: no deadline stated
    "consultation_without_deadline:C4": "SXD",
    # C5: sent after T9 was due (C6 is sent on the due date itself: no flag)
    "consultation_after_due:C5": "SXD",
    # C7: the file says deflect
    "consultation_evasive:C7": "SNV",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(
        tmp_path_factory.mktemp("shifting"),
        {"tasks": TASKS, "task_events": EVENTS, "consultations": CONSULTATIONS},
        as_of="2023-06-30",
    )


# flag_id = kind:record:fingerprint (10 hex digits of the records and their dates; test_flag_ids.py);
# the cases below name a flag by its readable part, kind:record
READABLE = "regexp_replace(flag_id, ':[0-9a-f]{10}$', '')"


def flag(db: Path, flag_id: str) -> dict:
    rows = query(db, f"select * from shifting_flags where {READABLE} = $id", {"id": flag_id})
    assert len(rows) == 1, flag_id
    return rows[0]


def test_exactly_the_expected_flags(db: Path) -> None:
    rows = query(db, f"select {READABLE} as flag_ref, flag_id, agency_id from shifting_flags")
    assert {r["flag_ref"]: r["agency_id"] for r in rows} == EXPECTED_FLAGS
    assert len(rows) == len(EXPECTED_FLAGS)
    assert all(re.fullmatch(r"[a-z_]+:[^:]+:[0-9a-f]{10}", r["flag_id"]) for r in rows)


def test_nothing_was_rejected(db: Path) -> None:
    assert query(db, "select * from rejected_rows") == []


@pytest.mark.parametrize(
    ("flag_id", "event_id", "official_id", "occurred_on"),
    [
        ("transfer_within_authority:E11", "E11", "O1", "2023-03-10"),
        ("escalation_within_authority:E21", "E21", "O1", "2023-03-20"),
        ("escalation_within_authority:E41", "E41", "O4", "2023-04-02"),
        # the ping-pong is the owner's hand-over that started the bounce, dated when it came back
        ("ping_pong:T1", "E11", "O1", "2023-03-15"),
        # a dossier returned by the city is held against the agency it went back to, not the city's clerk
        ("dossier_returned:E32", "E32", None, "2023-04-05"),
        ("consultation_deemed_agreed:C1", None, None, "2023-05-11"),
        ("consultation_evasive:C1", None, None, "2023-05-12"),
    ],
)
def test_flag_records(
    db: Path, flag_id: str, event_id: str | None, official_id: str | None, occurred_on: str
) -> None:
    row = flag(db, flag_id)
    assert row["event_id"] == event_id
    assert row["official_id"] == official_id
    assert row["occurred_on"].isoformat() == occurred_on


def test_dossier_return_keeps_the_city_clerk_as_actor_only(db: Path) -> None:
    row = flag(db, "dossier_returned:E32")
    assert row["event_official_id"] == "O5"
    assert row["official_id"] is None


def test_transfer_not_from_owner_is_not_a_transfer_flag(db: Path) -> None:
    assert query(db, "select * from shifting_flags where event_id in ('E62', 'E63', 'E12')") == []


def test_evidence_of_a_bounced_escalation_reads_like_the_issue(db: Path) -> None:
    evidence = flag(db, "ping_pong:T2")["evidence"]
    assert (
        "Sở Xây dựng → UBND thành phố Hải Phòng → Sở Xây dựng, 20/03–28/03/2023, trả lại: thuộc thẩm quyền"
        in evidence
    )
    assert "Công điện 280/CĐ-TTg" in evidence and "966/UBND-KSTTHC" in evidence


@pytest.mark.parametrize(
    ("flag_id", "words"),
    [
        (
            "transfer_within_authority:E11",
            ["Sở Xây dựng", "Sở Tài chính", "10/03/2023", "sai đơn vị", "Nguyễn Văn An"],
        ),
        (
            "escalation_within_authority:E21",
            ["Sở Xây dựng", "UBND thành phố Hải Phòng", "20/03/2023", "28/03/2023"],
        ),
        (
            "dossier_returned:E34",
            ["UBND thành phố Hải Phòng", "Sở Tài chính", "20/04/2023", "chưa thống nhất", "lần thứ 2"],
        ),
        ("dossier_returned:E82", ["không ghi lý do", "09/05/2023"]),
        (
            "consultation_deemed_agreed:C1",
            ["Sở Tài chính", "Sở Xây dựng", "12/05/2023", "10/05/2023", "2 ngày"],
        ),
        ("consultation_deemed_agreed:C3", ["Sở Nội vụ", "29/06/2023", "30/06/2023"]),
        ("consultation_evasive:C1", ["Sở Tài chính", "chung chung", "«cơ bản thống nhất»"]),
        ("consultation_evasive:C7", ["Sở Nội vụ", "đùn đẩy, né tránh", "04/05/2023"]),
        (
            "consultation_without_deadline:C4",
            ["Sở Xây dựng", "Sở Tài chính", "02/05/2023", "không nêu thời hạn"],
        ),
        ("consultation_after_due:C5", ["Sở Xây dựng", "05/05/2023", "30/04/2023", "5 ngày"]),
    ],
)
def test_evidence_names_agencies_and_dates(db: Path, flag_id: str, words: list[str]) -> None:
    evidence = flag(db, flag_id)["evidence"]
    for word in words:
        assert word in evidence, (word, evidence)
    assert "280/CĐ-TTg" in evidence


def test_every_flag_names_its_rule_and_no_agency_code_leaks_into_evidence(db: Path) -> None:
    for row in query(db, "select flag_id, evidence, rule_ref from shifting_flags"):
        assert "280/CĐ-TTg" in row["rule_ref"] and "966/UBND-KSTTHC" in row["rule_ref"]
        assert " SXD " not in row["evidence"] and " STC " not in row["evidence"], row


def test_deadline_equal_to_as_of_is_pending_not_deemed_agreed(db: Path) -> None:
    (row,) = query(db, "select status, deemed_agreed from consultation_status where consultation_id = 'C2'")
    assert row == {"status": "pending", "deemed_agreed": False}


def test_consultation_status_keeps_the_file_response_and_adds_the_effective_one(db: Path) -> None:
    rows = query(
        db,
        "select consultation_id, response, effective_response, matched_phrase from consultation_status "
        "where consultation_id in ('C1', 'C7', 'C8') order by consultation_id",
    )
    assert rows == [
        {
            "consultation_id": "C1",
            "response": None,
            "effective_response": "generic",
            "matched_phrase": "cơ bản thống nhất",
        },
        {
            "consultation_id": "C7",
            "response": "deflect",
            "effective_response": "deflect",
            "matched_phrase": None,
        },
        {"consultation_id": "C8", "response": None, "effective_response": None, "matched_phrase": None},
    ]


def test_extension_moves_the_due_date_for_consultation_after_due(db: Path) -> None:
    # T10 was due 30/04 but extended to 30/06: C9, sent 15/05, is not after the due date
    assert query(db, "select * from shifting_flags where consultation_id = 'C9'") == []


def test_agency_scorecard_counts_the_flags_held_against_each_agency(db: Path) -> None:
    rows = query(
        db, "select agency_id, shifting_flags, deemed_agreements, dossiers_returned from agency_scorecard"
    )
    got = {
        r["agency_id"]: (r["shifting_flags"], r["deemed_agreements"], r["dossiers_returned"]) for r in rows
    }
    expected = {}
    for flag_id, agency in EXPECTED_FLAGS.items():
        kind = flag_id.split(":")[0]
        total, deemed, returned = expected.get(agency, (0, 0, 0))
        expected[agency] = (
            total + 1,
            deemed + (kind == "consultation_deemed_agreed"),
            returned + (kind == "dossier_returned"),
        )
    assert got == {a: expected.get(a, (0, 0, 0)) for a in ("UBND", "SXD", "STC", "SNV", "Q-LC")}
    assert got["STC"] == (7, 1, 3)


def test_official_scorecard_counts_distinct_events_that_produced_a_flag(db: Path) -> None:
    rows = query(db, "select official_id, shifting_actions from official_scorecard")
    got = {r["official_id"]: r["shifting_actions"] for r in rows}
    # O1: E11 (transfer and ping-pong: one action) and E21 (escalation and ping-pong); O2: E71; O3: E31
    # (ping-pong of T3) and E81 (ping-pong of T8); O4: E41; O5 (the city clerk who returned dossiers): none
    assert got == {"O1": 2, "O2": 1, "O3": 2, "O4": 1, "O5": 0}


def test_demo_planted_shifting_agencies_top_the_ranking(demo_warehouse: Path, demo_manifest: dict) -> None:
    planted = set(demo_manifest["planted"]["shifting_agencies"])
    ranked = query(
        demo_warehouse,
        "select agency_id from agency_shifting_rate where shifting_rank is not null order by shifting_rank",
    )
    top = {r["agency_id"] for r in ranked[: len(planted)]}
    assert planted and top == planted


def test_demo_flags_cover_every_kind_and_pass_the_checks(demo_warehouse: Path) -> None:
    kinds = {r["kind"] for r in query(demo_warehouse, "select distinct kind from shifting_flags")}
    assert kinds == {
        "transfer_within_authority",
        "escalation_within_authority",
        "dossier_returned",
        "ping_pong",
        "consultation_deemed_agreed",
        "consultation_evasive",
        "consultation_without_deadline",
        "consultation_after_due",
    }
    (row,) = query(demo_warehouse, "select count(*) as n, count(distinct flag_id) as ids from shifting_flags")
    assert row["n"] == row["ids"] > 0
