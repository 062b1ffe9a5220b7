"""agency_successions (pipelines/sources.py) and agency_lineage: golden tests, named edge cases.

The agencies below are a small Hải Phòng in 2023–2025: two departments merged in two steps (SKHDT → STC-TAM
→ STC), a district renamed and later abolished, a district abolished without successor, one whose whole
territory became a special zone, a department that only passed some functions on (split_to), a change
dated after as_of, and a two-agency cycle.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

AGENCIES = """\
agency_id,name,kind,parent_id
UBND,UBND thành phố Hải Phòng,city,
SKHDT,Sở Kế hoạch và Đầu tư,department,UBND
STC-TAM,Sở Tài chính (tạm),department,UBND
STC,Sở Tài chính,department,UBND
SLDTBXH,Sở Lao động - Thương binh và Xã hội,Sở,UBND
SNV,Sở Nội vụ,department,UBND
SYT,Sở Y tế,department,UBND
H-TN,UBND huyện Thủy Nguyên,district,UBND
TP-TN,UBND thành phố Thủy Nguyên,district,UBND
Q-HB,UBND quận Hồng Bàng,UBND quận,UBND
H-CH,UBND huyện Cát Hải,district,UBND
DK-CH,UBND đặc khu Cát Hải,Đặc khu,UBND
P-HB,UBND phường Hồng Bàng,"UBND xã, phường",UBND
SGTVT,Sở Giao thông vận tải,department,UBND
SXD,Sở Xây dựng,department,UBND
CY-A,Cơ quan A,department,UBND
CY-B,Cơ quan B,department,UBND
BQL-CU,Ban Quản lý (tên cũ),department,UBND
BQL-MOI,Ban Quản lý (tên mới),department,UBND
"""

OFFICIALS = """\
official_id,full_name,agency_id,position,category
O1,Nguyễn Văn An,STC,head,civil_servant
O2,Trần Thị Bình,SKHDT,staff,civil_servant
O3,Lê Minh Châu,P-HB,staff,cadre
"""

SUCCESSIONS = """\
Cơ quan cũ,Cơ quan tiếp nhận,Ngày hiệu lực,Hình thức,Căn cứ,Mức độ tin cậy
SKHDT,STC-TAM,01/03/2025,"Hợp nhất, sáp nhập vào",Nghị định 45/2025/NĐ-CP,likely
STC-TAM,STC,2025-07-01,merged_into,NQ 202/2025/QH15,verified
SLDTBXH,SNV,2025-03-01,merged_into,,likely
SLDTBXH,SYT,2025-03-01,split_to,,likely
H-TN,TP-TN,2025-01-01,Đổi tên,NQ 1232/NQ-UBTVQH15,verified
TP-TN,,2025-07-01,abolished,NQ 1669/NQ-UBTVQH15,verified
Q-HB,,2025-07-01,Giải thể,NQ 1669/NQ-UBTVQH15,
Q-HB,P-HB,2025-07-01,split_to,NQ 1669/NQ-UBTVQH15,likely
H-CH,DK-CH,2025-07-01,abolished,NQ 1669/NQ-UBTVQH15,verified
SGTVT,SXD,2026-03-01,merged_into,after as_of,
CY-A,CY-B,2025-05-01,renamed,,
CY-B,CY-A,2025-05-01,renamed,,
BQL-CU,BQL-MOI,2024-05-01,renamed,,verified
"""

# tasks: two of SKHDT before the merger, one of STC after, one of a district later abolished
TASKS = (
    TASK_HEADER
    + """
