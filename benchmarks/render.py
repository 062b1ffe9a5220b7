"""Step 7 of `make bench`: first render of three pages in Chromium against `congvu serve` on the new
warehouse."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from benchmarks.launcher import CHROMIUM, CHROMIUM_ARGS, IDLE, VIEWPORT, add_accounts, serving

# (page, title in the navigation) for the browser; the first is the page shown after signing in.
BROWSER_PAGES = [("overview", "Tổng quan"), ("overdue", "Nhiệm vụ quá hạn"), ("agencies", "Cơ quan")]
BROWSER_ROLE, BROWSER_PASSWORD = "home_affairs", "bench-mat-khau"


FIRST_CONTENT = """(title) => {
  const headings = [...document.querySelectorAll('h1')].filter(h => !h.closest('[data-stale="true"]'));
  if (!headings.some(h => h.textContent.trim().startsWith(title))) return false;
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const live = e => !e.closest('[data-stale="true"]') && e.getBoundingClientRect().height > 0;
  const charts = [...main.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg')];
  const tables = [...main.querySelectorAll(
    '[data-testid="stDataFrame"] canvas, [data-testid="stTable"] table')];
  return charts.concat(tables).some(live);
}"""


def browser_render(db: Path, folder: Path) -> list[dict]:
    """`congvu serve` on the warehouse; sign in as home_affairs; for each page the seconds from the
    navigation (sign-in button, then sidebar link) to its first chart or table drawn, and to idle."""
    from playwright.sync_api import sync_playwright

    work = folder / "serve"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    add_accounts(work / "users.toml", {BROWSER_ROLE: BROWSER_PASSWORD})
    results = []
    with (
        serving(db, work / "users.toml", work / "audit.jsonl", work / "serve.log") as url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=VIEWPORT, locale="vi-VN").new_page()
        page.goto(url)
        page.get_by_role("textbox", name="Tên đăng nhập").fill(BROWSER_ROLE)
        page.get_by_role("textbox", name="Mật khẩu").fill(BROWSER_PASSWORD)
        for i, (name, title) in enumerate(BROWSER_PAGES):
            started = time.perf_counter()
            if i == 0:
                page.get_by_role("button", name="Đăng nhập").click()
            else:
                link = page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(title, exact=True))
                link.click()
            page.wait_for_function(FIRST_CONTENT, arg=title, timeout=120_000)
            first = time.perf_counter() - started
            page.wait_for_function(IDLE, timeout=120_000)
            idle = time.perf_counter() - started
            errors = page.get_by_test_id("stException").count()
            page.screenshot(path=str(folder / f"render-{name}.png"))
            results.append({"page": name, "first_content_s": first, "idle_s": idle, "exceptions": errors})
        browser.close()
    return results
