"""Every bad-row rule of the input format (pipelines/sources.py): the row is not loaded and each failure is
reported once."""

from __future__ import annotations

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

AS_OF = "2023-06-30"


def _rejected(db):
    return {
        (r["file"], r["row_number"], r["column_name"]): r for r in query(db, "select * from rejected_rows")
    }


@pytest.fixture(scope="module")
def bad_tasks_db(tmp_path_factory):
    tasks = "\n".join(
        [
            TASK_HEADER,
            "T1,Đúng,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,,false",  # row 2: fine
            ",Thiếu mã,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,,false",  # row 3: missing required
            "T3,Nguồn lạ,ministry,SXD,O1,agency,2023-05-01,2023-05-10,,false",  # row 4: unknown enum
            "T4,Ngày hỏng,city_pc,SXD,O1,agency,2023-02-30,2023-05-10,,false",  # row 5: unparseable date
            "T5,Cơ quan lạ,city_pc,SYT,O1,agency,2023-05-01,2023-05-10,,false",  # row 6: unknown reference
            "T1,Trùng mã,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,,false",  # row 7: duplicate id
            "T7,Xong trước giao,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,2023-04-30,false",  # row 8
            "T8,Hạn trước giao,city_pc,SXD,O1,agency,2023-05-01,2023-04-30,,false",  # row 9
            "T9,Xong trong tương lai,city_pc,SXD,O1,agency,2023-05-01,2023-07-10,2023-07-01,false",  # row 10
            "T10,Ba lỗi một dòng,nowhere,SYT,O9,agency,2023-05-01,2023-05-10,,maybe",  # row 11: four failures
            "T11,Người lạ,city_pc,SXD,O99,agency,2023-05-01,2023-05-10,,false",  # row 12: unknown official
        ]
    )
    events = """\
    event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on
    E1,T1,2023-05-02,transfer,SXD,,O1,,
    E2,T1,2023-05-02,extend,,,O1,,
    E3,T3,2023-05-02,reopen,,,,,
    E4,T1,2023-05-03,return,UBND,SXD,O5,lý do lạ,
    E5,T1,03/05/2023,extend,,,O1,,20/05/2023
    """
    consultations = """\
    consultation_id,task_id,requesting_agency_id,consulted_agency_id,sent_on,deadline_on,responded_on,response
    C1,T1,SXD,STC,2023-06-01,2023-06-10,2023-07-02,agree
    """
    inspections = """\
    inspection_id,agency_id,inspector_agency_id,started_on,kind,findings
    I1,SXD,SNV,2023-03-01,surprise,-1
    I2,SXD,SNV,2023-03-01,Đột xuất,2.5
    I3,SXD,SNV,2023-03-01,Theo kế hoạch,0
    """
    files = {
        "tasks": tasks,
        "task_events": events,
        "consultations": consultations,
        "inspections": inspections,
    }
    folder = tmp_path_factory.mktemp("bad")
    # a file made of bad rows on purpose: lift the guard against gutted exports (tests/test_bad_inputs.py)
    config = folder / "all_rows_may_fail.toml"
    config.write_text("[build]\nmax_rejected_share = 1.0\n", encoding="utf-8")
    return build_warehouse(folder, files, as_of=AS_OF, config=config)


@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        (3, "task_id", "missing_required"),
        (4, "source", "unknown_enum"),
        (5, "assigned_on", "bad_date"),
        (6, "owner_agency_id", "unknown_reference"),
        (7, "task_id", "duplicate_id"),
        (8, "completed_on", "completed_before_assigned"),
        (9, "due_on", "due_before_assigned"),
        (10, "completed_on", "future_date"),
        (12, "lead_official_id", "unknown_reference"),
    ],
)
def test_each_rule_rejects_the_row_with_file_row_column(bad_tasks_db, row, column, rule):
    rejected = _rejected(bad_tasks_db)
    entry = rejected[("tasks.csv", row, column)]
    assert entry["rule"] == rule
    assert entry["reason"]  # a sentence, not an empty cell


