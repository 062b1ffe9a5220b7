"""The generated demo data builds into a warehouse with exactly the bad rows the generator planted."""

from __future__ import annotations

from tests.builders import query


def test_demo_rejects_exactly_the_planted_bad_rows(demo_warehouse, demo_manifest):
    planted = {(b["file"], b["row"], b["column"]) for b in demo_manifest["bad_rows"]}
    rejected = {
        (r["file"], r["row_number"], r["column_name"])
        for r in query(demo_warehouse, "select file, row_number, column_name from rejected_rows")
    }
    assert planted, "the generator plants some bad rows on purpose"
    assert rejected == planted


def test_demo_rules_match_the_planted_kinds(demo_warehouse, demo_manifest):
    rules = {
        (r["file"], r["row_number"]): r["rule"]
        for r in query(demo_warehouse, "select file, row_number, rule from rejected_rows")
    }
    for bad in demo_manifest["bad_rows"]:
        assert rules[(bad["file"], bad["row"])] == bad["rule"], bad


def test_demo_loads_every_other_row(demo_warehouse, demo_manifest):
    counts = demo_manifest["files"]
    bad_per_file: dict[str, int] = {}
    for bad in demo_manifest["bad_rows"]:
        bad_per_file[bad["file"]] = bad_per_file.get(bad["file"], 0) + 1
    for name in ("agencies", "officials", "tasks", "task_events", "consultations"):
        file = f"{name}.csv"
        loaded = query(demo_warehouse, f"select count(*) as n from stg_{name}")[0]["n"]
        assert loaded == counts[file] - bad_per_file.get(file, 0), file


def test_demo_has_every_status_and_a_realistic_mix(demo_warehouse):
    shares = {
        r["status"]: r["share"]
        for r in query(
            demo_warehouse,
            "select status, count(*) / sum(count(*)) over () as share from task_status group by 1",
        )
    }
    assert set(shares) == {"done_on_time", "done_late", "open_on_time", "open_overdue", "no_deadline"}
    assert shares["done_on_time"] > 0.4  # most work is done on time
    assert 0.02 < shares["no_deadline"] < 0.2
