"""Journeys in a real browser (Debian's chromium) against `congvu serve` on the demo warehouse.

Per role: sign in, open every page of the role, filter, open a task's timeline (roles that see overdue
tasks), download a CSV and check its content and the audit entry, sign out. Screenshots go to
test-artifacts/screenshots/; the time the first page takes to render goes to test-artifacts/timings.json.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.launcher import IDLE
from dashboard import audit
from dashboard.access import PAGES, ROLES, can_view, pages_for

SIGN_IN_TITLE = "Đăng nhập hệ thống theo dõi công vụ"
TIMEOUT = 30_000
TIMINGS = Path(__file__).resolve().parents[2] / "test-artifacts" / "timings.json"


def wait_idle(page: Page) -> None:
    page.wait_for_function(IDLE, timeout=TIMEOUT)


def heading(page: Page, title: str):
    return page.get_by_role("heading", name=title, level=1)


def sign_in(page: Page, url: str, name: str, password: str) -> None:
    page.goto(url)
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("textbox", name="Tên đăng nhập").fill(name)
    page.get_by_role("textbox", name="Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def open_page(page: Page, title: str) -> None:
    page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(title, exact=True)).click()
    expect(heading(page, title)).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def choose(page: Page, key: str, option: int | str) -> str:
    """Picks an option of the selectbox with that widget key; returns the option's text."""
    box = page.locator(f".st-key-{key} input")
    expect(box).to_be_visible(timeout=TIMEOUT)
    box.click()
    options = page.get_by_role("option")
    if options.count() == 0:
        page.keyboard.press("ArrowDown")
    target = options.nth(option) if isinstance(option, int) else options.filter(has_text=option).first
    expect(target).to_be_visible(timeout=TIMEOUT)
    text = target.inner_text().strip()
    target.click()
    return text


def shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"))


@pytest.mark.parametrize("role", ROLES)
def test_role_journey(page: Page, dashboard, screenshots: Path, role: str) -> None:
    started = time.perf_counter()
    page.goto(dashboard.url)
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    form_seconds = time.perf_counter() - started
    page.get_by_role("textbox", name="Tên đăng nhập").fill(role)
    page.get_by_role("textbox", name="Mật khẩu").fill(dashboard.passwords[role])
    clicked = time.perf_counter()
    page.get_by_role("button", name="Đăng nhập").click()
    expect(heading(page, "Tổng quan")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    overview_seconds = time.perf_counter() - clicked
    _record_timing(role, form_seconds, overview_seconds)
    shot(page, screenshots, f"{role}-overview")

    # the navigation offers exactly the role's pages
    # (the detail pages — task, agency, official — are reached by their links, not from the menu)
    menu = [spec for spec in pages_for(role) if not spec.hidden]
    links = page.get_by_test_id("stSidebarNavLink")
    expect(links).to_have_count(len(menu))
    for spec in menu:
        if spec.url_path == "overview":
            continue
        open_page(page, spec.title_vi)
        shot(page, screenshots, f"{role}-{spec.url_path}")

    # filter the rejected rows by one file, download them as CSV: the file holds exactly what is shown
    open_page(page, PAGES["data-quality"].title_vi)
    chosen = choose(page, "dq_file", 1)
    expect(page.get_by_text(f"Tệp: {chosen} · Lý do: Tất cả ·")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    # Only the events written from here on: earlier tests of this session (test_full_downloads signs in as
    # inspectorate too and downloads on `shifting`) left download events of the same user — reading "the
    # last download of this user" while this one was still on its way once gave `shifting` (issue 11).
    before = len(audit.read_events(dashboard.audit))
    with page.expect_download(timeout=TIMEOUT) as download_info:
        page.locator(".st-key-dq_rows_dl_csv a").click()
    download = download_info.value
    assert download.suggested_filename == "dong-bi-loai.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows, "the downloaded CSV has no rows"
    assert list(rows[0]) == ["Tệp", "Dòng trong tệp", "Cột", "Giá trị", "Lý do"]
    assert {row["Tệp"] for row in rows} == {chosen}
    # the server writes the audit line before it sends the file: it is there when the download is
    new = [e for e in audit.read_events(dashboard.audit)[before:] if e["action"] == "download"]
    assert [(e["user"], e["page"]) for e in new] == [(role, "data-quality")]
    assert new[0]["details"] == {
        "file": "dong-bi-loai.csv",
        "format": "csv",
        "rows": len(rows),
        "via": "server",
    }
    wait_idle(page)

    if can_view(role, "overdue"):
        open_page(page, PAGES["overdue"].title_vi)
        choose(page, "overdue_task", 0)
        expect(page.get_by_role("heading", name=re.compile("^Diễn biến nhiệm vụ"))).to_be_visible(
            timeout=TIMEOUT
        )
        wait_idle(page)
        expect(page.locator(".st-key-overdue_timeline_chart .js-plotly-plot")).to_be_visible(timeout=TIMEOUT)
        shot(page, screenshots, f"{role}-overdue-timeline")

    page.get_by_role("button", name="Đăng xuất").click()
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    actions = [e["action"] for e in audit.read_events(dashboard.audit) if e["user"] == role]
    assert actions[0] == "sign_in" and actions[-1] == "sign_out"


def test_wrong_password_shows_an_error(page: Page, dashboard, screenshots: Path) -> None:
    sign_in(page, dashboard.url, "board", "not-the-password")
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible(timeout=TIMEOUT)
    expect(heading(page, "Tổng quan")).to_have_count(0)
    shot(page, screenshots, "wrong-password")
    failures = [e for e in audit.read_events(dashboard.audit) if e["action"] == "sign_in_failed"]
    assert failures and failures[-1]["user"] == "board"


def test_a_page_url_without_signing_in_shows_the_sign_in_form(page: Page, dashboard) -> None:
    page.goto(f"{dashboard.url}/officials")
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    expect(heading(page, PAGES["officials"].title_vi)).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(0)


def _record_timing(role: str, form_seconds: float, overview_seconds: float) -> None:
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    timings = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    timings[role] = {"sign_in_form_seconds": round(form_seconds, 2),
                     "overview_after_sign_in_seconds": round(overview_seconds, 2)}  # fmt: skip
    TIMINGS.write_text(json.dumps(timings, indent=1))