def test_all_failures_of_a_row_are_reported(bad_tasks_db):
    row_11 = {k[2]: v["rule"] for k, v in _rejected(bad_tasks_db).items() if k[:2] == ("tasks.csv", 11)}
    assert row_11 == {
        "source": "unknown_enum",
        "owner_agency_id": "unknown_reference",
        "lead_official_id": "unknown_reference",
        "is_key": "unknown_enum",
    }


def test_only_valid_rows_are_loaded_and_the_first_duplicate_wins(bad_tasks_db):
    loaded = query(bad_tasks_db, "select task_id, title from stg_tasks order by task_id")
    assert loaded == [{"task_id": "T1", "title": "Đúng"}]


def test_duplicate_reason_names_the_first_row(bad_tasks_db):
    assert "dòng 2" in _rejected(bad_tasks_db)[("tasks.csv", 7, "task_id")]["reason"]


def test_event_rules(bad_tasks_db):
    rejected = _rejected(bad_tasks_db)
    assert rejected[("task_events.csv", 2, "to_agency_id")]["rule"] == "missing_required"  # transfer needs it
    assert rejected[("task_events.csv", 3, "new_due_on")]["rule"] == "missing_required"  # extend needs it
    assert rejected[("task_events.csv", 4, "task_id")]["rule"] == "unknown_reference"  # T3 was rejected
    assert rejected[("task_events.csv", 5, "reason")]["rule"] == "unknown_enum"
    loaded = query(bad_tasks_db, "select event_id, occurred_on, new_due_on from stg_task_events")
    assert [(r["event_id"], str(r["occurred_on"]), str(r["new_due_on"])) for r in loaded] == [
        ("E5", "2023-05-03", "2023-05-20")  # dd/mm/yyyy read day first
    ]


def test_future_answer_and_numbers(bad_tasks_db):
    rejected = _rejected(bad_tasks_db)
    assert rejected[("consultations.csv", 2, "responded_on")]["rule"] == "future_date"
    assert rejected[("inspections.csv", 2, "findings")]["rule"] == "bad_number"
    assert rejected[("inspections.csv", 3, "findings")]["rule"] == "bad_number"
    assert query(bad_tasks_db, "select inspection_id, kind from stg_inspections") == [
        {"inspection_id": "I3", "kind": "scheduled"}
    ]


def test_build_runs_counts_loaded_and_rejected(bad_tasks_db):
    run = query(bad_tasks_db, "select * from build_runs")[0]
    distinct_rows = "select count(distinct (file, row_number)) as n from rejected_rows"
    rejected_rows = query(bad_tasks_db, distinct_rows)[0]["n"]
    assert run["rows_rejected"] == rejected_rows
    assert run["status"] == "success"
    assert run["rows_loaded"] == sum(
        query(bad_tasks_db, f"select count(*) as n from {t}")[0]["n"]
        for t in (
            "stg_agencies",
            "stg_officials",
            "stg_tasks",
            "stg_task_events",
            "stg_consultations",
            "stg_inspections",
        )
    )


def test_no_rows_lost(bad_tasks_db):
    """Every data row of tasks.csv is either loaded or rejected: nothing is dropped silently."""
    loaded = query(bad_tasks_db, "select count(*) as n from stg_tasks")[0]["n"]
    rejected = query(
        bad_tasks_db, "select count(distinct row_number) as n from rejected_rows where file = 'tasks.csv'"
    )[0]["n"]
    assert loaded + rejected == 11


def test_self_reference_of_agencies(tmp_path):
    agencies = """\
    Mã cơ quan,Tên cơ quan,Loại,Cơ quan cấp trên
    UBND,UBND thành phố Hải Phòng,UBND thành phố,
    SXD,Sở Xây dựng,"Sở, ban, ngành",UBND
    X,Không rõ,department,KHONGCO
    """
    db = build_warehouse(
        tmp_path,
        {
            "agencies": agencies,
            "officials": "official_id,full_name,agency_id,position,category\n",
            "tasks": TASK_HEADER + "\n",
        },
    )
    agency_ids = [r["agency_id"] for r in query(db, "select agency_id from stg_agencies order by 1")]
    assert agency_ids == ["SXD", "UBND"]
    assert _rejected(db)[("agencies.csv", 4, "parent_id")]["rule"] == "unknown_reference"
