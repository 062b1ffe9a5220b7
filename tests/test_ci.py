"""CI enforces what the project claims: lint, format and types over every package (make check) and the
whole suite (make test), on a fresh machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_checks_then_the_tests() -> None:
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("make ")
    ]
    assert commands == ["make check", "make test"]


def test_check_covers_every_package_with_lint_format_and_types() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^check:.*\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert recipe is not None
    packages = {"pipelines", "dashboard", "benchmarks"}
    for tool in ("ruff check", "ruff format --check"):
        (line,) = [x for x in recipe.group(1).splitlines() if tool in x]
        assert packages <= set(line.split()), line
    assert "mypy" in recipe.group(1)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert packages <= set(config["tool"]["mypy"]["files"])
