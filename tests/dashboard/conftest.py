"""Fixtures of the dashboard tests: a low bcrypt cost, and an app environment (warehouse, users, audit).

`signed_in(role)` returns an AppTest of dashboard/app.py whose session is signed in as that role.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.access import User
from dashboard.accounts import add_user, load_accounts
from dashboard.session_store import STORE
from tests.builders import TASK_HEADER, build_warehouse

ONE_TASK = TASK_HEADER + "\nT1,Lập quy hoạch,city_pc,SXD,O1,agency,2023-01-05,2023-02-10,2023-02-01,true\n"
TWO_TASKS = ONE_TASK + "T2,Báo cáo,government,STC,O3,agency,2023-03-01,2023-04-01,,false\n"
EMPTY_INPUTS = {
    "agencies": "agency_id,name,kind,parent_id\n",
    "officials": "official_id,full_name,agency_id,position,category\n",
    "tasks": TASK_HEADER + "\n",
}
APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(autouse=True)
def _fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONGVU_BCRYPT_ROUNDS", "4")


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three real builds, made once (a build takes seconds): one task, two tasks, no row at all (only the
    headers of agencies, officials and tasks)."""
    root = tmp_path_factory.mktemp("builds")
    return {
        "one": build_warehouse(root / "one", {"tasks": ONE_TASK}),
        "two": build_warehouse(root / "two", {"tasks": TWO_TASKS}),
        "empty": build_warehouse(root / "empty", EMPTY_INPUTS),
    }


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], dict[str, Path]]:
    """Points the dashboard at a warehouse, with a fresh users file and audit log in tmp_path."""

    def use(db: Path) -> dict[str, Path]:
        paths = {"db": db, "users": tmp_path / "users.toml", "audit": tmp_path / "audit.jsonl"}
        monkeypatch.setenv("CONGVU_DB", str(db))
        monkeypatch.setenv("CONGVU_USERS", str(paths["users"]))
        monkeypatch.setenv("CONGVU_AUDIT", str(paths["audit"]))
        data.clear_cache()
        st.cache_data.clear()
        st.cache_resource.clear()
        return paths

    yield use
    data.clear_cache()


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def sign_in_state(at: AppTest, role: str, name: str | None = None, idle_seconds: float = 0.0) -> str:
    """Signs `at` in as `name` (an account of that role in the users file, made when missing): a server-side
    session record, last active `idle_seconds` ago, whose id the tab holds — as after a real sign-in."""
    name = name or f"test-{role}"
    users = Path(os.environ["CONGVU_USERS"])
    known = load_accounts(users).get(name)
    if known is None or known.role != role:
        add_user(users, name, role, "test-password-1")
    record = STORE.create(User(name=name, role=role), now=time.time() - idle_seconds)
    at.session_state["auth_session"] = record.session_id
    return record.session_id


def signed_in(role: str, name: str | None = None, idle_seconds: float = 0.0) -> AppTest:
    at = new_app()
    sign_in_state(at, role, name, idle_seconds)
    return at.run()


def titles(at: AppTest) -> list[str]:
    return [element.value for element in at.title]
