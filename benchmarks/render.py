"""Step 7 of `make bench`: first render of every page (dashboard.access.PAGES) in Chromium against
`congvu serve` on the new warehouse."""

from __future__ import annotations

import shutil
import time
import urllib.parse
from pathlib import Path

from benchmarks.common import say
from benchmarks.launcher import CHROMIUM, CHROMIUM_ARGS, IDLE, VIEWPORT, add_accounts, serving
from benchmarks.pages import detail_ids, view_role

BROWSER_ROLE, BROWSER_PASSWORD = "home_affairs", "bench-mat-khau"
TIMEOUT_MS = 120_000

# the page's title (h1) drawn, and under it a chart, a table, a metric or a notice (an empty state), not stale
FIRST_CONTENT = """(title) => {
  const headings = [...document.querySelectorAll('h1')].filter(h => !h.closest('[data-stale="true"]'));
  if (!headings.some(h => h.textContent.trim().startsWith(title))) return false;
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const live = e => !e.closest('[data-stale="true"]') && e.getBoundingClientRect().height > 0;
  const shown = [...main.querySelectorAll(
    '[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDataFrame"] canvas, '
    + '[data-testid="stTable"] table, [data-testid="stMetric"], [data-testid="stAlert"]')];
  return shown.some(live);
}"""


def pages_to_render(pages: list[str] | None = None) -> list[str]:
    """Every page of dashboard.access.PAGES, in its order (or the `pages` asked for, which must be pages)."""
    from dashboard.access import PAGES

    unknown = [p for p in pages or [] if p not in PAGES]
    if unknown:
        raise ValueError(f"not pages of dashboard.access.PAGES: {unknown}")
    return list(PAGES) if pages is None else list(pages)


def browser_render(db: Path, folder: Path, pages: list[str] | None = None) -> list[dict]:
    """`congvu serve` on the warehouse; for each page of dashboard.access.PAGES (or `pages`), signed in as the
    first role that may see it, the seconds from opening its address (a detail page with a real id) to its
    first chart, table, metric or notice drawn, and to idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from dashboard.access import PAGES

    chosen = pages_to_render(pages)
    ids = detail_ids(db)
    roles = {page: view_role(page) for page in chosen}
    work = folder / "serve"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    add_accounts(work / "users.toml", {role: BROWSER_PASSWORD for role in set(roles.values())})
    results = []
    with (
        serving(db, work / "users.toml", work / "audit.jsonl", work / "serve.log") as url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for role in dict.fromkeys(roles.values()):
            context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
            page = context.new_page()
            page.goto(url)
            page.get_by_role("textbox", name="Tên đăng nhập").fill(role)
            page.get_by_role("textbox", name="Mật khẩu").fill(BROWSER_PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            # signed in once the menu is drawn (the sign-in sets its cookie through a redirect first)
            page.get_by_test_id("stSidebarNavLink").first.wait_for(timeout=120_000)
            page.wait_for_function(IDLE, timeout=120_000)
            for name in (p for p in chosen if roles[p] == role):
                query = urllib.parse.urlencode(ids.get(name, {}))
                started = time.perf_counter()
                page.goto(f"{url}/{name}" + (f"?{query}" if query else ""))
                try:
                    page.wait_for_function(FIRST_CONTENT, arg=PAGES[name].title_vi, timeout=TIMEOUT_MS)
                    first = time.perf_counter() - started
                    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
                    idle = time.perf_counter() - started
                except (
                    PlaywrightTimeout
                ):  # reported as not drawn within the timeout; the next page still runs
                    first = idle = float("nan")
                errors = page.get_by_test_id("stException").count()
                page.screenshot(path=str(folder / f"render-{name}.png"))
                found = {
                    "page": name,
                    "role": role,
                    "first_content_s": first,
                    "idle_s": idle,
                    "exceptions": errors,
                }
                say(f"  {name:15} first content {first:.2f} s, idle {idle:.2f} s, exceptions {errors}")
                results.append(found)
            context.close()
        browser.close()
    return results
