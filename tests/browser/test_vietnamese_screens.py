"""Vietnamese mode speaks Vietnamese in a real browser (issue 12, point 4): no text of Streamlit's own widgets
in English on the main pages (placeholders, "Select all", "None", the app menu), table numbers written the
Vietnamese way in an en-US browser, and the agency search that finds "Sở Công Thương" from "cong thuong".

Table cells are drawn on a canvas whose accessible copy holds the raw values, not the text shown, so the
tests record what the page draws (`fillText`) with an init script: that is what the reader sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard import fmt, i18n
from tests.browser.test_detail_links import _sign_in
from tests.browser.test_overdue_timeline import TIMEOUT, _idle
from tests.builders import query

# every text the page draws on a canvas (the tables' cells), kept in window.__drawn
RECORD_DRAWN = """(() => {
  const drawn = new Set();
  window.__drawn = drawn;
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    drawn.add(String(text));
    return fillText.call(this, text, ...rest);
  };
})();"""

# Streamlit's own English texts (frontend bundle of 1.67) that must not reach a Vietnamese screen
ENGLISH = re.compile(
    r"Choose an option|Choose options|Choose or add|No options to select|Select all|Select \d+ matches"
    r"|No results|Page not found|Past Week|Past Month|Record screen|\bPrint\b|\bNone\b"
)
MAIN_PAGES = {
    "inspectorate": [
        "overview",
        "overdue",
        "shifting",
        "agencies",
        "officials",
        "consultations",
        "discipline",
    ],
    "home_affairs": ["grading", "personnel", "commendation", "data-quality"],
    "admin": ["audit"],
}


def _context_page(browser: Browser, locale: str) -> Page:
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1200})
    context.add_init_script(RECORD_DRAWN)
    return context.new_page()


def _drawn(page: Page) -> set[str]:
    return set(page.evaluate("() => [...(window.__drawn || [])]"))


def _english_on(page: Page) -> list[str]:
    """English found on the page: its text (hidden elements too), the texts drawn in its tables and the
    placeholders of its fields."""
    found = ENGLISH.findall(page.locator("body").text_content() or "")
    found += [text for text in _drawn(page) if ENGLISH.search(text)]
    placeholders = page.eval_on_selector_all("input[placeholder]", "es => es.map(e => e.placeholder)")
    found += [text for text in placeholders if ENGLISH.search(text)]
    # The lists' own texts ("Select all", "No results") are not opened here: opening some forty lists one
    # after another by keyboard raced with the page's reruns and lost one now and then. What makes them
    # Vietnamese is how every list is made (filters.py: our placeholder, no "select all", no typing), held
    # for every list of a page by tests/dashboard/test_vietnamese_widgets.py.
    return found


@pytest.mark.parametrize("role", sorted(MAIN_PAGES))
def test_no_english_widget_text_on_the_main_pages_in_vietnamese_mode(
    browser: Browser, dashboard, role: str
) -> None:
    page = _context_page(browser, "en-US")  # an English browser: the page must still speak Vietnamese
    _sign_in(page, dashboard, role)
    # the app menu (Print, Record screen, Settings, developer items) is not offered at all
    expect(page.locator('[data-testid="stMainMenu"]')).to_have_count(0)
    english: dict[str, list[str]] = {}
    for path in MAIN_PAGES[role]:
        page.goto(f"{dashboard.url}/{path}")
        _idle(page)
        for grid in page.locator('[data-testid="stDataFrame"]').all():
            if grid.is_visible():  # a table in a closed expander is not drawn
                grid.scroll_into_view_if_needed()
        _idle(page)
        found = _english_on(page)
        if found:
            english[path] = sorted(set(found))
    assert english == {}


def test_a_path_that_names_no_page_is_answered_in_vietnamese(browser: Browser, dashboard) -> None:
    page = _context_page(browser, "en-US")
    _sign_in(page, dashboard, "board")
    page.goto(f"{dashboard.url}/khong-co-trang-nay")
    _idle(page)
    expect(page.get_by_text("Không có trang “khong-co-trang-nay”", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    assert "Page not found" not in (page.locator("body").text_content() or "")


def test_an_english_browser_sees_table_numbers_in_vietnamese(
    browser: Browser, dashboard, demo_warehouse: Path
) -> None:
    queries = Path(__file__).parents[2] / "dashboard" / "queries"
    (run, *_) = query(demo_warehouse, (queries / "quality_build_runs.sql").read_text().replace("wh.", ""))
    assert run["rows_loaded"] >= 1000  # the build's row count: a number with a thousands separator
    rows = query(demo_warehouse, (queries / "quality_no_deadline.sql").read_text().replace("wh.", ""))
    shared = rows[0]  # the first row of the table: the highest share
    assert 0 < shared["no_deadline_share"] < 1
    with i18n.language("vi"):
        count, share = fmt.number(run["rows_loaded"]), fmt.percent(shared["no_deadline_share"])
    page = _context_page(browser, "en-US")
    _sign_in(page, dashboard, "admin")
    # a grid draws its cells only while it is on screen: a window tall enough for every table of the page,
    # so that none is scrolled past before it has drawn (the build runs' table holds the count, the
    # no-deadline table the share)
    page.set_viewport_size({"width": 1400, "height": 8000})
    page.goto(f"{dashboard.url}/data-quality")
    _idle(page)
    grids = page.locator("[data-testid='stDataFrameResizable']")
    expect(grids.first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(
        f"() => window.__drawn.has({count!r}) && window.__drawn.has({share!r})", timeout=TIMEOUT
    )
    drawn = _drawn(page)
    assert count in drawn and share in drawn  # 12.345 and 15,8%, not the browser's 12,345 and 15.79%
    assert not [text for text in drawn if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+\.\d+%", text)]


def test_cong_thuong_finds_so_cong_thuong_in_the_agency_filter(browser: Browser, dashboard) -> None:
    page = _context_page(browser, "vi-VN")
    _sign_in(page, dashboard, "inspectorate")
    page.goto(f"{dashboard.url}/agencies")
    _idle(page)
    page.get_by_role("textbox", name="Tìm cơ quan").fill("cong thuong")
    assert "Press Enter" not in page.locator("body").inner_text()  # Streamlit's English typing hint
    page.keyboard.press("Enter")
    # the search's answer first, then idle: the rerun starts after the key press (test_overdue_timeline)
    expect(page.get_by_text("khớp «cong thuong»")).to_be_visible(timeout=TIMEOUT)
    _idle(page)
    page.locator(".st-key-agencies_agency [role='combobox']").first.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible(timeout=TIMEOUT)
    texts = [o.text_content() or "" for o in options.all()]
    assert any("Sở Công Thương" in text for text in texts), texts
    assert all("Công Thương" in text for text in texts), texts  # the search narrowed the list
    options.filter(has_text="Sở Công Thương").first.click()
    page.keyboard.press("Escape")
    _idle(page)
    expect(page).to_have_url(re.compile(r"agency=SCT"), timeout=TIMEOUT)
