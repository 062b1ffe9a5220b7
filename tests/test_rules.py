"""Rule sets as data: loading, the set in force on the date judged, overrides, and discipline periods."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from pipelines.prepare.rules import RULES_DIR, RuleSetError, load_rule_sets
from tests.builders import TASK_HEADER, build_warehouse, query

DISCIPLINE = """\
action_id,official_id,decided_on,form,violation
D-EXACT,O1,2022-06-30,reprimand,delay
D-DAY-AFTER,O2,2022-07-01,warning,other
D-DAY-BEFORE,O3,2022-06-29,reprimand,other
D-DEMOTION,O4,2021-07-01,demotion,other
D-DISMISS,O5,2019-01-10,dismissal,corruption
"""
NO_TASKS = TASK_HEADER + "\n"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_warehouse(
        tmp_path_factory.mktemp("rules"),
        {"disciplinary_actions": DISCIPLINE, "tasks": NO_TASKS},
        as_of="2023-06-30",
    )


def test_every_rule_set_file_loads_with_dates_and_articles():
    sets = load_rule_sets()
    ids = {s["id"] for s in sets}
    assert {
        "grading_2020",
        "grading_2026_nd335",
        "grading_haiphong_qd212_2025",
        "commendation_2024_nd98",
        "commendation_2025_nd152",
        "discipline_2020",
    } <= ids
    for s in sets:
        assert s["legal_basis"] and isinstance(s["effective_from"], dt.date)
        for rule in s["rules"]:
            assert rule["article"].strip(), rule["id"]


def test_rule_tables_in_the_warehouse(warehouse):
    sets = {r["rule_set_id"]: r for r in query(warehouse, "select * from rule_sets")}
    assert sets["grading_2026_nd335"]["effective_from"] == dt.date(2026, 1, 1)
    assert sets["grading_haiphong_qd212_2025"]["effective_from"] == dt.date(2025, 12, 1)
    assert sets["commendation_2024_nd98"]["effective_to"] == dt.date(2025, 6, 30)
    assert sets["commendation_2025_nd152"]["effective_from"] == dt.date(2025, 7, 1)
    assert sets["grading_2020"]["in_force_as_of"] and not sets["grading_2026_nd335"]["in_force_as_of"]
    rules = query(
        warehouse, "select rule_id, rule_set_id, article, parameter, value, effective_from from rules"
    )
    assert len({r["rule_id"] for r in rules}) == len(rules)
    assert all(r["article"] and r["effective_from"] for r in rules)


def test_the_rule_set_switches_on_1_january_2026(warehouse):
    rows = query(
        warehouse,
        "select d, rule_for('grading', 'cap_ratio', d) as cap,"
        " rule_for('grading', 'late_product_penalty', d) as pen,"
        " rule_for('commendation', 'advanced_worker_min_grade', d) as aw "
        "from (values (date '2025-12-31'), (date '2026-01-01')) t(d) order by d",
    )
    before, after = rows
    assert before["cap"]["rule_set_id"] == "grading_2020" and before["pen"] is None
    assert after["cap"]["rule_set_id"] == "grading_2026_nd335"
    assert after["cap"]["article"] == "Nghị định 335/2025/NĐ-CP Điều 20 khoản 5 điểm a"
    assert after["pen"]["value_num"] == 0.25
    assert before["aw"]["rule_set_id"] == after["aw"]["rule_set_id"] == "commendation_2025_nd152"
    # the Hải Phòng set (local, precedence 1) wins for a parameter both it and Decree 335 define
    local = query(warehouse, "select rule_for('grading', 'general_points', date '2026-06-30') as r")[0]["r"]
    assert (local["rule_set_id"], local["value_num"]) == ("grading_haiphong_qd212_2025", 20)


def test_period_scores_follow_the_rule_set_of_the_period(tmp_path):
    tasks = (
        TASK_HEADER
        + "\n"
        + "\n".join(
            [
                "T-DEC,Trễ tháng 12/2025,city_pc,SXD,O1,agency,2025-11-01,2025-12-10,2025-12-12,false",
                "T-JAN1,Trễ tháng 1/2026,city_pc,SXD,O1,agency,2025-12-01,2026-01-10,2026-01-12,false",
                "T-JAN2,Đúng hạn tháng 1/2026,city_pc,SXD,O1,agency,2025-12-01,2026-01-20,2026-01-19,false",
            ]
        )
    )
    db = build_warehouse(tmp_path, {"tasks": tasks}, as_of="2026-02-15")
    rows = {
        r["period_label"]: r
        for r in query(
            db, "select * from official_period_scores where official_id = 'O1' and period_kind = 'month'"
        )
    }
    assert rows["12/2025"]["progress_points_pct"] is None and rows["12/2025"]["rule_set_id"] is None
    jan = rows["01/2026"]
    # two products, one late: it loses 25% of its progress points → 87.5% of the month's kept
    assert (jan["products_due"], jan["products_late"], jan["progress_points_pct"]) == (2, 1, 87.5)
    assert (jan["rule_id"], jan["rule_set_id"]) == ("nd335.late_product_penalty", "grading_2026_nd335")
    assert jan["insufficient_data"] and jan["on_time_rate"] is None  # n = 2 < 5: no rate next to a name


@pytest.mark.parametrize(
    ("action_id", "ends_on", "in_effect"),
    [
        # decided 30/06/2022: the 12 months start on 01/07/2022 (Civil Code Art. 147) and end at the end
        # of 30/06/2023, the corresponding day (Art. 148(3)): still in effect on as_of = 30/06/2023
        ("D-EXACT", dt.date(2023, 6, 30), True),
        ("D-DAY-AFTER", dt.date(2023, 7, 1), True),
        ("D-DAY-BEFORE", dt.date(2023, 6, 29), False),
        ("D-DEMOTION", dt.date(2023, 7, 1), True),  # 24 months
        ("D-DISMISS", None, True),  # dismissal ends service: no end
    ],
)
def test_discipline_periods(warehouse, action_id, ends_on, in_effect):
    row = query(warehouse, "select * from discipline_periods where action_id = $a", {"a": action_id})[0]
    assert (row["effect_ends_on"], row["in_effect"]) == (ends_on, in_effect)
    assert row["rule_set_id"] == "discipline_2020" and row["rule_id"].startswith("discipline.")
    assert "Điều 82" in row["article"]


def test_discipline_in_effect_reaches_the_scorecards(warehouse):
    officials = {
        r["official_id"]: r["disciplined_in_effect"]
        for r in query(warehouse, "select * from official_scorecard")
    }
    assert officials == {"O1": True, "O2": True, "O3": False, "O4": True, "O5": True}
    agencies = {
        r["agency_id"]: r["disciplined_officials"] for r in query(warehouse, "select * from agency_scorecard")
    }
    assert agencies["SXD"] == 2 and agencies["STC"] == 0


def test_a_day_later_the_reprimand_is_over(tmp_path):
    db = build_warehouse(
        tmp_path, {"disciplinary_actions": DISCIPLINE, "tasks": NO_TASKS}, as_of="2023-07-01"
    )
    row = query(db, "select in_effect from discipline_periods where action_id = 'D-EXACT'")[0]
    assert row["in_effect"] is False


def test_config_overrides_a_rule_value_and_records_it(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[rules]\n"discipline.reprimand" = 6\n', encoding="utf-8")
    db = build_warehouse(
        tmp_path, {"disciplinary_actions": DISCIPLINE, "tasks": NO_TASKS}, as_of="2023-06-30", config=config
    )
    rule = query(db, "select value_num, origin from rules where rule_id = 'discipline.reprimand'")[0]
    assert rule["value_num"] == 6 and rule["origin"] == str(config)
    row = query(db, "select effect_ends_on, in_effect from discipline_periods where action_id = 'D-EXACT'")[0]
    assert (row["effect_ends_on"], row["in_effect"]) == (dt.date(2022, 12, 30), False)


def test_unknown_rule_in_config_fails_the_build_and_keeps_the_old_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[rules]\n"no.such.rule" = 1\n', encoding="utf-8")
    inputs = tmp_path / "in"
    from tests.builders import write_inputs

    # one task: a required file without a record is itself a reason to refuse (exit 2)
    write_inputs(inputs, {"tasks": TASK_HEADER + "\nT1,Việc,city_pc,SXD,O1,agency,2023-05-01,,,false\n"})
    db = tmp_path / "w.duckdb"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "build",
            "--input",
            str(inputs),
            "--db",
            str(db),
            "--as-of",
            "2024-01-01",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and not db.exists()
    assert "no.such.rule" in result.stdout + result.stderr


def test_a_rule_set_without_dates_is_refused(tmp_path):
    (tmp_path / "bad.toml").write_text(
        'id = "x"\ndomain = "grading"\ntitle = "t"\nlegal_basis = "b"\napplies_to = []\nrules = []\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError, match="effective_from"):
        load_rule_sets(tmp_path)
    assert RULES_DIR.is_dir()
