"""Sessions, deep links and the audited paths out, in Debian's chromium against `congvu serve` (issue 11).

Each test uses accounts of its own (made in the served users file), so that revoking, removing or
re-roling them does not disturb the other browser tests sharing the server.
"""

from __future__ import annotations

import os
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard import accounts, audit
from tests.browser.test_journeys import SIGN_IN_TITLE, TIMEOUT, heading, wait_idle

DENIED = "Bạn không có quyền xem trang này."


@pytest.fixture
def account(dashboard) -> Iterator:
    """A fresh account in the served users file: make(role) → (name, password); removed afterwards."""
    made: list[str] = []

    def make(role: str) -> tuple[str, str]:
        name, password = f"t{secrets.token_hex(4)}", secrets.token_urlsafe(12)
        os.environ["CONGVU_BCRYPT_ROUNDS"] = "4"
        try:
            accounts.add_user(dashboard.users, name, role, password)
        finally:
            os.environ.pop("CONGVU_BCRYPT_ROUNDS", None)
        made.append(name)
        return name, password

    yield make
    remove(dashboard, *made)


def remove(dashboard, *names: str) -> None:
    known = accounts.load_accounts(dashboard.users)
    for name in names:
        known.pop(name, None)
    accounts.save_accounts(dashboard.users, known)


def fill_sign_in(page: Page, name: str, password: str) -> None:
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("textbox", name="Tên đăng nhập").fill(name)
    page.get_by_role("textbox", name="Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def session_cookie(page: Page) -> dict:
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "congvu_session"]
    return cookie


def get(url: str, cookie: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": f"congvu_session={cookie}"} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def test_a_deep_link_survives_sign_in_reload_and_a_second_tab(page: Page, dashboard, account) -> None:
    name, password = account("home_affairs")
    # the page has a period control: a deep link names its period, or the page adds the default one
    page.goto(f"{dashboard.url}/personnel?agency=SXD&period=2025")
    fill_sign_in(page, name, password)
    expect(heading(page, "Rà soát nhân sự")).to_be_visible(timeout=TIMEOUT)
    assert page.url.endswith("/personnel?agency=SXD&period=2025")
    cookie = session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]  # plain HTTP here
    page.reload()
    expect(heading(page, "Rà soát nhân sự")).to_be_visible(timeout=TIMEOUT)
    expect(heading(page, SIGN_IN_TITLE)).to_have_count(0)
    second = page.context.new_page()
    second.goto(f"{dashboard.url}/officials")
    expect(heading(second, "Cán bộ, công chức")).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate("document.cookie").find("congvu_session") == -1  # not readable by scripts


def test_a_page_the_role_may_not_see_says_so_in_vietnamese(page: Page, dashboard, account) -> None:
    name, password = account("board")
    page.goto(dashboard.url)
    fill_sign_in(page, name, password)
    expect(heading(page, "Tổng quan")).to_be_visible(timeout=TIMEOUT)
    page.goto(f"{dashboard.url}/personnel")
    expect(page.get_by_text(DENIED)).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(heading(page, "Rà soát nhân sự")).to_have_count(0)


