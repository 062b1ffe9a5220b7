"""Real-browser fixtures: Debian's chromium driven by pytest-playwright, `congvu serve` on a free port.

The whole folder is skipped, with the reason, when /usr/bin/chromium is absent (CI installs it via .ci/run;
locally: `apt-get install -y chromium`). Every test here is marked `browser`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.launcher import CHROMIUM, CHROMIUM_ARGS, add_accounts, serving

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORDS = {
    "home_affairs": "noi-vu-mat-khau",
    "inspectorate": "thanh-tra-mat-khau",
    "board": "thi-dua-mat-khau",
    "admin": "quan-tri-mat-khau",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is absent: apt-get install -y chromium"))


@pytest.fixture(scope="session")
def base_url() -> None:
    """Replaces pytest-base-url's fixture, whose definition pytest 9 deprecates (a warning, i.e. an error
    here); the tests take the dashboard's URL from the `dashboard` fixture instead."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}, "accept_downloads": True,
            "locale": "vi-VN"}  # fmt: skip


@dataclass
class Dashboard:
    url: str
    users: Path
    audit: Path
    passwords: dict[str, str]


@pytest.fixture(scope="session")
def dashboard(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """`congvu serve` on the demo warehouse, one account per role (low bcrypt cost), for the session."""
    work = tmp_path_factory.mktemp("serve")
    users, audit_log = work / "users.toml", work / "audit.jsonl"
    add_accounts(users, PASSWORDS)
    with serving(demo_warehouse, users, audit_log, work / "serve.log") as url:
        yield Dashboard(url=url, users=users, audit=audit_log, passwords=dict(PASSWORDS))


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
