"""The five jobs of issue 12, done as a user would in Debian's chromium against `congvu serve`: sign in as the
role, open the page from the menu, filter, click through to the record, download where the job ends in a
file. Prints one row per job: job, role, clicks, seconds, result (and the load average the seconds depend on).

    python -m benchmarks.jobs                  # on data/demo/warehouse.duckdb (`make demo` builds it)
    python -m benchmarks.jobs --screenshots    # also refreshes docs/screenshots/{task,agency,official}.png

A click is a mouse click or an Enter that picks a filter option (what a user does with a hand); typing a code
into a filter's search box is not counted. Each job starts from the sign-in form in a fresh browser context,
and its seconds run from the first page load to its result on screen (or its file downloaded). The timings
are printed, never asserted: tests/browser/test_jobs.py runs the same job functions and asserts only that
each reaches its result.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.launcher import CHROMIUM, CHROMIUM_ARGS, IDLE, ROOT, VIEWPORT, add_accounts, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

TIMEOUT = 60_000
SCREENSHOTS = ROOT / "docs" / "screenshots"
ROLES = ("inspectorate", "home_affairs", "board", "admin")
CODE = re.compile(r"\(([^()]+)\)\s*$")


@dataclass
class Result:
    """What a job ended with: a sentence for the table and the number of records it found (rows, people)."""

    text: str
    found: int
    task_id: str | None = None  # the record a job opened, for the screenshots
    agency_id: str | None = None


@dataclass
class Outcome:
    job: str
    role: str
    clicks: int
    seconds: float
    result: Result


# Counts the script runs that end from now on: a change of the app's script state away from "running". A
# widget's change is answered by a rerun that starts a moment later — waiting for "idle" alone may see the
# idle state from before it; waiting for one finished run, then idle, may not.
ARM_RUNS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.congvuRuns = 0;
  if (window.congvuObserver) window.congvuObserver.disconnect();
  window.congvuObserver = new MutationObserver(records => {
    for (const r of records) if (r.oldValue === 'running') window.congvuRuns += 1;
  });
  window.congvuObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state'],
                                      attributeOldValue: true});
}"""


