"""AppTest smoke test: every role × every page it may see renders; every other pair is not even registered.

Pages come from access.PAGES, so a page added by anyone is covered; a page whose file is missing fails loudly.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dashboard import accounts, audit
from dashboard.access import PAGES, ROLE_PAGES, ROLES
from tests.builders import query
from tests.dashboard.conftest import new_app, sign_in_state, signed_in, titles

ALLOWED = [(role, page) for role in ROLES for page in ROLE_PAGES[role]]
FORBIDDEN = [(role, page) for role in ROLES for page in PAGES if page not in ROLE_PAGES[role]]
PEOPLE_PAGES = [page for page, spec in PAGES.items() if spec.names_people]


def _open(role: str, page: str):
    at = signed_in(role)
    at.switch_page(PAGES[page].file).run()
    return at


def test_a_registered_page_without_its_file_fails_loudly(
    demo_warehouse: Path, app_env, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a typo in a page's url_path points at a file that does not exist: the app must say so, not drop
    # the page from the role's navigation
    app_env(demo_warehouse)
    typo = dataclasses.replace(PAGES["agencies"], url_path="agencys")
    monkeypatch.setitem(PAGES, "agencies", typo)
    at = signed_in("board")
    assert at.exception, titles(at)
    assert "agencys" in at.exception[0].value and "no file" in at.exception[0].value


@pytest.mark.parametrize(("role", "page"), ALLOWED)
def test_every_allowed_page_renders(demo_warehouse: Path, app_env, role: str, page: str) -> None:
    app_env(demo_warehouse)
    at = _open(role, page)
    assert not at.exception, at.exception
    assert PAGES[page].title_vi in titles(at)
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize(("role", "page"), FORBIDDEN)
def test_every_forbidden_page_is_not_registered(demo_warehouse: Path, app_env, role: str, page: str) -> None:
    app_env(demo_warehouse)
    at = signed_in(role)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGES[page].file)
    from dashboard import data

    with pytest.raises(PermissionError):
        data.query_as(role, page, "overview_status_totals")


def test_english_switch(demo_warehouse: Path, app_env) -> None:
    app_env(demo_warehouse)
    at = new_app()
    sign_in_state(at, "admin", "x")
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(PAGES["data-quality"].file).run()
    assert not at.exception
    assert "Data quality" in titles(at)


def test_anonymous_sees_only_the_sign_in_form(demo_warehouse: Path, app_env) -> None:
    app_env(demo_warehouse)
    at = new_app().run()
    assert not at.exception
    assert titles(at) == ["Đăng nhập hệ thống theo dõi công vụ"]
    assert [w.label for w in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert not at.get("plotly_chart") and not at.dataframe
    for spec in PAGES.values():
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(spec.file)


def _sign_in(at, name: str, password: str):
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return at.button[0].click().run()


def test_sign_in_success_and_failure_are_audited(demo_warehouse: Path, app_env) -> None:
    paths = app_env(demo_warehouse)
    accounts.add_user(paths["users"], "lan", "board", "right-password")
    at = new_app().run()
    _sign_in(at, "lan", "wrong-password")
    assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    assert "Tổng quan" not in titles(at)
    _sign_in(at, "lan", "right-password")
    assert not at.exception
    assert "Đăng nhập thành công" in at.info[0].value  # the browser is sent to fetch its cookie
    at.run()
    assert "Tổng quan" in titles(at)  # the first page of the role
    assert at.session_state["auth_user"]["role"] == "board"
    events = audit.read_events(paths["audit"])
    assert [(e["user"], e["action"]) for e in events] == [("lan", "sign_in_failed"), ("lan", "sign_in")]


def test_five_failures_lock_the_account_in_the_form(demo_warehouse: Path, app_env) -> None:
    paths = app_env(demo_warehouse)
    accounts.add_user(paths["users"], "lan", "board", "right-password")
    at = new_app().run()
    for _ in range(5):
        _sign_in(at, "lan", "wrong-password")
    _sign_in(at, "lan", "right-password")
    assert "tạm khoá" in at.error[0].value
    assert "Tổng quan" not in titles(at)
    assert accounts.locked_until(paths["users"], "lan") is not None


def test_sign_out(demo_warehouse: Path, app_env) -> None:
    paths = app_env(demo_warehouse)
    at = signed_in("admin", name="minh")
    at.button(key="sign_out_button").click().run()
    assert titles(at) == ["Đăng nhập hệ thống theo dõi công vụ"]
    assert audit.read_events(paths["audit"])[-1]["action"] == "sign_out"


def test_an_idle_session_ends(demo_warehouse: Path, app_env, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = app_env(demo_warehouse)
    monkeypatch.setenv("CONGVU_SESSION_TIMEOUT_MINUTES", "30")
    at = signed_in("admin", name="minh", idle_seconds=31 * 60)
    assert titles(at) == ["Đăng nhập hệ thống theo dõi công vụ"]
    assert "hết hạn" in at.info[0].value
    assert audit.read_events(paths["audit"])[-1]["action"] == "session_expired"
    recent = signed_in("admin", name="minh", idle_seconds=29 * 60)
    assert "Tổng quan" in titles(recent)


@pytest.mark.parametrize("page", PEOPLE_PAGES)
def test_views_of_pages_that_name_people_are_audited(demo_warehouse: Path, app_env, page: str) -> None:
    paths = app_env(demo_warehouse)
    at = signed_in("home_affairs")
    # a detail page names someone once it is given whose record to show (`?id=`): a task, an official
    record = {"task": ("task_id", "task_status"), "official": ("official_id", "stg_officials")}.get(page)
    if record:
        column, table = record
        at.query_params["id"] = query(demo_warehouse, f"select min({column}) as x from {table}")[0]["x"]
    at.switch_page(PAGES[page].file).run()
    assert not at.exception
    views = [e for e in audit.read_events(paths["audit"]) if e["action"] == "page_view"]
    assert [e["page"] for e in views] == [page]
    assert views[0]["user"] == "test-home_affairs" and "filters" in views[0]["details"]
    at.run()  # a rerun with the same filters is not a new view
    assert len([e for e in audit.read_events(paths["audit"]) if e["action"] == "page_view"]) == 1


@pytest.mark.parametrize("page", [p for p in PAGES if p != "audit"])
def test_empty_warehouse_gives_a_message_not_a_traceback(builds, app_env, page: str) -> None:
    app_env(builds["empty"])
    at = _open("home_affairs", page)
    assert not at.exception, at.exception
    assert PAGES[page].title_vi in titles(at)
    assert any("chưa có nhiệm vụ nào" in w.value for w in at.warning)


@pytest.mark.parametrize("role", ROLES)
def test_missing_warehouse_gives_a_message(tmp_path: Path, app_env, role: str) -> None:
    app_env(tmp_path / "nowhere.duckdb")
    at = signed_in(role)
    assert not at.exception
    assert "Chưa có kho dữ liệu" in at.error[0].value
    assert "congvu build" in at.error[0].value


def test_the_audit_page_works_without_a_warehouse_message_blocking_it(demo_warehouse: Path, app_env) -> None:
    paths = app_env(demo_warehouse)
    audit.append_event(paths["audit"], "lan", "sign_in", details={"role": "board"})  # no page
    audit.append_event(paths["audit"], "lan", "download", "overview", {"file": "a.csv", "rows": 3})
    at = _open("admin", "audit")
    assert not at.exception
    assert at.dataframe and len(at.dataframe[0].value) == 2