def test_sign_out_revokes_a_copied_cookie(page: Page, dashboard, account, browser: Browser) -> None:
    name, password = account("inspectorate")
    page.goto(dashboard.url)
    fill_sign_in(page, name, password)
    expect(heading(page, "Tổng quan")).to_be_visible(timeout=TIMEOUT)
    copied = session_cookie(page)
    assert get(f"{dashboard.url}/discipline", copied["value"])[0] == 200
    wait_idle(page)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    assert [c for c in page.context.cookies() if c["name"] == "congvu_session"] == []
    status, headers, _ = get(f"{dashboard.url}/discipline", copied["value"])
    assert status == 302 and headers["location"].startswith("/?next=")
    other = browser.new_context()
    other.add_cookies([copied])
    thief = other.new_page()
    thief.goto(f"{dashboard.url}/discipline")
    expect(heading(thief, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    other.close()


def test_a_removed_account_is_out_and_a_new_role_applies_at_once(page: Page, dashboard, account) -> None:
    name, password = account("inspectorate")
    page.goto(f"{dashboard.url}/discipline")
    fill_sign_in(page, name, password)
    expect(heading(page, "Kỷ luật")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    os.environ["CONGVU_BCRYPT_ROUNDS"] = "4"
    try:
        accounts.add_user(dashboard.users, name, "board", password)  # moved to the Board
    finally:
        os.environ.pop("CONGVU_BCRYPT_ROUNDS", None)
    page.reload()
    expect(page.get_by_text(DENIED)).to_be_visible(timeout=TIMEOUT)
    expect(heading(page, "Kỷ luật")).to_have_count(0)
    remove(dashboard, name)
    page.reload()
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)


def test_downloads_and_media_answer_no_one_without_a_live_session(page: Page, dashboard, account) -> None:
    name, password = account("home_affairs")
    page.goto(f"{dashboard.url}/personnel")
    fill_sign_in(page, name, password)
    expect(heading(page, "Rà soát nhân sự")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    link = page.locator(".st-key-personnel_list_csv a")
    href = link.get_attribute("href")
    assert href and href.startswith("/_congvu/download/")
    cookie = session_cookie(page)["value"]
    before = len(audit.read_events(dashboard.audit))
    assert get(f"{dashboard.url}{href}")[0] == 403  # no cookie: nothing, and nothing logged
    assert get(f"{dashboard.url}{href}", "forged.0000")[0] == 403
    assert len(audit.read_events(dashboard.audit)) == before
    status, headers, body = get(f"{dashboard.url}{href}", cookie)
    assert status == 200 and headers["content-disposition"].startswith("attachment")
    (event,) = [e for e in audit.read_events(dashboard.audit)[before:] if e["action"] == "download"]
    assert (event["user"], event["page"], event["details"]["via"]) == (name, "personnel", "server")
    assert body.decode("utf-8-sig").count("\n") == event["details"]["rows"] + 1
    # the view of the page was audited with its filters and its row count
    views = [
        e for e in audit.read_events(dashboard.audit) if e["user"] == name and e["action"] == "page_view"
    ]
    assert views and views[-1]["page"] == "personnel" and "rows" in views[-1]["details"]
    assert get(f"{dashboard.url}/_stcore/metrics")[0] == 403
    assert get(f"{dashboard.url}/media/whatever.csv")[0] == 403
    page.get_by_role("button", name="Đăng xuất").click()
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    assert get(f"{dashboard.url}{href}", cookie)[0] == 403  # revoked with the session


def test_every_answer_forbids_framing(dashboard) -> None:
    for path in ("/", "/_stcore/health", "/?next=/personnel"):
        _, headers, _ = get(f"{dashboard.url}{path}")
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_the_table_toolbar_offers_no_download(page: Page, dashboard, account) -> None:
    name, password = account("home_affairs")
    page.goto(f"{dashboard.url}/personnel")
    fill_sign_in(page, name, password)
    expect(heading(page, "Rà soát nhân sự")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    grid = page.get_by_test_id("stDataFrame").first
    grid.hover()
    expect(page.get_by_test_id("stElementToolbar").first).to_be_attached(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)


@pytest.fixture
def short_sessions(demo_warehouse, tmp_path):
    """A second `congvu serve` whose sessions end after 6 idle seconds (CONGVU_SESSION_TIMEOUT_MINUTES)."""
    from benchmarks.launcher import serving

    users, audit_log = tmp_path / "users.toml", tmp_path / "audit.jsonl"
    os.environ["CONGVU_BCRYPT_ROUNDS"] = "4"
    try:
        accounts.add_user(users, "lan", "home_affairs", "lan-password-1")
    finally:
        os.environ.pop("CONGVU_BCRYPT_ROUNDS", None)
    with serving(
        demo_warehouse,
        users,
        audit_log,
        tmp_path / "serve.log",
        env={"CONGVU_SESSION_TIMEOUT_MINUTES": "0.1"},
    ) as url:
        yield url, audit_log


def test_an_idle_session_takes_the_personal_page_and_its_downloads_away(page: Page, short_sessions) -> None:
    url, audit_log = short_sessions
    page.goto(f"{url}/personnel")
    fill_sign_in(page, "lan", "lan-password-1")
    expect(heading(page, "Rà soát nhân sự")).to_be_visible(timeout=TIMEOUT)
    href = page.locator(".st-key-personnel_list_csv a").get_attribute("href")
    cookie = session_cookie(page)["value"]
    # no click, no key: the open page itself notices the end of its session and drops its content
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    expect(heading(page, "Rà soát nhân sự")).to_have_count(0)
    expect(page.get_by_text("Phiên làm việc đã kết thúc")).to_be_visible(timeout=TIMEOUT)
    assert get(f"{url}{href}", cookie)[0] == 403
    ended = [e for e in audit.read_events(audit_log) if e["action"] == "session_expired"]
    assert [(e["user"], e["details"]["reason"]) for e in ended] == [("lan", "expired")]
    assert not [e for e in audit.read_events(audit_log) if e["action"] == "download"]
