"""Golden tests of the hand-over analytics: network, longer cycles, excessive hand-overs, the agency
shifting rate and the time spent waiting on consultations."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

AS_OF = "2023-06-30"

# SXD owns 22 tasks: 20 never handed over, H21 handed over 5 times, H22 twice (a ping-pong).
# STC owns H23 (a longer cycle STC → SNV → Q-LC → STC) and H24..H27, each handed over 4 times.
TASK_ROWS = [
    f"H{i:02d},Việc số {i},city_pc,SXD,O1,agency,2023-01-01,2023-12-31,,false" for i in range(1, 21)
] + [
    "H21,Cấp phép khu E,city_pc,SXD,O1,agency,2023-01-01,2023-12-31,,false",
    "H22,Cấp phép khu F,city_pc,SXD,O2,agency,2023-01-01,2023-12-31,2023-06-25,false",
    "H23,Quyết toán G,city_pc,STC,O3,agency,2023-02-01,2023-12-31,,false",
    *[f"H{i},Việc STC {i},city_pc,STC,O3,agency,2023-03-01,2023-12-31,,false" for i in range(24, 28)],
]
TASKS = TASK_HEADER + "\n" + "\n".join(TASK_ROWS) + "\n"

BOUNCE = [("STC", "SNV"), ("SNV", "STC"), ("STC", "SNV"), ("SNV", "STC")]
EVENTS = (
    "event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason\n"
    "E1,H21,2023-01-11,transfer,SXD,STC,O1,wrong_recipient\n"  # SXD held it 10 days
    "E2,H21,2023-01-15,transfer,STC,SXD,O3,within_own_authority\n"
    "E3,H21,2023-01-25,transfer,SXD,SNV,O1,other\n"
    "E4,H21,2023-02-04,transfer,SNV,SXD,O4,within_own_authority\n"
    "E5,H21,2023-02-10,transfer,SXD,STC,O1,other\n"  # 6 days since E4
    "E6,H22,2023-01-03,transfer,SXD,STC,O2,wrong_recipient\n"  # 2 days since assignment
    "E7,H22,2023-01-05,transfer,STC,SXD,O3,within_own_authority\n"
    "F1,H23,2023-02-02,transfer,STC,SNV,O3,other\n"
    "F2,H23,2023-02-05,transfer,SNV,Q-LC,O4,other\n"
    "F3,H23,2023-02-09,transfer,Q-LC,STC,,other\n"
    + "".join(
        f"G{i}{k},H{i},2023-03-{10 + k:02d},transfer,{a},{b},,other\n"
        for i in range(24, 28)
        for k, (a, b) in enumerate(BOUNCE)
    )
)

CONSULTATIONS = """\
consultation_id,task_id,requesting_agency_id,consulted_agency_id,sent_on,deadline_on,responded_on,response
W1,H21,SXD,STC,2023-03-01,2023-03-06,2023-03-11,agree
W2,H21,SXD,STC,2023-06-20,2023-06-25,,
W3,H22,SXD,SNV,2023-06-20,2023-06-27,,
W4,,STC,SNV,2023-06-01,,2023-06-03,agree
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(
        tmp_path_factory.mktemp("handover"),
        {"tasks": TASKS, "task_events": EVENTS, "consultations": CONSULTATIONS},
        as_of=AS_OF,
    )


def test_inputs_load_cleanly(db: Path) -> None:
    assert query(db, "select * from rejected_rows") == []


def test_network_counts_and_median_days_held(db: Path) -> None:
    (row,) = query(
        db,
        "select * from handover_network "
        "where from_agency_id = 'SXD' and to_agency_id = 'STC' and kind = 'transfer'",
    )
    assert (row["handovers"], row["tasks"], row["handovers_by_owner"]) == (3, 2, 3)
    assert row["median_days_held"] == 6  # E1 10 days, E5 6 days, E6 2 days
    assert (row["from_name"], row["to_name"]) == ("Sở Xây dựng", "Sở Tài chính")
    (back,) = query(
        db, "select * from handover_network where from_agency_id = 'STC' and to_agency_id = 'SXD'"
    )
    assert (back["handovers"], back["within_own_authority"], back["handovers_by_owner"]) == (2, 2, 0)
    total = query(db, "select sum(handovers) as n from handover_network")[0]["n"]
    assert total == 5 + 2 + 3 + 16


def test_holder_sequence_and_chain(db: Path) -> None:
    (row,) = query(db, "select * from task_handover_summary where task_id = 'H21'")
    assert row["chain_ids"] == "SXD → STC → SXD → SNV → SXD → STC"
    assert (row["handover_count"], row["holder_count"], row["ping_pong_count"]) == (5, 6, 2)
    (untouched,) = query(db, "select * from task_handover_summary where task_id = 'H01'")
    assert (untouched["handover_count"], untouched["chain_ids"]) == (0, "SXD")