class User:
    """A person at the browser: counts the clicks, waits like a person waits (for the page to settle)."""

    def __init__(self, page: Page, url: str) -> None:
        self.page, self.url, self.clicks = page, url, 0

    def click(self, target: Locator) -> None:
        target.click(timeout=TIMEOUT)
        self.clicks += 1

    def idle(self) -> None:
        self.page.wait_for_function(IDLE, timeout=TIMEOUT)

    def arm(self) -> None:
        """Before an action that reruns the page: start counting the runs that end."""
        self.page.evaluate(ARM_RUNS)

    def rerun_done(self) -> None:
        """After such an action: one run ended since `arm`, and the page is idle."""
        self.page.wait_for_function("() => window.congvuRuns > 0", timeout=TIMEOUT)
        self.idle()

    def sign_in(self, role: str, password: str) -> None:
        from playwright.sync_api import expect

        page = self.page
        page.goto(self.url)
        page.get_by_role("textbox", name="Tên đăng nhập").fill(role)
        page.get_by_role("textbox", name="Mật khẩu").fill(password)
        with page.expect_navigation(timeout=TIMEOUT):  # the full page load that sets the session cookie
            self.click(page.get_by_role("button", name="Đăng nhập"))
        expect(page.get_by_role("heading", name="Tổng quan", level=1)).to_be_visible(timeout=TIMEOUT)
        self.idle()

    def open(self, title: str) -> None:
        """A page from the menu."""
        from playwright.sync_api import expect

        page = self.page
        self.click(page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(title, exact=True)))
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=TIMEOUT)
        self.idle()
        expect(page.get_by_test_id("stException")).to_have_count(0)

    def pick(self, key: str, *options: str) -> None:
        """Options of the multiselect with that widget key. A long list has a search box above it (matched
        on the server, without diacritics): the option's text typed there and Enter (typing is not a
        click); then the list opened from the keyboard and the option clicked (one click each)."""
        page = self.page
        search = page.locator(f".st-key-{key}_search input")
        box = page.locator(f".st-key-{key} [role='combobox']")
        for option in options:
            searched = search.count() > 0
            if searched:
                search.fill(option)
                self.arm()
                search.press("Enter")
                self.rerun_done()
            box.focus()
            self.arm()
            if searched:
                # the search left the option first in the list: open it and take it in one go (Enter picks
                # the highlighted option), no moment in which a rerun of the page could close the list
                box.press("ArrowDown")
                box.press("Enter")
                self.clicks += 1
            else:
                box.press("ArrowDown")  # opens the list
                choice = page.get_by_role("option", name=option).first
                choice.wait_for(timeout=TIMEOUT)
                self.click(choice)
            self.rerun_done()
            page.keyboard.press("Escape")
            self.idle()

    def metrics(self) -> dict[str, int]:
        """The KPI cards on screen: label → value (numbers written 1.234)."""
        cards = {}
        for card in self.page.get_by_test_id("stMetric").all():
            label = card.get_by_test_id("stMetricLabel").inner_text().strip()
            value = card.get_by_test_id("stMetricValue").inner_text().strip()
            digits = re.sub(r"[^\d]", "", value)
            if digits:
                cards[label] = int(digits)
        return cards

    def bars(self, key: str) -> list[tuple[str, float]]:
        """The categories of a horizontal bar chart with their whole length (stacked parts summed), longest
        first — what the reader sees from the bars."""
        data = self.page.locator(f".st-key-{key} .js-plotly-plot").first.evaluate(
            "plot => plot.data.filter(t => t.type === 'bar').map(t => [t.y, t.x])"
        )
        totals: dict[str, float] = {}
        for ys, xs in data:
            for y, x in zip(ys, xs, strict=True):
                totals[y] = totals.get(y, 0) + (x or 0)
        return sorted(totals.items(), key=lambda item: -item[1])

    def table_rows(self, table_key: str) -> int:
        """The rows of a table, as its grid reports them (header row excluded)."""
        grid = self.page.locator(f".st-key-{table_key} table[role=grid]").first
        grid.wait_for(state="attached", timeout=TIMEOUT)
        return int(grid.get_attribute("aria-rowcount") or 1) - 1

    def first_row(self, table_key: str) -> None:
        """Ticks the first row of a selectable table (the row marker left of the canvas grid)."""
        grid = self.page.locator(f".st-key-{table_key} [data-testid='stDataFrameResizable']").first
        grid.wait_for(timeout=TIMEOUT)
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box is not None
        self.arm()
        self.page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # header 35 px, first row 35 px high
        self.clicks += 1
        self.rerun_done()


def _text(vi_key: str) -> str:
    from dashboard.page_text import VI

    return VI[vi_key]


def _code(label: str) -> str:
    match = CODE.search(label)
    return match.group(1) if match else label


# --- the five jobs ------------------------------------------------------------------------------------------


def shifting_agencies(user: User) -> Result:
    """(a) The three agencies that push work around most this year, and the hand-over chain of their worst
    tasks: the shifting page (this year by default), its chart of flags per agency, the three longest bars as
    the agency filter, the "worst tasks" tab, the first task opened on its own page."""
    from playwright.sync_api import expect

    page = user.page
    user.open("Đùn đẩy trách nhiệm")
    top = [_code(name) for name, _ in user.bars("shifting_flags_chart")[:3]]
    user.pick("shifting_agency", *top)
    user.click(page.get_by_role("tab", name=_text("shifting.worst")))
    user.idle()
    tasks = user.table_rows("shifting_worst_table")
    user.first_row("shifting_worst_table")
    opener = page.get_by_role("button", name=re.compile(r"^Mở nhiệm vụ "))
    expect(opener).to_be_visible(timeout=TIMEOUT)
    task_id = (opener.inner_text().split() or [""])[-1]
    user.click(opener)
    expect(page.get_by_role("heading", name=re.compile(re.escape(task_id)))).to_be_visible(timeout=TIMEOUT)
    user.idle()
    expect(page.locator(".st-key-task_custody_chart .js-plotly-plot")).to_be_visible(timeout=TIMEOUT)
    holders = len(user.bars("task_custody_chart"))
    handovers = user.metrics().get(_text("col.handovers"), 0)
    return Result(
        f"{', '.join(top)}; {tasks} tasks ranked; worst {task_id}: {handovers} hand-overs "
        f"between {holders} agencies",
        found=tasks,
        task_id=task_id,
        agency_id=top[0] if top else None,
    )


