"""Each metric is one macro of pipelines/sql/macros.sql, and no mart, report or page query writes it out
again: the on-time rate and its n, shares (NULL of nothing), the fairness test, the evasive answer."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
MACROS = ROOT / "pipelines" / "sql" / "macros.sql"


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect(":memory:")
    # the tables the setting and as_of macros read exist in every build
    con.execute("create table settings (key varchar, value varchar, origin varchar)")
    con.execute("create table build_params (as_of date)")
    con.execute(MACROS.read_text(encoding="utf-8"))
    yield con
    con.close()


def one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(f"select {sql}").fetchone()[0]


def test_tasks_due_and_on_time_rate(con) -> None:
    assert one(con, "tasks_due(3, 1, 2)") == 6
    assert one(con, "on_time_rate(3, tasks_due(3, 1, 2))") == pytest.approx(0.5)
    assert one(con, "on_time_rate(0, tasks_due(0, 0, 0))") is None  # nothing due: unknown, not 0 or 1
    assert one(con, "on_time_rate(3::bigint, 4::bigint)") == pytest.approx(0.75)  # never integer division


def test_wilson_bounds_of_a_large_integer_n(con) -> None:
    # an agency with 26,236 tasks due in a year (province scale): 4 * n * n overflowed INT32 and the build
    # stopped in agency_period_scorecard
    low, high = con.execute(
        "select wilson_low(20000::integer, 26236::integer), wilson_high(20000, 26236)"
    ).fetchone()
    assert low == pytest.approx(0.75717, abs=1e-4) and high == pytest.approx(0.76750, abs=1e-4)
    assert low < 20000 / 26236 < high
    # the same figures as before for a small n (the integers were exact there)
    assert one(con, "wilson_low(8::integer, 10::integer)") == pytest.approx(0.49015, abs=1e-4)


def test_share_of_nothing_is_unknown(con) -> None:
    assert one(con, "share(1, 4)") == pytest.approx(0.25)
    assert one(con, "share(0, 0)") is None
    assert one(con, "share(0, 5)") == 0


@pytest.mark.parametrize(
    ("n", "rate", "minimum", "enough"),
    [(5, "0.8", 5, True), (4, "0.8", 5, False), (9, "null", 5, False), (0, "null", 0, False)],
    ids=["at-the-minimum", "below", "no-rate", "nothing-due"],
)
def test_enough_data(con, n: int, rate: str, minimum: int, enough: bool) -> None:
    assert one(con, f"enough_data({n}, {rate}, {minimum})") is enough


@pytest.mark.parametrize(
    ("response", "evasive"),
    [("'generic'", True), ("'deflect'", True), ("'specific'", False), ("'agree'", False), ("null", False)],
)
def test_evasive_answers(con, response: str, evasive: bool) -> None:
    assert one(con, f"is_evasive({response})") is evasive


SQL_FOLDERS = [
    ROOT / "pipelines" / "sql",
    ROOT / "pipelines" / "reports" / "sql",
    ROOT / "dashboard" / "queries",
]
WRITTEN_OUT = {
    "a rate or share (use share / on_time_rate)": re.compile(r"/\s*nullif\("),
    "the on-time rate's n (use tasks_due)": re.compile(r"done_on_time\s*\+\s*\w*\.?done_late\s*\+"),
    "the evasive answer (use is_evasive)": re.compile(r"in \('generic', 'deflect'\)"),
}


def test_no_sql_writes_a_metric_out_again() -> None:
    found = []
    for folder in SQL_FOLDERS:
        for path in sorted(folder.rglob("*.sql")):
            if path == MACROS:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("--", 1)[0]
                found += [
                    f"{path.relative_to(ROOT)}:{number}: {what}"
                    for what, pattern in WRITTEN_OUT.items()
                    if pattern.search(code)
                ]
    assert found == []


def test_no_sql_gives_a_setting_a_second_default() -> None:
    """settings.toml holds the defaults; `coalesce(setting_num(...), 5)` would hide a missing setting behind a
    second copy of its value (the build refuses a missing one instead: tests/test_settings_required.py)."""
    second_default = re.compile(r"coalesce\(\s*(setting(_num)?\(|\(\s*select\s+try_cast\(value)", re.I)
    comment = re.compile(r"--[^\n]*")
    found = [
        str(path.relative_to(ROOT))
        for folder in SQL_FOLDERS
        for path in sorted(folder.rglob("*.sql"))
        if second_default.search(comment.sub("", path.read_text(encoding="utf-8")))
    ]
    assert found == []
