"""grading_cap_check (cap_limit = floor(ratio × good)) and grading_findings, from the grading rule sets."""

from __future__ import annotations

import pytest

from tests.builders import TASK_HEADER, build_warehouse, query

# SXD: 4 good + 1 excellent → floor(0.2 × 4) = 0 → exceeded. STC: 5 good + 1 excellent → floor(0.2 × 5)
# = 1 → not exceeded. SNV: 4 good + 1 excellent, but the outstanding-unit exception (0.25) in --config
# → floor(0.25 × 4) = 1 → not exceeded.
OFFICIALS = "official_id,full_name,agency_id,position,category\n" + "\n".join(
    f"{agency}-{i},Cán bộ {agency} {i},{agency},staff,civil_servant"
    for agency in ("SXD", "STC", "SNV")
    for i in range(1, 7)
)


def _ratings(year: int) -> list[str]:
    rows = [f"SXD-{i},{year},good" for i in range(1, 5)] + [f"SXD-5,{year},excellent"]
    rows += [f"STC-{i},{year},good" for i in range(1, 6)] + [f"STC-6,{year},excellent"]
    rows += [f"SNV-{i},{year},good" for i in range(1, 5)] + [
        f"SNV-5,{year},excellent",
        f"SNV-6,{year},incomplete",
    ]
    return rows


DISCIPLINE = """\
action_id,official_id,decided_on,form,violation,violation_year
D-2025,SXD-1,2025-03-10,reprimand,delay,
D-OLD,STC-6,2026-02-01,warning,other,2025
D-2024,STC-1,2024-12-20,reprimand,delay,
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cap")
    config = folder / "config.toml"
    config.write_text("[grading.cap_ratio_overrides]\nSNV = 0.25\n", encoding="utf-8")
    ratings = "official_id,year,grade\n" + "\n".join(_ratings(2025) + _ratings(2026)) + "\n"
    files = {
        "officials": OFFICIALS + "\n",
        "tasks": TASK_HEADER + "\n",
        "annual_ratings": ratings,
        "disciplinary_actions": DISCIPLINE,
    }
    return build_warehouse(folder, files, as_of="2026-11-27", config=config)


def _cap(db, agency, year):
    return query(
        db, "select * from grading_cap_check where agency_id = $a and year = $y", {"a": agency, "y": year}
    )[0]


@pytest.mark.parametrize("year", [2025, 2026])
def test_floor_of_ratio_times_good(warehouse, year):
    sxd, stc = _cap(warehouse, "SXD", year), _cap(warehouse, "STC", year)
    assert (sxd["good"], sxd["excellent"], sxd["cap_limit"], sxd["cap_exceeded"], sxd["excess"]) == (
        4,
        1,
        0,
        True,
        1,
    )
    assert (stc["good"], stc["excellent"], stc["cap_limit"], stc["cap_exceeded"]) == (5, 1, 1, False)


def test_rule_of_the_year(warehouse):
    assert _cap(warehouse, "SXD", 2025)["rule_id"] == "grading_2020.cap_ratio"
    row = _cap(warehouse, "SXD", 2026)
    assert (row["rule_set_id"], row["rule_id"]) == ("grading_2026_nd335", "nd335.cap_ratio")
    assert "Điều 20 khoản 5 điểm a" in row["article"]


def test_outstanding_unit_exception_from_config(warehouse):
    snv = _cap(warehouse, "SNV", 2026)
    assert (snv["cap_ratio"], snv["cap_ratio_origin"], snv["cap_limit"], snv["cap_exceeded"]) == (
        0.25,
        "config",
        1,
        False,
    )
    assert snv["incomplete"] == 1 and snv["graded"] == 6
    assert _cap(warehouse, "SXD", 2026)["cap_ratio_origin"] == "rule"


def test_graded_good_while_disciplined_is_a_finding(warehouse):
    rows = query(warehouse, "select * from grading_findings order by year, official_id")
    found = {(r["official_id"], r["year"], r["action_id"]) for r in rows}
    # SXD-1: good in 2025, reprimanded 10/03/2025; STC-6: excellent in 2026, warned 01/02/2026 for a 2025
    # violation (counted once, in the year of the decision; the earlier year is named for the reviewer).
    # STC-1 was reprimanded in 2024, a year without a rating: no finding.
    assert found == {("SXD-1", 2025, "D-2025"), ("STC-6", 2026, "D-OLD")}
    first = rows[0]
    assert (first["rule_id"], first["expected_grade"]) == ("grading_2020.disciplined_in_year", "incomplete")
    assert "Điều 2 khoản 5" in first["article"] and "10/03/2025" in first["evidence"]
    second = rows[1]
    assert second["rule_id"] == "nd335.disciplined_in_year" and "vi phạm năm 2025" in second["evidence"]


def test_demo_agencies_over_the_cap(demo_warehouse, demo_manifest):
    planted = demo_manifest["planted"]
    over = query(demo_warehouse, "select agency_id, year from grading_cap_check where cap_exceeded")
    assert {(r["agency_id"], r["year"]) for r in over} >= {
        (agency, planted["cap_exceeding_year"]) for agency in planted["cap_exceeding_agencies"]
    }
    bad = query(
        demo_warehouse, "select * from grading_cap_check where cap_limit <> floor(round(cap_ratio * good, 9))"
    )
    assert bad == []