T1,Thu hút FDI,city_pc,SKHDT,O2,agency,2024-01-02,2024-02-01,2024-01-20,false
T2,Kế hoạch đầu tư công,city_pc,SKHDT,O2,agency,2024-03-01,2024-04-01,2024-05-10,true
T3,Dự toán ngân sách,city_pc,STC,O1,agency,2025-08-01,2025-09-01,,true
T4,Giải phóng mặt bằng,city_pc,Q-HB,,agency,2024-06-03,2024-07-01,2024-06-20,false
T5,Cải tạo tuyến đường,city_pc,SGTVT,,agency,2025-06-02,2025-07-01,2025-06-25,false
"""
)

AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    return build_warehouse(
        tmp_path_factory.mktemp("lineage"),
        {"agencies": AGENCIES, "officials": OFFICIALS, "tasks": TASKS, "agency_successions": SUCCESSIONS},
        as_of=AS_OF,
    )


def lineage(db) -> dict[str, dict]:
    return {r["agency_id"]: r for r in query(db, "select * from agency_lineage")}


def test_merged_chain_a_to_b_to_c_ends_at_c_since_the_last_step(db) -> None:
    row = lineage(db)["SKHDT"]
    assert row["current_agency_id"] == "STC"
    assert row["current_since"] == dt.date(2025, 7, 1)
    assert row["path"] == ["SKHDT", "STC-TAM", "STC"]
    assert row["confidence"] == "likely"  # the weakest step of the chain stays visible


def test_renamed_passes_identity_to_the_new_id(db) -> None:
    row = lineage(db)["BQL-CU"]
    assert (row["current_agency_id"], row["current_since"], row["path"], row["confidence"]) == (
        "BQL-MOI",
        dt.date(2024, 5, 1),
        ["BQL-CU", "BQL-MOI"],
        "verified",
    )
    assert lineage(db)["BQL-MOI"]["current_agency_id"] == "BQL-MOI"


def test_renamed_then_abolished_without_successor_ends_with_no_current_agency(db) -> None:
    row = lineage(db)["H-TN"]
    assert row["current_agency_id"] is None
    assert row["current_since"] == dt.date(2025, 7, 1)
    assert row["path"] == ["H-TN", "TP-TN"]


def test_abolished_without_successor_has_no_current_and_split_to_does_not_give_one(db) -> None:
    row = lineage(db)["Q-HB"]
    assert (row["current_agency_id"], row["current_since"], row["path"]) == (
        None,
        dt.date(2025, 7, 1),
        ["Q-HB"],
    )
    assert row["confidence"] is None  # that row states no confidence


def test_abolished_with_a_successor_passes_to_it(db) -> None:
    row = lineage(db)["H-CH"]
    assert (row["current_agency_id"], row["path"]) == ("DK-CH", ["H-CH", "DK-CH"])


def test_split_to_moves_functions_not_identity(db) -> None:
    rows = lineage(db)
    assert rows["SLDTBXH"]["current_agency_id"] == "SNV"  # its main successor, not SYT
    assert rows["SLDTBXH"]["path"] == ["SLDTBXH", "SNV"]
    assert (rows["SYT"]["current_agency_id"], rows["SYT"]["current_since"]) == ("SYT", None)


def test_an_unchanged_agency_is_its_own_current_agency_with_no_date(db) -> None:
    row = lineage(db)["SNV"]
    assert (row["current_agency_id"], row["current_since"], row["path"], row["changes"]) == (
        "SNV",
        None,
        ["SNV"],
        0,
    )


def test_a_change_dated_after_as_of_is_not_yet_in_effect(db) -> None:
    row = lineage(db)["SGTVT"]
    assert (row["current_agency_id"], row["current_since"], row["path"]) == ("SGTVT", None, ["SGTVT"])


def test_a_cycle_ends_the_walk_where_it_comes_back(db) -> None:
    rows = lineage(db)
    assert rows["CY-A"]["path"] == ["CY-A", "CY-B", "CY-A"] and rows["CY-A"]["cycle"]
    assert rows["CY-A"]["current_agency_id"] == "CY-A"
    assert rows["CY-B"]["path"] == ["CY-B", "CY-A", "CY-B"] and rows["CY-B"]["cycle"]
    assert not rows["SKHDT"]["cycle"]


def test_every_agency_has_exactly_one_lineage_row(db) -> None:
    counts = query(db, "select agency_id, count(*) as n from agency_lineage group by agency_id")
    assert len(counts) == 19 and {r["n"] for r in counts} == {1}


def test_new_kinds_and_vietnamese_labels_are_read(db) -> None:
    kinds = {r["agency_id"]: r["kind"] for r in query(db, "select agency_id, kind from stg_agencies")}
    assert (kinds["DK-CH"], kinds["P-HB"], kinds["Q-HB"], kinds["SLDTBXH"]) == (
        "special_zone",
        "commune",
        "district",
        "department",
    )
    steps = query(
        db, "select kind, basis, confidence from stg_agency_successions where from_agency_id = 'SKHDT'"
    )
    assert steps == [{"kind": "merged_into", "basis": "Nghị định 45/2025/NĐ-CP", "confidence": "likely"}]


def test_a_task_keeps_the_agency_that_held_it_and_is_read_as_organised_now(db) -> None:
    owners = {r["task_id"]: r["owner_agency_id"] for r in query(db, "select * from task_status")}
    assert owners["T1"] == owners["T2"] == "SKHDT"
    then = {r["agency_id"]: r for r in query(db, "select * from agency_scorecard")}
    assert (then["SKHDT"]["tasks_total"], then["SKHDT"]["current_agency_id"]) == (2, "STC")
    assert then["Q-HB"]["current_agency_id"] is None and then["Q-HB"]["tasks_total"] == 1
    now = {r["agency_id"]: r for r in query(db, "select * from agency_scorecard_current")}
    stc = now["STC"]
    # SKHDT: one on time, one late; STC's own: open and overdue as of as_of
    assert (stc["tasks_total"], stc["done_on_time"], stc["done_late"], stc["open_overdue"]) == (3, 1, 1, 1)
    assert stc["on_time_rate"] == pytest.approx(1 / 3)
    assert stc["predecessor_ids"] == ["SKHDT", "STC-TAM"]
    # the same formulas as agency_scorecard: STC's row reproduces from the counts
    assert stc["on_time_rate_low"] == pytest.approx(_wilson_low(1, 3))
    # agencies no longer in force are not rows of the current scorecard; abolished ones carry to none
    assert not {"SKHDT", "STC-TAM", "Q-HB", "H-TN", "TP-TN", "H-CH"} & set(now)
    assert now["SGTVT"]["tasks_total"] == 1  # its merger is after as_of: still in force


def _wilson_low(k: int, n: int) -> float:
    z = 1.959963984540054
    p = k / n
    return (p + z * z / (2 * n) - z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5)) / (1 + z * z / n)


def test_bad_succession_rows_are_rejected_with_reasons(tmp_path) -> None:
    bad = """\
