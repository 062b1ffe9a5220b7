"""The real `congvu plan-inspections` command on the demo warehouse: reproducible from the seed, part by rank,
part drawn, the seed and method in the file, audited; and the draw itself on a handful of candidates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from pipelines.reports.inspection_plan import BY_DRAW, BY_RANK, draw_plan
from pipelines.reports.periods import parse_period
from tests.test_build_cli import congvu


def plan(db: Path, out: Path, audit: Path, *extra: str):
    return congvu(
        "plan-inspections",
        "--db",
        str(db),
        "--count",
        "8",
        "--out",
        str(out),
        "--audit",
        str(audit),
        "--by",
        "thanhtra1",
        *extra,
    )


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_same_seed_same_plan_other_seed_other_draw(demo_warehouse, tmp_path):
    audit = tmp_path / "audit.jsonl"
    first, again, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    for out, seed in ((first, "7"), (again, "7"), (other, "8")):
        done = plan(demo_warehouse, out, audit, "--seed", seed, "--period", "2027-Q1")
        assert done.returncode == 0, done.stderr
    assert first.read_bytes() == again.read_bytes()
    a, c = rows(first), rows(other)
    assert len(a) == 8
    # the first half by rank (1..4), identical whatever the seed; the drawn half differs between seeds
    assert [r["selected_by"] for r in a] == [BY_RANK] * 4 + [BY_DRAW] * 4
    assert [r["risk_rank"] for r in a[:4]] == ["1", "2", "3", "4"]
    assert a[:4] == [{**r, "seed": "7", "method": a[0]["method"]} for r in c[:4]]
    assert [r["agency_id"] for r in a[4:]] != [r["agency_id"] for r in c[4:]]
    assert len({r["agency_id"] for r in a}) == 8
    assert all(r["seed"] == "7" and "random.Random(7)" in r["method"] for r in a)
    events = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    assert [e["action"] for e in events] == ["plan_inspections"] * 3
    assert events[0]["user"] == "thanhtra1"
    assert events[0]["details"]["seed"] == 7 and events[0]["details"]["agencies"] == [
        r["agency_id"] for r in a
    ]


def test_seed_and_method_written_into_docx_and_xlsx(demo_warehouse, tmp_path):
    audit = tmp_path / "audit.jsonl"
    for name in ("plan.docx", "plan.xlsx"):
        done = plan(demo_warehouse, tmp_path / name, audit, "--seed", "123")
        assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "plan.docx") as z:
        text = z.read("word/document.xml").decode("utf-8")
    assert "Hạt giống bốc thăm (seed): 123" in text and "random.Random(123)" in text
    assert (
        "KẾ HOẠCH" in text and "Kiểm tra công vụ đột xuất quý I năm 2027" in text
    )  # the quarter after as_of
    with zipfile.ZipFile(tmp_path / "plan.xlsx") as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert "random.Random(123)" in strings
    assert len(audit.read_text(encoding="utf-8").splitlines()) == 2


def test_without_a_seed_one_is_chosen_and_written(demo_warehouse, tmp_path):
    done = plan(demo_warehouse, tmp_path / "p.csv", tmp_path / "audit.jsonl")
    assert done.returncode == 0, done.stderr
    seed = rows(tmp_path / "p.csv")[0]["seed"]
    again = plan(demo_warehouse, tmp_path / "q.csv", tmp_path / "audit.jsonl", "--seed", seed)
    assert again.returncode == 0
    assert (tmp_path / "p.csv").read_bytes() == (tmp_path / "q.csv").read_bytes()


def test_refusals(demo_warehouse, tmp_path):
    bad = plan(demo_warehouse, tmp_path / "p.pdf", tmp_path / "audit.jsonl")
    assert bad.returncode == 2 and ".csv" in bad.stderr
    bad = plan(demo_warehouse, tmp_path / "p.csv", tmp_path / "audit.jsonl", "--period", "2027-Q5")
    assert bad.returncode == 2
    assert not (tmp_path / "audit.jsonl").exists()


CANDIDATES = [
    {"agency_id": f"A{i}", "risk_rank": i, "risk_score": s}
    for i, s in enumerate([0.9, 0.8, 0.7, 0.0, 0.0, 0.6], start=1)
]


def test_draw_rank_part_and_weighted_part():
    period = parse_period("2027-Q1")
    p = draw_plan(
        CANDIDATES, 3, seed=1, rank_share=0.34, draw_floor=0.0, as_of=dt.date(2026, 11, 27), period=period
    )
    assert [r["agency_id"] for r in p.rows][:1] == ["A1"]
    # with no floor, an agency scored 0 is never drawn
    for seed in range(50):
        p = draw_plan(CANDIDATES, 3, seed, 0.34, 0.0, dt.date(2026, 11, 27), period)
        assert {"A4", "A5"}.isdisjoint(r["agency_id"] for r in p.rows)
    # count above the candidates: every candidate once
    p = draw_plan(CANDIDATES, 10, 3, 0.5, 0.05, dt.date(2026, 11, 27), period)
    assert sorted(r["agency_id"] for r in p.rows) == sorted(c["agency_id"] for c in CANDIDATES)
    with pytest.raises(ValueError):
        draw_plan(CANDIDATES, 0, 3, 0.5, 0.05, dt.date(2026, 11, 27), period)


def test_draw_is_python_random_with_the_documented_walk():
    """The method as the plan describes it, re-done by hand: u = random() × remaining total weight."""
    import random

    period = parse_period("2027-Q1")
    p = draw_plan(CANDIDATES, 4, 99, 0.25, 0.05, dt.date(2026, 11, 27), period)
    rng, remaining = random.Random(99), sorted(CANDIDATES[1:], key=lambda c: c["agency_id"])
    expected = []
    for _ in range(3):
        weights = [c["risk_score"] + 0.05 for c in remaining]
        u, running = rng.random() * sum(weights), 0.0
        for i, w in enumerate(weights):
            running += w
            if running > u:
                expected.append(remaining.pop(i)["agency_id"])
                break
    assert [r["agency_id"] for r in p.rows] == ["A1", *expected]
