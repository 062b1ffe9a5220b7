"""Session fixtures: one demo warehouse, built by the same generator and builder as `congvu demo`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

DEMO_AS_OF = dt.date(2026, 11, 27)
DEMO_SEED = 2023
SHARED_REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def demo_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.generate import generate

    folder = tmp_path_factory.mktemp("demo") / "input"
    generate(folder, seed=DEMO_SEED, scale="demo", as_of=DEMO_AS_OF)
    return folder


@pytest.fixture(scope="session")
def demo_manifest(demo_input: Path) -> dict:
    return json.loads((demo_input / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_warehouse(demo_input: Path) -> Path:
    """The demo warehouse, built once per session; tests read it, never write it."""
    from pipelines.build import build

    db = demo_input.parent / "warehouse.duckdb"
    build(demo_input, db, as_of=DEMO_AS_OF)
    return db


@pytest.fixture
def realdata() -> Path:
    if not SHARED_REALDATA.is_dir():
        pytest.skip(
            f"real event logs not present at {SHARED_REALDATA} (only in the developers' checkout and CI)"
        )
    return SHARED_REALDATA
