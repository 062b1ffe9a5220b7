"""The demo follows the 2025 reorganisation (domain.md §10): the 2023 map until the changes, the March
mergers, the July city merger with Hải Dương and the end of districts, and work after that on the new map."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from pipelines.generate import generate
from tests.builders import query


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


def test_the_demo_has_the_2023_map_and_the_agencies_formed_in_2025(demo_input: Path) -> None:
    agencies = _read(demo_input, "agencies").drop_duplicates("agency_id").set_index("agency_id")
    for old in ("SKHDT", "SLDTBXH", "STTTT", "Q-HB", "H-TN"):
        assert old in agencies.index  # records made then keep their agency
    assert agencies.loc[["SNNMT", "SVHTTDL"], "kind"].tolist() == ["department", "department"]
    assert agencies.loc[["DK-CH", "DK-BLV"], "kind"].tolist() == ["special_zone", "special_zone"]
    assert (agencies["kind"] == "commune").sum() >= 13
    assert agencies.loc["HD-SNV", "parent_id"] == "HD-UBND"  # Hải Dương's agencies joined


def test_successions_follow_the_reference_with_their_confidence(demo_input: Path, demo_manifest) -> None:
    steps = _read(demo_input, "agency_successions")
    assert (
        demo_manifest["files"]["agency_successions.csv"]
        == len(steps)
        == demo_manifest["reorganisation"]["successions"]
    )
    main = steps[steps["kind"] != "split_to"].set_index("from_agency_id")
    assert main.loc["SKHDT", ["to_agency_id", "effective_on", "kind"]].tolist() == [
        "STC",
        "2025-03-01",
        "merged_into",
    ]
    assert main.loc["SKHDT", "confidence"] == "likely"  # the March date is inferred (README-2025)
    assert main.loc["HD-SNV", "to_agency_id"] == "SNV"
    assert main.loc["Q-HB", "kind"] == "abolished" and pd.isna(main.loc["Q-HB", "to_agency_id"])
    assert set(steps["confidence"]) <= {"verified", "likely", "unverified"}
    assert steps["source_note"].notna().all()
    assert "THP" not in set(steps["from_agency_id"])  # its successor has no known date: not used


def test_work_is_given_only_to_agencies_that_exist_that_day(demo_input: Path, demo_manifest) -> None:
    tasks = _read(demo_input, "tasks")
    tasks = tasks[
        ~tasks.index.isin([b["row"] - 2 for b in demo_manifest["bad_rows"] if b["file"] == "tasks.csv"])
    ]
    assigned = pd.to_datetime(tasks["assigned_on"], errors="coerce")
    kinds = _read(demo_input, "agencies").drop_duplicates("agency_id").set_index("agency_id")["kind"]
    owner_kind = tasks["owner_agency_id"].map(kinds)
    july = pd.Timestamp("2025-07-01")
    assert (assigned[owner_kind == "district"] < july).all()  # districts ended on 30/06/2025
    assert (assigned[owner_kind.isin(["commune", "special_zone"])] >= july).all()
    merged = tasks["owner_agency_id"].isin(["SKHDT", "SGTVT", "STNMT", "SNNPTNT", "STTTT", "SLDTBXH"])
    assert (assigned[merged] < pd.Timestamp("2025-03-01")).all() and merged.sum() > 100
    assert (assigned[tasks["owner_agency_id"].str.startswith("HD-")] < july).all()
    assert (assigned[tasks["owner_agency_id"] == "SNNMT"] >= pd.Timestamp("2025-03-01")).all()
    inspections = _read(demo_input, "inspections")
    started = pd.to_datetime(inspections["started_on"], errors="coerce")  # a planted bad date
    assert (started[inspections["agency_id"].map(kinds) == "district"] < july).all()


def test_officials_are_listed_where_they_work_now(
    demo_input: Path, demo_manifest, demo_warehouse: Path
) -> None:
    planted = {b["value"] for b in demo_manifest["bad_rows"] if b["file"] == "officials.csv"}
    officials = _read(demo_input, "officials")
    officials = officials[~officials["agency_id"].isin(planted)]
    in_force = {
        r["agency_id"]
        for r in query(
            demo_warehouse, "select agency_id from agency_lineage where current_agency_id = agency_id"
        )
    }
    assert set(officials["agency_id"].dropna()) <= in_force


def test_before_2025_the_map_is_the_2023_one(tmp_path: Path) -> None:
    manifest = generate(tmp_path, seed=3, scale="tiny", as_of=dt.date(2024, 12, 31))
    assert manifest["files"]["agencies.csv"] == 43 and manifest["files"]["agency_successions.csv"] == 0
    assert manifest["reorganisation"] == {"successions": 0, "ended": [], "formed": []}


def test_the_demo_scorecard_reads_as_organised_now(demo_warehouse: Path) -> None:
    now = {r["agency_id"]: r for r in query(demo_warehouse, "select * from agency_scorecard_current")}
    assert "SKHDT" not in now and "Q-HB" not in now
    assert now["STC"]["predecessor_ids"] == ["HD-STC", "SKHDT"]
    then = {r["agency_id"]: r for r in query(demo_warehouse, "select * from agency_scorecard")}
    assert now["STC"]["tasks_total"] == sum(then[a]["tasks_total"] for a in ("STC", "SKHDT", "HD-STC"))
    assert then["Q-HB"]["current_agency_id"] is None and then["Q-HB"]["tasks_total"] > 0


def test_inspection_risk_lists_only_agencies_in_force(demo_warehouse: Path) -> None:
    risk = {r["agency_id"] for r in query(demo_warehouse, "select agency_id from inspection_risk")}
    in_force = {
        r["agency_id"]
        for r in query(
            demo_warehouse, "select agency_id from agency_lineage where current_agency_id = agency_id"
        )
    }
    assert risk == in_force and "Q-HB" not in risk and "SKHDT" not in risk
