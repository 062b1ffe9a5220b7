"""commendation_candidates: provisional from tasks, ruled by the grade, titles of Law 06/2022 Art. 22-24."""

from __future__ import annotations

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

AS_OF = "2025-12-20"  # evaluation year 2025, judged with Decree 152/2025 (in force on 31/12/2025)
PEOPLE = [
    "P-ONDAY",
    "P-EARLY",
    "C-CITY",
    "C-BASEINIT",
    "C-BROKEN",
    "D-INYEAR",
    "D-EFFECT",
    "I-FEW",
    "G-FEW",
    "L-LATE",
]
OFFICIALS = "official_id,full_name,agency_id,position,category\n" + "\n".join(
    f"{p},Cán bộ {p},SXD,staff,civil_servant" for p in PEOPLE
)


def _tasks(official: str, n: int, completed_offset: int, key: int = 0) -> list[str]:
    """n tasks due on the 10th of months 1..n of 2025, completed offset days from the due date."""
    rows = []
    for i in range(1, n + 1):
        due = f"2025-{i:02d}-10"
        done = f"2025-{i:02d}-{10 + completed_offset:02d}"
        rows.append(
            f"{official}-T{i},Nhiệm vụ {i},city_pc,SXD,{official},agency,2025-01-02,{due},{done},"
            f"{str(i <= key).lower()}"
        )
    return rows


TASKS = (
    TASK_HEADER
    + "\n"
    + "\n".join(
        _tasks("P-ONDAY", 6, 0)  # all on the due date: on time, none early → advanced worker
        + _tasks("P-EARLY", 8, -2, key=2)  # all early → base fighter (provisionally "exceeding")
        + _tasks("C-CITY", 6, -1)
        + _tasks("C-BASEINIT", 6, -1)
        + _tasks("C-BROKEN", 6, -1)
        + _tasks("D-INYEAR", 6, -1)
        + _tasks("D-EFFECT", 6, -1)
        + _tasks("I-FEW", 3, -1)  # fewer than 5 tasks due, no grade → insufficient data
        + _tasks("G-FEW", 2, -1)  # fewer than 5 tasks, but graded good → the grade rules
        + _tasks("L-LATE", 5, 0)[:4]
        + ["L-LATE-T5,Trễ,city_pc,SXD,L-LATE,agency,2025-01-02,2025-05-10,2025-05-20,false"]
    )
    + "\n"
)

RATINGS = """\
official_id,year,grade
C-CITY,2025,excellent
C-BASEINIT,2025,good
C-BROKEN,2025,excellent
D-INYEAR,2025,excellent
D-EFFECT,2025,good
G-FEW,2025,good
"""

COMMENDATIONS = """\
official_id,year,title,decided_on
C-CITY,2023,base_emulation_fighter,2024-01-15
C-CITY,2024,base_emulation_fighter,2025-01-15
C-BASEINIT,2023,base_emulation_fighter,2024-01-15
C-BASEINIT,2024,base_emulation_fighter,2025-01-15
C-BROKEN,2022,base_emulation_fighter,2023-01-15
C-BROKEN,2024,base_emulation_fighter,2025-01-15
"""

INITIATIVES = """\
initiative_id,official_id,title,recognized_on,scope
SK-CITY,C-CITY,Sáng kiến cấp thành phố,2024-06-01,city
SK-BASE,C-BASEINIT,Sáng kiến cấp cơ sở,2025-06-01,base
SK-BROKEN,C-BROKEN,Sáng kiến cấp thành phố,2025-06-01,city
"""

DISCIPLINE = """\
action_id,official_id,decided_on,form,violation
KL-1,D-INYEAR,2025-09-01,reprimand,delay
KL-2,D-EFFECT,2024-03-01,reprimand,other
"""


@pytest.fixture(scope="module")
def files():
    return {
        "officials": OFFICIALS + "\n",
        "tasks": TASKS,
        "annual_ratings": RATINGS,
        "commendations": COMMENDATIONS,
        "initiatives": INITIATIVES,
        "disciplinary_actions": DISCIPLINE,
    }


@pytest.fixture(scope="module")
def candidates(tmp_path_factory, files):
    db = build_warehouse(tmp_path_factory.mktemp("cc"), files, as_of=AS_OF)
    return {r["official_id"]: r for r in query(db, "select * from commendation_candidates")}


def test_contract_columns_first(tmp_path_factory, files):
    db = build_warehouse(tmp_path_factory.mktemp("cols"), files, as_of=AS_OF)
    names = [
        r["column_name"] for r in query(db, "select column_name from (describe commendation_candidates)")
    ]
    assert names[:13] == [
        "official_id",
        "agency_id",
        "year",
        "grade",
        "on_time_rate_low",
        "tasks_due",
        "key_tasks_done",
        "initiatives",
        "disciplined",
        "eligible",
        "proposed_title",
        "score",
        "reasons",
    ]


