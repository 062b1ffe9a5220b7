"""The documentation keeps up with the code: every model documented, every make target described."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines import catalog
from pipelines.build import SQL_DIR
from pipelines.sqlfiles import discover

ROOT = Path(__file__).resolve().parents[1]


def test_every_model_states_its_grain():
    for name, path in discover(SQL_DIR).items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("-- grain:"), f"{name}: the first line must say what one row is"


def test_warehouse_catalogue_is_current(demo_warehouse):
    expected = catalog.render(demo_warehouse)
    actual = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    assert actual.strip() == expected.strip(), (
        "docs/warehouse.md is stale: python -m pipelines.catalog --db <demo warehouse> > docs/warehouse.md"
    )


def test_every_contract_table_is_in_the_catalogue():
    text = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    for table in catalog.CONTRACT_TABLES:
        assert f"## `{table}` — **contract**" in text


def test_every_make_target_is_described_and_the_readme_gives_the_two_commands():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.M)
    assert {"demo", "test", "bench"} <= set(targets)
    for target in targets:
        assert re.search(rf"^{target}:.*## \S", makefile, flags=re.M), f"make {target} has no ## description"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_rules_doc_names_every_rule_set_and_every_calendar_override():
    """docs/rules.md, the reviewers' account of the law applied, keeps up with pipelines/rules/ and the
    calendar overrides: a new rule set or an overridden day without a word in the doc fails."""
    from pipelines.prepare.calendar import OVERRIDES, read_overrides
    from pipelines.prepare.rules import load_rule_sets

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_set in load_rule_sets():
        assert f"`{rule_set['id']}`" in text, rule_set["id"]
    for day, _, _, _ in read_overrides(OVERRIDES):
        assert f"{day:%d/%m/%Y}" in text, day
    for key in ("commendation.evaluation_year", "Điều 148 khoản 5", "voided_completed_on", "reply_due_on"):
        assert key in text
