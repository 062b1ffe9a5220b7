"""The build's checks (pipelines/sql/checks) pass on a good warehouse and fail on one broken on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.build import SQL_DIR

WELL_FORMED = (SQL_DIR / "checks" / "shifting_flags_well_formed.sql").read_text(encoding="utf-8")


@pytest.fixture
def warehouse(demo_warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, copy)
    return copy


def _offending(db: Path, breakage: str | None) -> list[tuple]:
    con = duckdb.connect(str(db))
    try:
        if breakage:
            con.execute(breakage)
        return con.execute(WELL_FORMED).fetchall()
    finally:
        con.close()


def test_well_formed_flags_pass(warehouse: Path) -> None:
    assert _offending(warehouse, None) == []


@pytest.mark.parametrize(
    "evidence",
    [
        None,
        "",
        "   ",
        "\u3000 \u00a0",  # an ideographic and a no-break space: blanks to trim() as well
    ],
)
def test_a_flag_without_evidence_fails(warehouse: Path, evidence: str | None) -> None:
    breakage = (
        "update shifting_flags set evidence = $e where flag_id = (select min(flag_id) from shifting_flags)"
    )
    con = duckdb.connect(str(warehouse))
    con.execute(breakage, {"e": evidence})
    con.close()
    rows = _offending(warehouse, None)
    assert [r[3] for r in rows] == ["missing flag_id, evidence or occurred_on"]


def test_a_sentence_with_blanks_around_it_passes(warehouse: Path) -> None:
    breakage = "update shifting_flags set evidence = '  ' || evidence || '\u3000 '"
    assert _offending(warehouse, breakage) == []


def test_a_repeated_flag_id_fails(warehouse: Path) -> None:
    breakage = (
        "insert into shifting_flags select * from shifting_flags "
        "where flag_id = (select min(flag_id) from shifting_flags)"
    )
    assert {r[3] for r in _offending(warehouse, breakage)} == {"flag_id repeated"}