@pytest.mark.parametrize(
    ("official", "title", "provisional"),
    [
        ("P-ONDAY", "advanced_worker", True),
        ("P-EARLY", "base_emulation_fighter", True),
        ("C-CITY", "city_emulation_fighter", False),  # base 2023, 2024 + 2025 + city initiative 2024
        ("C-BASEINIT", "base_emulation_fighter", False),  # three years, but the initiative is base scope
        ("C-BROKEN", "base_emulation_fighter", False),  # 2022, 2024, 2025: not consecutive
        ("D-INYEAR", None, False),  # reprimanded in the year
        ("D-EFFECT", None, False),  # reprimand of 01/03/2024 in effect until 01/03/2025
        ("I-FEW", None, True),  # 3 tasks, no grade: insufficient data
        ("G-FEW", "advanced_worker", False),  # graded good: the grade rules, but never ranked on 2 tasks
        ("L-LATE", None, True),  # one task late: no provisional advanced worker
    ],
)
def test_titles(candidates, official, title, provisional):
    row = candidates[official]
    assert (row["proposed_title"], row["provisional"], row["eligible"]) == (
        title,
        provisional,
        title is not None,
    )
    assert row["year"] == 2025 and row["rule_set_id"] == "commendation_2025_nd152"


def test_city_fighter_reasons_name_the_articles(candidates):
    city = candidates["C-CITY"]
    assert "Điều 22" in city["reasons"] and "SK-CITY" in city["reasons"] and "2023, 2024" in city["reasons"]
    assert city["criteria_missed"] == []
    base = candidates["C-BASEINIT"]
    assert any("phạm vi thành phố" in c and "Điều 22" in c for c in base["criteria_missed"])
    assert any("SK-BASE" in c for c in base["criteria_met"])  # the base initiative still counts for Art. 23
    broken = candidates["C-BROKEN"]
    assert any("liên tục" in c for c in broken["criteria_missed"])


def test_blocked_and_insufficient(candidates):
    d = candidates["D-INYEAR"]
    assert (
        d["disciplined"]
        and "KL-1 (01/09/2025)" in d["reasons"]
        and "Nghị định 152/2025/NĐ-CP Điều 4 khoản 4" in d["reasons"]
    )
    assert candidates["D-EFFECT"]["disciplined"] and "KL-2" in candidates["D-EFFECT"]["reasons"]
    few = candidates["I-FEW"]
    assert few["insufficient_data"] and few["reasons"].startswith("Chưa đủ dữ liệu")
    assert few["on_time_rate_low"] is None and few["score"] is None and few["rank"] is None
    graded_few = candidates["G-FEW"]
    assert (
        graded_few["score"] is None and graded_few["rank"] is None and graded_few["on_time_rate_low"] is None
    )
    late = candidates["L-LATE"]
    assert "L-LATE-T5" in late["reasons"]


def test_rank_by_wilson_lower_bound_never_raw_rate(candidates):
    base = sorted(
        (r for r in candidates.values() if r["proposed_title"] == "base_emulation_fighter"),
        key=lambda r: r["rank"],
    )
    # P-EARLY: 8/8 on time beats 6/6 on time (same raw rate 1.0, larger n → higher lower bound)
    assert base[0]["official_id"] == "P-EARLY" and base[0]["rank"] == 1
    assert base[0]["score"] > base[1]["score"]
    assert base[0]["key_tasks_done"] == 2 and base[0]["tasks_due"] == 8
    for row in candidates.values():
        assert row["eligible"] == (row["proposed_title"] is not None)
        if row["score"] is not None:
            assert row["on_time_rate_low"] <= row["on_time_rate"] <= row["on_time_rate_high"]


def test_a_provisional_candidate_overruled_by_a_complete_grade(tmp_path, files, candidates):
    before = candidates["P-ONDAY"]
    assert before["proposed_title"] == "advanced_worker" and before["provisional"]
    graded = {**files, "annual_ratings": RATINGS + "P-ONDAY,2025,complete\n"}
    db = build_warehouse(tmp_path, graded, as_of=AS_OF)
    after = query(db, "select * from commendation_candidates where official_id = 'P-ONDAY'")[0]
    assert (after["proposed_title"], after["eligible"], after["provisional"], after["grade"]) == (
        None,
        False,
        False,
        "complete",
    )
    assert "Hoàn thành nhiệm vụ" in after["reasons"] and "Điều 24" in after["reasons"]
    assert after["tasks_due"] == 6 and after["score"] is not None  # the record stays visible, with its n


def test_demo_planted_excellent_officials_are_candidates(demo_warehouse, demo_manifest):
    planted = demo_manifest["planted"]
    rows = query(
        demo_warehouse,
        "select official_id, proposed_title from commendation_candidates "
        "where list_contains($ids, official_id)",
        {"ids": planted["excellent_officials"]},
    )
    assert len(rows) == len(planted["excellent_officials"])
    assert all(r["proposed_title"] in ("base_emulation_fighter", "city_emulation_fighter") for r in rows)
    city = query(
        demo_warehouse,
        "select official_id from commendation_candidates where proposed_title = 'city_emulation_fighter'",
    )
    assert set(planted["city_fighter_candidates"]) <= {r["official_id"] for r in city}