def late_consultations(user: User) -> Result:
    """(b) Late or evasive consultations and by whom: the consultations page (this year), the late statuses
    as filter; the KPIs count them and the evasive answers, the chart names the agencies asked."""
    user.open("Xin ý kiến")
    user.pick("consultations_status", _text("cstatus.answered_late"), _text("cstatus.unanswered_overdue"))
    cards = user.metrics()
    late = cards.get(_text("consultations.kpi_total"), 0)
    evasive = cards.get(_text("consultations.kpi_evasive"), 0)
    by_whom = [f"{_code(name)} {int(n)}" for name, n in user.bars("consultations_chart")[:3]]
    return Result(f"{late} late, {evasive} of them evasive; most: {', '.join(by_whom)}", found=late)


def replacement_list(user: User) -> Result:
    """(c) Officials to consider for replacement, as a list for the Director: the personnel review, severity
    high, downloaded as XLSX."""
    import openpyxl

    page = user.page
    user.open("Rà soát nhân sự")
    user.pick("personnel_severity", _text("severity.high"))
    shown = user.metrics().get(_text("personnel.kpi_total"), 0)
    link = page.locator(".st-key-personnel_list_xlsx a")
    with page.expect_download(timeout=TIMEOUT) as download_info:
        user.click(link)
    download = download_info.value
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    sheet = book.worksheets[0]
    names = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    # the rows under the header row that holds "Cán bộ, công chức" (a title block may come first)
    header = next((i for i, row in enumerate(names) if _text("col.official") in [str(v) for v in row]), 0)
    people = len(names) - header - 1
    return Result(f"{people} officials in {download.suggested_filename} (page: {shown})", found=people)


def commendation_list(user: User) -> Result:
    """(d) The proposal list for Chiến sĩ thi đua cơ sở and Lao động tiên tiến, and who is excluded and why:
    the commendation page, the two titles; the KPIs count each title's proposals; the standing "not
    eligible" lists who is excluded, the first with the criteria missed."""
    page = user.page
    user.open("Thi đua, khen thưởng")
    base, advanced = "Chiến sĩ thi đua cơ sở", "Lao động tiên tiến"
    user.pick("commendation_title", base, advanced)
    cards = user.metrics()
    proposed = {base: cards.get(base, 0), advanced: cards.get(advanced, 0)}
    user.pick("commendation_standing", _text("standing.not_eligible"))
    excluded = user.metrics().get(_text("commendation.kpi_candidates"), 0)
    user.first_row("commendation_table")
    # the chosen candidate's grounds: the criteria missed, as bullets under their heading
    heading = page.get_by_text(_text("col.criteria_missed"), exact=True).last
    heading.wait_for(timeout=TIMEOUT)
    bullets = heading.locator(
        "xpath=ancestor::div[@data-testid='stElementContainer'][1]/following-sibling::div[1]"
    )
    why = " ".join((bullets.inner_text(timeout=TIMEOUT) or "").split())[:70]
    return Result(
        f"{base}: {proposed[base]}, {advanced}: {proposed[advanced]}; excluded {excluded}"
        + (f" (first: {why}…)" if why else ""),
        found=proposed[base] + proposed[advanced] + excluded,
    )


def personnel_viewers(user: User) -> Result:
    """(e) Who looked at the personnel list this week: the audit page, page "Rà soát nhân sự", action page
    view (the log's days, all of this week on a fresh server, are the default period)."""
    page = user.page
    user.open("Nhật ký truy cập")
    user.pick("audit_pages", "Rà soát nhân sự")
    user.pick("audit_actions", "xem trang")
    caption = page.get_by_text(re.compile(r"^\d[\d.]* sự kiện$")).first.inner_text()
    views = int(re.sub(r"\D", "", caption))
    cells = page.get_by_test_id("stDataFrame").first.text_content(timeout=TIMEOUT) or ""
    who = sorted(role for role in ROLES if role in cells)
    return Result(f"{views} views by {', '.join(who) or 'nobody'}", found=views)


@dataclass(frozen=True)
class Job:
    name: str
    role: str
    run: Callable[[User], Result]


