"""The inspectorate's risk page and gaming-signals list through the real app (AppTest, demo warehouse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.audit import read_events
from tests.builders import query
from tests.dashboard.test_pages import chart_specs, download_names, open_page, table_frames


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


def test_risk_table_components_and_trend(demo) -> None:
    at = open_page("inspectorate", "inspection-risk")
    risk = table_frames(at)[0]
    mart = query(demo["db"], "select agency_id, risk_rank from inspection_risk")
    assert len(risk) == len(mart)
    ranked = [r for r in mart if r["risk_rank"] is not None]
    assert {m.label: m.value for m in at.metric}["Cơ quan được xếp hạng"] == str(len(ranked))
    parts = table_frames(at)[1]
    assert len(parts) == 6 and parts["weight"].sum() == pytest.approx(1.0)
    top = query(demo["db"], "select risk_score from inspection_risk where risk_rank = 1")[0]["risk_score"]
    assert parts["contribution"].sum() == pytest.approx(top)  # the first agency shown is rank 1
    lines = [s for s in chart_specs(at) if s["data"] and s["data"][0]["type"] == "scatter"]
    assert len(lines[0]["data"]) == 5  # the five highest-ranked agencies' trends


def test_plan_drawn_with_a_seed_is_reproducible_and_audited(demo) -> None:
    at = open_page("inspectorate", "inspection-risk", plan_seed=7, plan_count=8)
    at.button(key="plan_draw").click().run()
    assert not at.exception
    first = table_frames(at)[2][["agency_id", "selected_by"]].to_dict("records")
    at.button(key="plan_draw").click().run()
    assert table_frames(at)[2][["agency_id", "selected_by"]].to_dict("records") == first
    # the same list as the command line draws with the same seed
    from pipelines.reports.inspection_plan import load_plan, next_quarter

    as_of = query(demo["db"], "select as_of from build_params")[0]["as_of"]
    cli = load_plan(demo["db"], 8, 7, next_quarter(as_of))
    assert [r["agency_id"] for r in first] == [r["agency_id"] for r in cli.rows]
    events = [e for e in read_events(demo["audit"]) if e["action"] == "plan_inspections"]
    assert len(events) == 2 and events[0]["details"]["seed"] == 7
    assert events[0]["details"]["agencies"] == [r["agency_id"] for r in first]
    assert "Tải kế hoạch (.docx)" in download_names(at)
    at.number_input(key="plan_seed").set_value(8).run()
    at.button(key="plan_draw").click().run()
    other = table_frames(at)[2]["agency_id"].tolist()
    assert (
        other[:4] == [r["agency_id"] for r in first][:4] and other[4:] != [r["agency_id"] for r in first][4:]
    )


def test_effectiveness_table_per_year(demo) -> None:
    at = open_page("inspectorate", "inspection-risk")
    effect = table_frames(at)[-1]
    years = query(
        demo["db"], "select count(*) as n from inspection_effectiveness where period_kind in ('year','all')"
    )
    assert len(effect) == years[0]["n"]


def test_gaming_signals_filters_and_kpis_agree_with_the_table(demo, demo_manifest) -> None:
    # the whole record: a custom period from the first year of the records up to as_of
    at = open_page("inspectorate", "gaming-signals", query={"period": "2023-01-01..2026-11-27"})
    total = query(demo["db"], "select count(*) as n from gaming_signals")[0]["n"]
    assert {m.label: m.value for m in at.metric}["Tất cả dấu hiệu"] == f"{total:,}".replace(",", ".")
    at.multiselect(key="gaming_kind").set_value(["retroactive_extension"]).run()
    rows = table_frames(at)[0]
    retro = query(
        demo["db"], "select count(*) as n from gaming_signals where kind = 'retroactive_extension'"
    )[0]["n"]
    assert len(rows) == retro > 0
    assert {m.label: m.value for m in at.metric}["Gia hạn hồi tố"] == str(retro)
    planted = demo_manifest["planted"]["retroactive_extension_agencies"]
    assert sorted({a.rsplit("(", 1)[1].rstrip(")") for a in rows["agency"]}) == sorted(planted)
    at.multiselect(key="gaming_agency").set_value(planted[:1]).run()
    assert table_frames(at)[0]["agency"].str.endswith(f"({planted[0]})").all()
    views = [
        e for e in read_events(demo["audit"]) if e["action"] == "page_view" and e["page"] == "gaming-signals"
    ]
    assert views[-1]["details"]["filters"]["agencies"] == planted[:1]
    assert len(download_names(at)) == 2  # CSV and XLSX of the filtered rows, each click audited
