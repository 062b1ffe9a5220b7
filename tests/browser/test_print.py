"""Browser journey: the Inspectorate prints the discipline list of 2025. In print (Chromium's print media and
its PDF) the sidebar, the filters and the download links are gone, and under "Bản in" every row of the table
is on paper — a canvas grid would print about ten."""

from __future__ import annotations

import subprocess
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_overdue_timeline import TIMEOUT, _idle
from tests.builders import query


def _sign_in(page: Page, dashboard) -> None:
    page.goto(dashboard.url)
    page.get_by_role("textbox", name="Tên đăng nhập").fill("inspectorate")
    page.get_by_role("textbox", name="Mật khẩu").fill(dashboard.passwords["inspectorate"])
    # the tab is signed in at once, then a full page load through /_congvu/session sets the cookie: going
    # anywhere before that load has ended races with it (net::ERR_ABORTED, or a click lost in the reload)
    with page.expect_navigation(timeout=TIMEOUT):
        page.get_by_role("button", name="Đăng nhập").click()
    _idle(page)


def test_printing_leaves_out_the_controls_and_prints_every_row(
    page: Page, dashboard, demo_warehouse: Path, tmp_path: Path, screenshots: Path
) -> None:
    expected = [
        r["action_id"]
        for r in query(
            demo_warehouse,
            "select action_id from discipline_periods where decided_on <= '2025-12-31' "
            "and (effect_ends_on is null or effect_ends_on >= '2025-01-01') order by action_id",
        )
    ]
    assert 10 < len(expected) < 200  # more than a grid shows, few enough for a few pages
    _sign_in(page, dashboard)
    page.goto(f"{dashboard.url}/discipline?period=2025")
    _idle(page)
    expect(page.get_by_text("Kỳ: Năm 2025 (").first).to_be_visible(timeout=TIMEOUT)
    _idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    agency_filter = page.locator(".st-key-discipline_agency")
    csv_link = page.locator(".st-key-discipline_list_csv a")
    expect(sidebar).to_be_visible(timeout=TIMEOUT)
    expect(csv_link).to_be_visible(timeout=TIMEOUT)

    # the grid: on screen and in print it holds only the rows in view
    page.emulate_media(media="print")
    expect(sidebar).to_be_hidden(timeout=TIMEOUT)
    expect(agency_filter).to_be_hidden(timeout=TIMEOUT)
    expect(csv_link).to_be_hidden(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Kỷ luật")).to_be_visible(timeout=TIMEOUT)
    page.emulate_media(media="screen")

    # "Bản in": the switch in the sidebar draws the table as a static table of every row
    page.locator('[data-testid="stSidebar"]').get_by_text("Bản in (in toàn bộ bảng)").click()
    expect(page.locator('[data-testid="stTable"]')).to_be_visible(timeout=TIMEOUT)
    _idle(page)
    assert "print=1" in page.url  # a link to the print view keeps it
    page.emulate_media(media="print")
    expect(sidebar).to_be_hidden(timeout=TIMEOUT)
    page.screenshot(path=str(screenshots / "print-view.png"), full_page=True)
    pdf = tmp_path / "discipline.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    missing = [a for a in expected if a not in text]
    assert not missing, f"{len(missing)} of {len(expected)} rows not printed: {missing[:5]}"
    assert "Kỷ luật" in text and "Kỳ: Năm 2025" in text
    assert "Bộ lọc" not in text and "Tải CSV" not in text and "Đăng xuất" not in text  # no control printed
