"""The dashboard on a phone (issue 12.7): Debian's chromium at 390 × 844 px, a desktop user agent (Streamlit
closes its menu by itself only for a "mobile" one), against `congvu serve` on the demo warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.launcher import IDLE
from dashboard.page_text import VI

PHONE = {"width": 390, "height": 844}
TIMEOUT = 30_000


@pytest.fixture
def phone(browser: Browser, dashboard) -> Page:
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(dashboard.url)
    page.get_by_role("textbox", name="Tên đăng nhập").fill("inspectorate")
    page.get_by_role("textbox", name="Mật khẩu").fill(dashboard.passwords["inspectorate"])
    with page.expect_navigation(timeout=TIMEOUT):  # the full page load that sets the session cookie
        page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan", level=1)).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(IDLE, timeout=TIMEOUT)
    yield page
    context.close()


def _box(page: Page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not drawn"
    return box


def _apart(a: dict, b: dict) -> bool:
    return (
        a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
        or a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
    )


def test_on_a_phone_the_menu_closes_after_navigation_and_the_page_is_readable(
    phone: Page, screenshots: Path
) -> None:
    page = phone
    sidebar = page.get_by_test_id("stSidebar")
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false", timeout=TIMEOUT)
    page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text("Kỷ luật", exact=True)).click()
    title = page.get_by_role("heading", name="Kỷ luật", level=1)
    expect(title).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(IDLE, timeout=TIMEOUT)

    # the menu is closed and the page is in view, not under the menu
    expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=TIMEOUT)
    heading = title.bounding_box()
    assert heading is not None
    assert 0 <= heading["x"] < PHONE["width"] / 2
    on_top = page.evaluate(
        "([x, y]) => !!document.elementFromPoint(x, y)?.closest('[data-testid=\"stMain\"]')",
        [heading["x"] + 5, heading["y"] + heading["height"] / 2],
    )
    assert on_top, "something (the menu) covers the page's title"

    # the chart: its title at the top, its legend below the plot, apart from each other
    chart = page.locator(".st-key-discipline_chart")
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".js-plotly-plot .legend")).to_be_visible(timeout=TIMEOUT)
    chart_title = _box(page, ".st-key-discipline_chart .gtitle")
    legend = _box(page, ".st-key-discipline_chart .legend")
    plot = _box(page, ".st-key-discipline_chart .nsewdrag")
    assert _apart(chart_title, legend)
    assert legend["y"] >= plot["y"] + plot["height"], "the legend is below the plot"
    assert "Cảnh cáo" in (chart.locator(".legend").text_content() or "")
    # it fits the phone: the plot keeps a readable part of the width beside the officials' names
    assert plot["width"] >= PHONE["width"] / 3
    chart.screenshot(path=str(screenshots / "phone-discipline-chart.png"))

    # the table's first columns are whose decision it is and its form
    grid = page.get_by_test_id("stDataFrame").first  # the page's one table
    grid.scroll_into_view_if_needed()
    headers = grid.locator("th[role=columnheader]")  # the grid's accessible table, behind its canvas
    expect(headers.first).to_be_attached(timeout=TIMEOUT)
    names = [text.strip() for text in headers.all_text_contents()]
    assert names[:2] == [VI["col.official"], VI["col.form"]], names
    page.screenshot(path=str(screenshots / "phone-discipline.png"))