from_agency_id,to_agency_id,effective_on,kind
SKHDT,,2025-03-01,merged_into
SKHDT,SKHDT,2025-03-01,renamed
SKHDT,NOWHERE,2025-03-01,merged_into
SKHDT,STC,2025-13-01,merged_into
SKHDT,STC,2025-03-01,moved
Q-HB,,2025-07-01,abolished
Q-HB,,2025-07-02,abolished
"""
    db = build_warehouse(
        tmp_path,
        {"agencies": AGENCIES, "officials": OFFICIALS, "tasks": TASKS, "agency_successions": bad},
        as_of=AS_OF,
    )
    rejected = {
        (r["row_number"], r["column_name"], r["rule"])
        for r in query(db, "select * from rejected_rows where file = 'agency_successions.csv'")
    }
    assert rejected == {
        (2, "to_agency_id", "missing_required"),
        (3, "to_agency_id", "self_succession"),
        (4, "to_agency_id", "unknown_reference"),
        (5, "effective_on", "bad_date"),
        (6, "kind", "unknown_enum"),
        (8, "from_agency_id", "duplicate_id"),  # the same change twice, a blank successor being one value
    }
    assert query(db, "select count(*) as n from stg_agency_successions")[0]["n"] == 1


def test_without_successions_every_agency_is_its_own_and_both_readings_agree(tmp_path) -> None:
    db = build_warehouse(
        tmp_path, {"agencies": AGENCIES, "officials": OFFICIALS, "tasks": TASKS}, as_of=AS_OF
    )
    rows = query(db, "select * from agency_lineage")
    assert all(r["current_agency_id"] == r["agency_id"] and r["current_since"] is None for r in rows)
    then = query(db, "select * exclude (current_agency_id) from agency_scorecard order by agency_id")
    now = query(
        db,
        "select * exclude (current_agency_id, predecessors, predecessor_ids) "
        "from agency_scorecard_current order by agency_id",
    )
    assert now == then