JOBS = [
    Job("a. agencies shifting work, worst tasks' chains", "inspectorate", shifting_agencies),
    Job("b. late or evasive consultations, by whom", "inspectorate", late_consultations),
    Job("c. officials to consider for replacement (XLSX)", "home_affairs", replacement_list),
    Job("d. proposals CSTĐCS + LĐTT, who is excluded", "board", commendation_list),
    Job("e. who looked at the personnel list", "admin", personnel_viewers),
]


def run_job(browser: Browser, url: str, password: str, job: Job) -> Outcome:
    """One job in a fresh browser context, from the sign-in form to its result."""
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", accept_downloads=True)
    try:
        user = User(context.new_page(), url)
        started = time.perf_counter()
        user.sign_in(job.role, password)
        result = job.run(user)
        return Outcome(job.name, job.role, user.clicks, time.perf_counter() - started, result)
    finally:
        context.close()


def take_screenshots(browser: Browser, url: str, password: str, task_id: str, folder: Path) -> list[Path]:
    """The task, agency and official pages of the Inspectorate, for the README: a task the jobs opened, its
    owner agency and its lead official — each reached by its link, on a tall viewport that holds the page."""
    from playwright.sync_api import expect

    from dashboard.access import PAGES

    context = browser.new_context(viewport={"width": 1400, "height": 2000}, locale="vi-VN")
    written = []
    try:
        user = User(context.new_page(), url)
        user.sign_in("inspectorate", password)
        page = user.page
        page.goto(f"{url}/task?id={task_id}")
        expect(page.get_by_role("heading", name=re.compile(re.escape(task_id)))).to_be_visible(
            timeout=TIMEOUT
        )
        user.idle()
        expect(page.locator(".st-key-task_custody_chart .js-plotly-plot")).to_be_visible(timeout=TIMEOUT)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("task", "agency", "official"):
            if name != "task":  # the task page's links to its owner agency and its lead official
                page.goto(f"{url}/task?id={task_id}")
                user.idle()
                target = page.get_by_test_id("stPageLink").locator(f"a[href*='{name}?id=']").first
                target.wait_for(timeout=TIMEOUT)
                target.click()
                page.wait_for_url(re.compile(rf"/{name}\?id="), timeout=TIMEOUT)
                expect(page.get_by_role("heading", name=PAGES[name].title_vi, level=1)).to_be_visible(
                    timeout=TIMEOUT
                )
                user.idle()
            path = folder / f"{name}.png"
            page.screenshot(path=str(path))
            written.append(path)
    finally:
        context.close()
    return written


def run_all(url: str, passwords: dict[str, str], browser: Browser) -> list[Outcome]:
    return [run_job(browser, url, passwords[job.role], job) for job in JOBS]


def table(outcomes: list[Outcome]) -> str:
    rows = [("job", "role", "clicks", "seconds", "result")]
    rows += [(o.job, o.role, str(o.clicks), f"{o.seconds:.1f}", o.result.text) for o in outcomes]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [" | ".join([*(row[i].ljust(widths[i]) for i in range(4)), row[4]]) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths) + "-+-" + "-" * 6)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m benchmarks.jobs", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "demo" / "warehouse.duckdb")
    parser.add_argument(
        "--screenshots", action="store_true", help="refresh docs/screenshots/{task,agency,official}.png"
    )
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} does not exist: `make demo` builds the demo warehouse")
    if not CHROMIUM.exists():
        parser.error(f"{CHROMIUM} is absent: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="congvu-jobs-") as folder:
        work = Path(folder)
        passwords = {role: secrets.token_urlsafe(12) for role in ROLES}
        add_accounts(work / "users.toml", passwords)
        with (
            serving(args.db, work / "users.toml", work / "audit.jsonl", work / "serve.log") as url,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            load = os.getloadavg()
            outcomes = run_all(url, passwords, browser)
            load_after = os.getloadavg()
            print(table(outcomes))
            print(
                f"load average (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} before, "
                f"{load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} after; {os.cpu_count()} cores"
            )
            task_id = outcomes[0].result.task_id
            if args.screenshots and task_id:
                for path in take_screenshots(browser, url, passwords["inspectorate"], task_id, SCREENSHOTS):
                    print(f"wrote {path.relative_to(ROOT)}")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
