"""inspection_risk, its trend and inspection_effectiveness: golden tests on a real build, and the demo."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest

from pipelines import sqlfiles
from pipelines.build import SQL_DIR
from tests.builders import TASK_HEADER, build_warehouse, query

INSPECTIONS = """\
inspection_id,agency_id,inspector_agency_id,started_on,kind,findings
I1,SXD,SNV,2023-03-01,surprise,4
I2,SXD,SNV,2023-05-01,scheduled,2
I3,STC,SNV,2023-04-01,surprise,0
"""


def _tasks() -> str:
    rows = []
    # SXD: 6 tasks due, 2 of its 3 key tasks open and overdue; STC: 6 due, none overdue; Q-LC: 2 due (too few)
    for i in range(6):
        key = "true" if i < 3 else "false"
        done = "" if i < 2 else "2023-05-20"
        rows.append(f"X{i},Việc {i},internal,SXD,O2,agency,2023-05-02,2023-05-30,{done},{key}")
        rows.append(f"C{i},Việc {i},internal,STC,O3,agency,2023-05-02,2023-05-30,2023-05-20,{key}")
    rows += [f"L{i},Việc {i},internal,Q-LC,,agency,2023-05-02,2023-05-30,2023-05-20,true" for i in range(2)]
    return TASK_HEADER + "\n" + "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("risk")
    config = folder / "config.toml"
    config.write_text("[inspection]\nmin_tasks = 5\n", encoding="utf-8")
    return build_warehouse(
        folder, {"tasks": _tasks(), "inspections": INSPECTIONS}, as_of="2023-06-30", config=config
    )


def test_score_components_and_weights(small):
    rows = {r["agency_id"]: r for r in query(small, "select * from inspection_risk")}
    assert set(rows) == {"UBND", "SXD", "STC", "SNV", "Q-LC"}  # every agency (no lineage on this branch)
    sxd, stc = rows["SXD"], rows["STC"]
    assert sxd["ranked"] and stc["ranked"]
    assert sxd["key_overdue"] == 2 and sxd["key_tasks"] == 3
    assert sxd["key_overdue_value"] == pytest.approx(2 / 3)
    # components: six, weights from settings summing to 1, contributions summing to the score
    comps = sxd["components"]
    assert [c["component"] for c in comps] == [
        "key_overdue",
        "shifting",
        "deemed",
        "returned",
        "findings",
        "time_since",
    ]
    assert sum(c["weight"] for c in comps) == pytest.approx(1.0)
    assert sum(c["contribution"] for c in comps) == pytest.approx(sxd["risk_score"])
    assert comps[0]["weight"] == pytest.approx(0.25)  # settings.toml inspection.weight_key_overdue
    for row in (sxd, stc):
        assert 0.0 <= row["risk_score"] <= 1.0
    # SXD has overdue key tasks and more findings per inspection; STC's longer wait since its last inspection
    # (01/04 against 01/05) counts for it, but not enough to outrank SXD
    assert sxd["last_inspected_on"] == dt.date(2023, 5, 1)
    assert sxd["findings_value"] == pytest.approx(3.0) and stc["findings_value"] == 0
    assert sxd["risk_rank"] < stc["risk_rank"]
    assert "Nhiệm vụ trọng tâm quá hạn: 2/3" in sxd["evidence"]


def test_too_few_records_are_marked_not_ranked(small):
    row = query(small, "select * from inspection_risk where agency_id = 'Q-LC'")[0]
    assert not row["ranked"]
    assert row["risk_rank"] is None and row["risk_score"] is None
    assert row["evidence"].startswith("Chưa đủ dữ liệu để xếp hạng: 2 nhiệm vụ đến hạn")
    ranks = [r["risk_rank"] for r in query(small, "select risk_rank from inspection_risk where ranked")]
    assert sorted(ranks) == list(range(1, len(ranks) + 1))


def test_never_inspected_counts_as_the_longest_wait(small):
    row = query(small, "select * from inspection_risk where agency_id = 'SNV'")[0]
    if row["ranked"]:
        assert row["time_since_percentile"] == 1
    assert row["last_inspected_on"] is None
    assert "chưa từng được thanh tra" in row["evidence"]


def test_weights_are_settings(tmp_path):
    config = tmp_path / "only_findings.toml"
    config.write_text(
        "[inspection]\nmin_tasks = 5\nweight_key_overdue = 0\nweight_shifting = 0\nweight_deemed = 0\n"
        "weight_returned = 0\nweight_findings = 1\nweight_time_since = 0\n",
        encoding="utf-8",
    )
    db = build_warehouse(
        tmp_path, {"tasks": _tasks(), "inspections": INSPECTIONS}, as_of="2023-06-30", config=config
    )
    rows = {r["agency_id"]: r for r in query(db, "select * from inspection_risk where ranked")}
    assert rows["SXD"]["risk_score"] == pytest.approx(1.0)  # the most findings per inspection
    assert rows["STC"]["risk_score"] == pytest.approx(0.0)


def test_trend_has_every_quarter_end_and_as_of(small):
    days = [
        r["judged_on"]
        for r in query(small, "select distinct judged_on from inspection_risk_trend order by 1")
    ]
    # the first task was assigned in Q2 2023: its end, 30/06, is also as_of — one row per agency, current
    assert days == [dt.date(2023, 6, 30)]
    assert {r["is_current"] for r in query(small, "select is_current from inspection_risk_trend")} == {True}


def test_demo_trend_per_quarter(demo_warehouse):
    days = [
        r["judged_on"]
        for r in query(demo_warehouse, "select distinct judged_on from inspection_risk_trend order by 1")
    ]
    assert days[-1] == dt.date(2026, 11, 27) and days[-2] == dt.date(2026, 9, 30)
    assert all((d.month, d.day) in ((3, 31), (6, 30), (9, 30), (12, 31)) for d in days[:-1])
    assert len(days) == 13  # 31/12/2023 … 30/09/2026, and as_of


def test_demo_risk_scores_and_effectiveness(demo_warehouse):
    rows = query(demo_warehouse, "select * from inspection_risk")
    agencies = query(  # agencies in force: the demo follows the 2025 reorganisation (agency_lineage)
        demo_warehouse, "select count(*) as n from agency_lineage where current_agency_id = agency_id"
    )[0]["n"]
    assert len(rows) == agencies
    ranked = [r for r in rows if r["ranked"]]
    assert len(ranked) >= 30
    assert all(0 <= r["risk_score"] <= 1 for r in ranked)
    assert sorted(r["risk_rank"] for r in ranked) == list(range(1, len(ranked) + 1))
    # every inspection is counted once per period kind: risk-selected, other or not judged
    total = query(demo_warehouse, "select count(*) as n from stg_inspections")[0]["n"]
    every = query(demo_warehouse, "select * from inspection_effectiveness where period_kind = 'all'")[0]
    assert every["selected_inspections"] + every["other_inspections"] + every["not_judged"] == total
    years = query(
        demo_warehouse,
        "select sum(selected_inspections + other_inspections + not_judged) as n from "
        "inspection_effectiveness "
        "where period_kind = 'year'",
    )[0]["n"]
    assert years == total
    assert every["selected_low"] <= every["selected_mean"] <= every["selected_high"]
    assert every["difference_low"] <= every["difference"] <= every["difference_high"]


def test_effectiveness_is_the_same_whatever_order_the_inspections_are_read_in(demo_warehouse, tmp_path):
    """A build must give the same numbers from the same records. var_samp folds rows in the order it reads
    them, and floating-point sums depend on that order: a parallel read gave a different last digit from
    one build to the next. The variance is computed from exact integer sums instead."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        built = con.execute("select * from inspection_effectiveness order by all").fetchall()
        model = sqlfiles.body(SQL_DIR / "marts" / "inspection_effectiveness.sql")
        for order in ("findings", "findings desc", "hash(inspection_id)", "inspection_id desc"):
            reordered = f"from valid_inspections order by {order}"
            con.execute(f"create or replace table valid_inspections as {reordered}")
            again = con.execute(f"select * from ({model}) order by all").fetchall()
            assert again == built, order
    finally:
        con.close()
