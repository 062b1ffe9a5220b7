"""The real `congvu build` command: exit codes, messages, atomic replacement, history across builds."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import sqlfiles
from pipelines.build import SQL_DIR
from tests.builders import TASK_HEADER, write_inputs

CONTRACT_TABLES = {
    "task_status": "task_id, owner_agency_id, lead_official_id, source, is_key, decided_by, assigned_on, "
    "original_due_on, due_on, completed_on, status, days_overdue, transfer_count, escalation_count, "
    "extension_count",
    "shifting_flags": "flag_id, kind, agency_id, task_id, consultation_id, occurred_on, evidence",
    "consultation_status": "consultation_id, requesting_agency_id, consulted_agency_id, task_id, sent_on, "
    "deadline_on, responded_on, response, status, deemed_agreed, response_days",
    "agency_scorecard": "agency_id, name, kind, tasks_total, done_on_time, done_late, open_on_time, "
    "open_overdue, no_deadline, key_open_overdue, on_time_rate, on_time_rate_low, on_time_rate_high, "
    "shifting_flags, deemed_agreements, dossiers_returned, surprise_inspections, inspection_findings, "
    "disciplined_officials",
    "official_scorecard": "official_id, agency_id, tasks_led, done_on_time, done_late, open_overdue, "
    "on_time_rate, on_time_rate_low, on_time_rate_high, key_tasks_done, early_completions, shifting_actions, "
    "disciplined_in_effect",
    "commendation_candidates": "official_id, agency_id, year, grade, on_time_rate_low, tasks_due, "
    "key_tasks_done, initiatives, disciplined, eligible, proposed_title, score, reasons",
    "personnel_review": "official_id, agency_id, reasons, severity",
    "grading_cap_check": "agency_id, year, excellent, good, complete, incomplete, cap_limit, cap_exceeded",
    "rejected_rows": "file, row_number, column_name, value, reason",
    "build_runs": "run_id, started_at, finished_at, as_of, input_dir, rows_loaded, rows_rejected, status",
    "inspection_risk": "agency_id, risk_score, risk_rank, components, last_inspected_on, evidence",
    "gaming_signals": "signal_id, kind, agency_id, official_id, task_id, occurred_on, evidence",
}

TASKS_V1 = TASK_HEADER + "\nT1,Việc một,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,2023-05-09,false\n"
TASKS_V2 = TASKS_V1 + "T2,Việc hai,city_pc,STC,O3,agency,2023-05-01,2023-05-10,,true\n"


def congvu(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def build_cli(input_dir: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    return congvu("build", "--input", str(input_dir), "--db", str(db), "--as-of", "2023-06-30", *extra)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def built(tmp_path):
    """A warehouse built once from a good folder, and that folder."""
    folder = write_inputs(tmp_path / "input", {"tasks": TASKS_V1})
    db = tmp_path / "wh.duckdb"
    result = build_cli(folder, db)
    assert result.returncode == 0, result.stderr
    return folder, db


def test_success_exit_0_with_summary_and_every_contract_table(built):
    folder, db = built
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table, columns in CONTRACT_TABLES.items():
            found = [r[0] for r in con.execute(f"describe {table}").fetchall()]
            expected = [c.strip() for c in columns.split(",")]
            assert [c for c in found if c in expected] == expected, table
    finally:
        con.close()


def test_summary_is_printed(tmp_path):
    folder = write_inputs(tmp_path / "input", {"tasks": TASKS_V1 + "T9,Xấu,??,SXD,O1,agency,2023-05-01,,,\n"})
    result = build_cli(folder, tmp_path / "wh.duckdb")
    assert result.returncode == 0
    assert "tasks.csv" in result.stdout and "1 dòng bị loại" in result.stdout
    assert "Đọc tasks.csv" in result.stderr  # progress goes to stderr, the summary to stdout


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("missing_file", "tasks.csv"),
        ("missing_column", "owner_agency_id"),
        ("unreadable", "tasks.parquet"),
        ("bad_encoding", "UTF-8"),
    ],
)
def test_unusable_input_exits_2_and_leaves_the_warehouse_byte_for_byte(built, breakage, message):
    folder, db = built
    before = digest(db)
    reader = duckdb.connect(str(db), read_only=True)  # a dashboard holding the old file
    try:
        tasks = folder / "tasks.csv"
        if breakage == "missing_file":
            tasks.unlink()
        elif breakage == "missing_column":
            tasks.write_text("task_id,title,source,assigned_on\nT1,a,city_pc,2023-01-01\n", encoding="utf-8")
        elif breakage == "unreadable":
            tasks.unlink()
            (folder / "tasks.parquet").write_bytes(b"this is not parquet")
        else:
            tasks.write_bytes(
                "task_id,title,source,owner_agency_id,assigned_on\nT1,Café,city_pc,SXD,2023-01-01\n".encode(
                    "latin-1"
                )
            )
        result = build_cli(folder, db)
        assert result.returncode == 2
        assert message in result.stderr
        assert "giữ nguyên" in result.stderr  # says the warehouse was left as it was
        assert "Traceback" not in result.stderr
        assert message in result.stderr.strip().splitlines()[-1]  # one clear closing line says what is wrong
        assert digest(db) == before
        assert reader.execute("select count(*) from task_status").fetchone() == (1,)
    finally:
        reader.close()
    assert not [p for p in db.parent.iterdir() if p.name.startswith(f".{db.name}.building")]


def test_rebuild_under_a_reader_swaps_the_file_and_the_reader_keeps_its_snapshot(built):
    folder, db = built
    reader = duckdb.connect(str(db), read_only=True)
    try:
        (folder / "tasks.csv").write_text(TASKS_V2, encoding="utf-8")
        assert build_cli(folder, db).returncode == 0
        assert reader.execute("select count(*) from task_status").fetchone() == (1,)  # old snapshot
    finally:
        reader.close()
    fresh = duckdb.connect(str(db), read_only=True)
    try:
        assert fresh.execute("select count(*) from task_status").fetchone() == (2,)
        runs = fresh.execute("select run_id, rows_loaded from build_runs order by run_id").fetchall()
    finally:
        fresh.close()
    assert [r[0] for r in runs] == [1, 2]  # history kept across rebuilds of the same file
    assert runs[1][1] == runs[0][1] + 1


def test_failed_check_is_exit_1_and_publishes_nothing(built, tmp_path, monkeypatch):
    """A check that finds offending rows stops the build before the swap."""
    from pipelines import build as build_module

    folder, db = built
    before = digest(db)
    sql_copy = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_copy)
    (sql_copy / "checks" / "always_offends.sql").write_text(
        "select 'planted offence' as problem", encoding="utf-8"
    )
    monkeypatch.setattr(build_module, "SQL_DIR", sql_copy)
    with pytest.raises(build_module.CheckFailed, match="always_offends"):
        build_module.build(folder, db)
    assert digest(db) == before


def test_out_of_memory_is_exit_1_with_the_setting_to_raise(built, tmp_path):
    folder, db = built
    before = digest(db)
    config = tmp_path / "small.toml"
    config.write_text('[build]\nmemory_limit = "4MB"\n', encoding="utf-8")
    result = build_cli(folder, db, "--config", str(config))
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert "Không đủ bộ nhớ" in last_line and "build.memory_limit" in last_line
    assert "Traceback" not in result.stderr
    assert digest(db) == before
    assert not [p for p in db.parent.iterdir() if p.name.startswith(f".{db.name}.building")]


def test_scratch_on_disk_builds_the_same_warehouse_as_in_memory(built, tmp_path):
    folder, db = built
    tables = ("task_status", "shifting_flags", "rejected_rows", "official_scorecard")
    answers = {}
    for where in ("memory", "disk"):
        config = tmp_path / f"{where}.toml"
        config.write_text(f'[build]\nscratch = "{where}"\n', encoding="utf-8")
        target = tmp_path / f"{where}.duckdb"
        result = build_cli(folder, target, "--config", str(config))
        assert result.returncode == 0, result.stderr
        con = duckdb.connect(str(target), read_only=True)
        answers[where] = {t: sorted(map(str, con.execute(f"select * from {t}").fetchall())) for t in tables}
        con.close()
    assert answers["disk"] == answers["memory"]
    assert answers["disk"]["task_status"]  # not two empty answers
    assert not list(tmp_path.glob(".congvu-build-*"))  # the scratch folder went with the build


def test_unknown_scratch_choice_is_a_config_error(built, tmp_path):
    folder, db = built
    config = tmp_path / "bad.toml"
    config.write_text('[build]\nscratch = "cloud"\n', encoding="utf-8")
    result = build_cli(folder, db, "--config", str(config))
    assert result.returncode == 2
    assert "build.scratch" in result.stderr.strip().splitlines()[-1]


def test_bad_as_of_and_missing_folder(tmp_path):
    result = congvu("build", "--input", str(tmp_path / "nowhere"), "--db", str(tmp_path / "wh.duckdb"))
    assert result.returncode == 2 and "không tồn tại" in result.stderr
    assert not (tmp_path / "wh.duckdb").exists()
    result = congvu(
        "build", "--input", str(tmp_path), "--db", str(tmp_path / "wh.duckdb"), "--as-of", "31/02/2023"
    )
    assert result.returncode == 2 and "as-of" in result.stderr


def test_config_overrides_a_setting(built, tmp_path):
    folder, db = built
    config = tmp_path / "congvu.toml"
    config.write_text("[fairness]\nmin_tasks_for_rate = 12\n", encoding="utf-8")
    assert build_cli(folder, db, "--config", str(config)).returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(
            "select value, origin from settings where key = 'fairness.min_tasks_for_rate'"
        ).fetchone() == ("12", str(config))
    finally:
        con.close()


def test_models_are_ordered_by_what_they_read():
    order = sqlfiles.order(SQL_DIR)
    assert order.index("stg_tasks") < order.index("task_status") < order.index("agency_scorecard")
    assert order.index("shifting_flags") < order.index("official_scorecard")
