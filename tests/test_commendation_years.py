"""Golden tests: which rule set judges a year's titles (domain.md §6, issue 14 point 3), the setting
commendation.evaluation_year, and officials who have left (contract §2 officials, issue 14 point 4).

A past year is judged with the commendation rule set in force on the first working day of the next year
(titles are considered after the year ends); the year of as_of provisionally with the set in force on
as_of. Where no set covers the day, nobody is proposed and the reasons say so in words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.settings import ConfigError
from tests.builders import TASK_HEADER, build_warehouse, query

OFFICIALS = """\
official_id,full_name,agency_id,position,category,active_from,active_to
G-EXC,Nguyễn Xuất Sắc,SXD,staff,civil_servant,2015-01-01,
G-GOOD,Trần Hoàn Thành Tốt,SXD,deputy,civil_servant,2015-01-01,
L-MOVED,Lê Đã Chuyển,SXD,staff,civil_servant,2015-01-01,2025-06-30
L-TODAY,Phạm Còn Làm,SXD,staff,civil_servant,2015-01-01,2026-03-02
L-FIRED,Hoàng Buộc Thôi Việc,STC,staff,civil_servant,2015-01-01,
"""

RATINGS = (
    "official_id,year,grade\n"
    + "".join(
        f"{o},{y},{g}\n"
        for y in (2022, 2023, 2024, 2025)
        for o, g in (
            ("G-EXC", "excellent"),
            ("G-GOOD", "good"),
            ("L-MOVED", "excellent"),
            ("L-TODAY", "good"),
        )
    )
    + "L-FIRED,2025,good\n"
)

DISCIPLINE = """\
action_id,official_id,decided_on,form,violation
KL-FIRED,L-FIRED,2026-01-20,dismissal,corruption
"""


def _files() -> dict[str, str]:
    return {
        "officials": OFFICIALS,
        "tasks": TASK_HEADER + "\n",
        "annual_ratings": RATINGS,
        "disciplinary_actions": DISCIPLINE,
    }


def _candidates(tmp_path, as_of: str, year: int | None) -> dict[str, dict]:
    config = None
    if year is not None:
        config = tmp_path / "config.toml"
        config.write_text(f"[commendation]\nevaluation_year = {year}\n", encoding="utf-8")
    db = build_warehouse(tmp_path, _files(), as_of=as_of, config=config)
    return {r["official_id"]: r for r in query(db, "select * from commendation_candidates")}


@pytest.mark.parametrize(
    ("as_of", "year", "judged_on", "rule_set", "why"),
    [
        # 2023's titles were considered in 2024: 1/1/2024 is a holiday, Tue 2/1/2024 the first working day
        (
            "2024-03-01",
            2023,
            "2024-01-02",
            "commendation_2024_nd98",
            "2023 follows Law 06/2022 + Decree 98/2023",
        ),
        # 2024's titles were considered on Thu 2/1/2025, still under Decree 98/2023 (152/2025: from 1/7/2025)
        (
            "2026-03-01",
            2024,
            "2025-01-02",
            "commendation_2024_nd98",
            "2024 follows Decree 98/2023 even in 2026",
        ),
        # 1/1/2026 Thu holiday, Fri 2/1 swapped off (12729/VPCP-KGVX), weekend → Mon 5/1/2026
        ("2026-03-01", 2025, "2026-01-05", "commendation_2025_nd152", "2025 follows Decree 152/2025"),
        # the year of as_of, provisional: the set in force on as_of (1/3/2025: still Decree 98/2023)
        (
            "2025-03-01",
            None,
            "2025-03-01",
            "commendation_2024_nd98",
            "current year: the set in force on as_of",
        ),
        ("2025-12-20", None, "2025-12-20", "commendation_2025_nd152", "current year after 1/7/2025"),
    ],
)
def test_rule_set_of_a_year(tmp_path, as_of, year, judged_on, rule_set, why):
    rows = _candidates(tmp_path, as_of, year)
    row = rows["G-EXC"]
    assert (row["year"], str(row["rules_judged_on"]), row["rule_set_id"]) == (
        year or int(as_of[:4]),
        judged_on,
        rule_set,
    ), why
    assert f"Bộ quy tắc: {rule_set}" in row["reasons"]
    assert f"có hiệu lực ngày {dt.date.fromisoformat(judged_on):%d/%m/%Y}" in row["reasons"]


def test_titles_for_2023_are_proposed_under_decree_98(tmp_path):
    rows = _candidates(tmp_path, "2024-03-01", 2023)
    assert rows["G-EXC"]["proposed_title"] == "base_emulation_fighter"  # graded excellent in 2023
    assert rows["G-GOOD"]["proposed_title"] == "advanced_worker"
    assert "Luật 06/2022" in rows["G-GOOD"]["reasons"] or "06/2022/QH15" in rows["G-GOOD"]["reasons"]
    assert "98/2023" in rows["G-GOOD"]["reasons"]


def test_a_year_no_rule_set_covers_says_so_in_words(tmp_path):
    # 2022's titles were considered on Tue 3/1/2023 (Sun 1/1, Mon 2/1 compensated): before Law 06/2022
    rows = _candidates(tmp_path, "2024-03-01", 2022)
    for row in rows.values():
        assert row["proposed_title"] is None and row["eligible"] is False and row["rule_set_id"] is None
    reasons = rows["G-EXC"]["reasons"]
    assert reasons.startswith(
        "Không xét danh hiệu năm 2022: chưa có bộ quy định thi đua, khen thưởng nào "
        "có hiệu lực ngày 03/01/2023"
    )
    assert "Bộ quy tắc: không có" in reasons
    assert rows["G-EXC"]["criteria_missed"][0].startswith("Chưa có bộ quy định thi đua, khen thưởng")


@pytest.mark.parametrize("bad", ['"2025"', "25.5", "1850", "true"])
def test_evaluation_year_setting_must_be_a_year(tmp_path, bad):
    config = tmp_path / "config.toml"
    config.write_text(f"[commendation]\nevaluation_year = {bad}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="commendation.evaluation_year"):
        build_warehouse(tmp_path, _files(), as_of="2026-03-01", config=config)


# --- officials who have left: history counts, never proposed, never listed for review ---------------
@pytest.fixture(scope="module")
def left(tmp_path_factory):
    folder = tmp_path_factory.mktemp("left")
    config = folder / "config.toml"
    config.write_text("[commendation]\nevaluation_year = 2025\n", encoding="utf-8")
    return build_warehouse(folder, _files(), as_of="2026-03-02", config=config)


@pytest.mark.parametrize(
    ("official", "has_left", "left_on", "why"),
    [
        ("G-EXC", False, None, "in service, no end date"),
        ("L-MOVED", True, "2025-07-01", "active_to 30/06/2025 is before as_of: left the next day"),
        ("L-TODAY", False, None, "active_to equal to as_of: still in service that day"),
        ("L-FIRED", True, "2026-01-20", "dismissal (Buộc thôi việc) in effect since its decision"),
    ],
)
def test_who_has_left(left, official, has_left, left_on, why):
    row = query(left, "select * from official_service where official_id = $o", {"o": official})[0]
    assert (row["has_left"], None if row["left_on"] is None else str(row["left_on"])) == (
        has_left,
        left_on,
    ), why
    assert (row["left_label"] == "đã nghỉ / đã chuyển công tác") is has_left


def test_who_has_left_is_not_proposed_but_keeps_a_row(left):
    rows = {r["official_id"]: r for r in query(left, "select * from commendation_candidates")}
    moved = rows["L-MOVED"]  # graded excellent for 2025: would be a base emulation fighter
    assert (moved["proposed_title"], moved["eligible"], moved["has_left"]) == (None, False, True)
    assert moved["grade"] == "excellent"  # the history is kept
    assert moved["reasons"].startswith("Đã nghỉ / đã chuyển công tác từ 01/07/2025")
    assert rows["L-FIRED"]["proposed_title"] is None
    assert "buộc thôi việc theo quyết định KL-FIRED ngày 20/01/2026" in rows["L-FIRED"]["reasons"]
    assert rows["L-TODAY"]["proposed_title"] == "advanced_worker" and rows["L-TODAY"]["has_left"] is False