def test_longer_cycle_is_found_and_is_not_a_ping_pong(db: Path) -> None:
    rows = {r["task_id"]: r for r in query(db, "select * from handover_cycles")}
    h23 = rows["H23"]
    assert h23["cycle_chain"] == "Sở Tài chính → Sở Nội vụ → UBND quận Lê Chân → Sở Tài chính"
    assert (h23["cycle_length"], h23["cycle_count"], h23["closing_event_id"]) == (3, 1, "F3")
    assert "02/02/2023–09/02/2023" in h23["evidence"]
    assert query(db, "select * from shifting_flags where flag_id like 'ping_pong:H23:%'") == []
    # H21 also comes back to STC after SXD → SNV → SXD; the pure bounces H24..H27 are not cycles
    assert set(rows) == {"H21", "H23"}


def test_excessive_handovers_use_the_owner_distribution_and_the_floor(db: Path) -> None:
    rows = query(db, "select * from excessive_handovers")
    assert [r["task_id"] for r in rows] == ["H21"]
    (h21,) = rows
    # SXD's p95 over 22 tasks (20 × 0, 2, 5) is 1.9, below the floor of 3, so the threshold is 3;
    # STC's p95 is 4, so its tasks handed over 4 times are its normal and none is excessive.
    assert math.isclose(h21["agency_percentile_handovers"], 1.9)
    assert (h21["threshold"], h21["handover_count"], h21["agency_tasks"]) == (3, 5, 22)
    assert "Sở Xây dựng" in h21["evidence"] and "5 lần" in h21["evidence"]


def wilson(k: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def test_agency_shifting_rate_with_wilson_interval_and_insufficient_data(db: Path) -> None:
    rows = {r["agency_id"]: r for r in query(db, "select * from agency_shifting_rate")}
    sxd = rows["SXD"]
    # H21: transfers E1, E3, E5 and a ping-pong; H22: transfer E6 and a ping-pong → 2 of 22 tasks
    assert (sxd["tasks_owned"], sxd["tasks_flagged"], sxd["shifting_flags"]) == (22, 2, 6)
    assert math.isclose(sxd["shifting_rate"], 2 / 22)
    low, high = wilson(2, 22)
    assert math.isclose(sxd["shifting_rate_low"], low) and math.isclose(sxd["shifting_rate_high"], high)
    assert math.isclose(sxd["flags_per_task"], 6 / 22)
    assert sxd["insufficient_data"] is False and sxd["shifting_rank"] == 1
    stc = rows["STC"]  # 5 tasks < the default minimum of 20
    assert stc["insufficient_data"] is True
    assert (stc["shifting_rate"], stc["shifting_rank"], stc["tasks_flagged"]) == (None, None, 5)
    assert rows["STC"]["consultations_received"] == 2 and rows["STC"]["consultations_flagged"] == 2


def test_consultation_wait_per_consultation(db: Path) -> None:
    rows = {r["consultation_id"]: r for r in query(db, "select * from consultation_wait")}
    assert (rows["W1"]["wait_days"], rows["W1"]["days_past_deadline"], rows["W1"]["still_waiting"]) == (
        10,
        5,
        False,
    )
    # W2's deadline Sun 25/06/2023 runs to Mon 26/06 (Civil Code Art. 148(5)): 4 days past it on 30/06
    assert (rows["W2"]["wait_days"], rows["W2"]["days_past_deadline"], rows["W2"]["still_waiting"]) == (
        10,
        4,
        True,
    )
    # H22 was completed on 25/06: the task waited 5 days, the request is still unanswered after 10
    assert (rows["W3"]["wait_days"], rows["W3"]["task_wait_days"]) == (10, 5)
    assert (rows["W4"]["days_past_deadline"], rows["W4"]["task_wait_days"]) == (None, None)


def test_consultation_wait_by_consulted_agency(db: Path) -> None:
    rows = {r["agency_id"]: r for r in query(db, "select * from consultation_wait_by_agency")}
    stc = rows["STC"]
    assert (stc["consultations"], stc["answered"], stc["still_waiting"]) == (2, 1, 1)
    assert (stc["total_wait_days"], stc["total_days_past_deadline"], stc["tasks_waited_on"]) == (20, 9, 1)
    assert (rows["SNV"]["total_wait_days"], rows["SNV"]["total_task_wait_days"]) == (12, 5)
    assert rows["UBND"]["consultations"] == 0 and rows["UBND"]["total_wait_days"] == 0


def test_settings_change_the_floor_and_the_minimum(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[shifting]\nexcessive_handovers_floor = 1\nmin_tasks_for_rate = 5\n", encoding="utf-8")
    db = build_warehouse(
        tmp_path,
        {"tasks": TASKS, "task_events": EVENTS, "consultations": CONSULTATIONS},
        as_of=AS_OF,
        config=config,
    )
    flagged = {r["task_id"] for r in query(db, "select task_id from excessive_handovers")}
    assert flagged == {"H21", "H22"}  # H22's 2 hand-overs now exceed max(1.9, 1)
    stc = query(db, "select * from agency_shifting_rate where agency_id = 'STC'")[0]
    assert stc["insufficient_data"] is False and stc["shifting_rate"] == 1.0 and stc["shifting_rank"] == 1
