"""Browser journey: a table that shows only its first rows still downloads every filtered row. The
Inspectorate opens the shifting page (more flags than the screen shows), reads "Hiển thị 1.000 / N dòng",
downloads the CSV — made on the click, on the server — and finds N rows in it and N in the audit log."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Page, expect

from dashboard import audit
from dashboard.tables import ROW_LIMIT
from tests.browser.test_overdue_timeline import TIMEOUT, _idle
from tests.builders import query
from tests.dashboard.test_pages import ALL_TIME


def _vi(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_a_limited_table_downloads_every_filtered_row(page: Page, dashboard, demo_warehouse: Path,
                                                      screenshots: Path) -> None:  # fmt: skip
    # every flag of the record: the demo's current year alone has fewer than the screen shows
    total = query(demo_warehouse, "select count(*) as n from shifting_flags")[0]["n"]
    assert total > ROW_LIMIT
    page.goto(dashboard.url)
    page.get_by_role("textbox", name="Tên đăng nhập").fill("inspectorate")
    page.get_by_role("textbox", name="Mật khẩu").fill(dashboard.passwords["inspectorate"])
    # the tab is signed in at once, then a full page load through /_congvu/session sets the cookie: going
    # anywhere before that load has ended races with it (net::ERR_ABORTED, or a click lost in the reload)
    with page.expect_navigation(timeout=TIMEOUT):
        page.get_by_role("button", name="Đăng nhập").click()
    _idle(page)
    # a shared link to the page with its period: the signed session cookie carries the user across it
    page.goto(f"{dashboard.url}/shifting?period={ALL_TIME}")
    _idle(page)
    note = page.get_by_text(f"Hiển thị {_vi(ROW_LIMIT)} / {_vi(total)} dòng").first
    expect(note).to_be_visible(timeout=TIMEOUT)
    _idle(page)
    page.screenshot(path=str(screenshots / "shifting-limited-table.png"))

    before = len(audit.read_events(dashboard.audit))
    with page.expect_download(timeout=TIMEOUT) as download_info:
        page.locator(".st-key-shifting_flags_csv a").click()
    download = download_info.value
    assert download.suggested_filename == "dau_hieu_dun_day.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == total
    # written by the server before the file was sent: present as soon as the download is
    events = [e for e in audit.read_events(dashboard.audit)[before:] if e["action"] == "download"]
    assert [(e["user"], e["page"]) for e in events] == [("inspectorate", "shifting")]
    assert events[0]["details"] == {
        "file": "dau_hieu_dun_day.csv",
        "format": "csv",
        "rows": total,
        "via": "server",
    }
