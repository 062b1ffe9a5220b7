"""Thresholds have one home, pipelines/data/settings.toml: the marts read them with no default of their own,
so a build fails, before reading anything, when a setting they read is missing or not a number; and the
marts carry the threshold they judged with, for pages and reports to show."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pipelines import settings as settings_module
from pipelines import sqlfiles
from pipelines.build import SQL_DIR, build
from pipelines.settings import ConfigError, load_settings, read_by
from tests.builders import TASK_HEADER, query, write_inputs
from tests.test_build_cli import build_cli

TASKS = TASK_HEADER + "\nT1,Việc một,city_pc,SXD,O1,agency,2023-05-01,2023-05-10,2023-05-09,false\n"


def models_read() -> dict[str, bool]:
    return read_by(sqlfiles.body(path) for path in sqlfiles.discover(SQL_DIR).values())


def test_every_setting_the_models_read_is_in_settings_toml_as_a_number_where_read_as_one() -> None:
    needed = models_read()
    assert {"fairness.min_tasks_for_rate", "review.min_tasks", "commendation.min_tasks"} <= set(needed)
    defaults = load_settings()
    settings_module.require(defaults, needed)  # raises on the first problem
    assert needed["review.min_tasks"] and not needed["commendation.require_min_tasks_when_graded"]


def test_read_by_finds_literal_keys_outside_comments() -> None:
    sql = (
        "-- setting_num('in.a.comment')\n"
        "select setting_num('a.number') as n, setting('a.text') = 'true' as b, "
        "setting_num('per.agency.' || agency_id) as c"
    )
    assert read_by([sql]) == {"a.number": True, "a.text": False}


def test_a_build_without_a_setting_a_mart_reads_fails_and_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = (settings_module.DEFAULTS).read_text(encoding="utf-8")
    assert "min_tasks = 5\nlow_on_time_upper_bound" in original
    trimmed = tmp_path / "settings.toml"
    trimmed.write_text(original.replace("min_tasks = 5\nlow_on_time_upper_bound", "low_on_time_upper_bound"))
    assert "min_tasks" not in tomllib.loads(trimmed.read_text())["review"]
    monkeypatch.setattr(settings_module, "DEFAULTS", trimmed)
    inputs = write_inputs(tmp_path / "input", {"tasks": TASKS})
    db = tmp_path / "warehouse.duckdb"
    with pytest.raises(ConfigError, match=r"review\.min_tasks: thiếu \(missing\)"):
        build(inputs, db)
    assert not db.exists()


def test_a_config_giving_a_threshold_that_is_not_a_number_fails_the_build(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "input", {"tasks": TASKS})
    db = tmp_path / "warehouse.duckdb"
    config = tmp_path / "congvu.toml"
    config.write_text('[review]\nmin_tasks = "năm"\n', encoding="utf-8")
    result = build_cli(inputs, db, "--config", str(config))
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert "review.min_tasks = 'năm'" in last and "not a number" in last
    assert not db.exists()


def test_marts_carry_the_threshold_they_judged_with(tmp_path: Path) -> None:
    config = tmp_path / "congvu.toml"
    config.write_text(
        "[fairness]\nmin_tasks_for_rate = 7\n[review]\nmin_tasks = 3\n[commendation]\nmin_tasks = 4\n"
        "[shifting]\nmin_tasks_for_rate = 9\n",
        encoding="utf-8",
    )
    inputs = write_inputs(tmp_path / "input", {"tasks": TASKS})
    db = tmp_path / "warehouse.duckdb"
    build(inputs, db, config=config)
    for table, expected in [
        ("agency_scorecard", 7),
        ("official_scorecard", 7),
        ("commendation_candidates", 4),
        ("agency_shifting_rate", 9),
    ]:
        rows = query(db, f"select distinct min_tasks from {table}")
        assert rows == [{"min_tasks": expected}], table
