"""Browser journey: from a shifting flag to its task's page, and on to the owner agency and the lead official,
all in the signed-in session; the table's code cells are links to `/task?id=…`. Screenshots of the three pages
go to test-artifacts/screenshots/ (copied to docs/screenshots/ for the README)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_overdue_timeline import TIMEOUT, _idle
from tests.builders import query


def _sign_in(page: Page, dashboard, role: str) -> None:
    page.goto(dashboard.url)
    page.get_by_role("textbox", name="Tên đăng nhập").fill(role)
    page.get_by_role("textbox", name="Mật khẩu").fill(dashboard.passwords[role])
    # the tab is signed in at once, then a full page load through /_congvu/session sets the cookie: going
    # anywhere before that load has ended races with it (net::ERR_ABORTED, or a click lost in the reload)
    with page.expect_navigation(timeout=TIMEOUT):
        page.get_by_role("button", name="Đăng nhập").click()
    _idle(page)


def _select_first_row(page: Page, table_key: str) -> None:
    """Ticks the first row of a `single-row` table (the row marker at the left of the canvas grid)."""
    grid = page.locator(f".st-key-{table_key} [data-testid='stDataFrameResizable']").first
    expect(grid).to_be_visible(timeout=TIMEOUT)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # header 35 px, first row 35 px high
    _idle(page)


def test_a_flag_leads_to_its_task_page_and_on_to_the_agency_and_official(
    page: Page, dashboard, demo_warehouse: Path, screenshots: Path
) -> None:
    (flag,) = query(
        demo_warehouse,
        "select flag_id, task_id, occurred_on from shifting_flags where occurred_on >= '2026-01-01' "
        "and task_id is not null order by occurred_on desc nulls last, flag_id limit 1",
    )
    (task,) = query(
        demo_warehouse,
        "select t.*, a.name as owner_name, o.full_name as lead_name from task_status t "
        "join stg_agencies a on a.agency_id = t.owner_agency_id "
        "left join stg_officials o on o.official_id = t.lead_official_id where t.task_id = $t",
        {"t": flag["task_id"]},
    )
    _sign_in(page, dashboard, "inspectorate")
    page.set_viewport_size({"width": 1400, "height": 2000})  # tall: the screenshots hold the whole page
    page.get_by_role("link", name="Đùn đẩy trách nhiệm").click()
    expect(page.get_by_role("heading", name="Đùn đẩy trách nhiệm")).to_be_visible(timeout=TIMEOUT)
    _idle(page)
    # the newest flag of the year is the table's first row; its code cell is a link to the task's page
    expect(page.locator(".st-key-shifting_flags_table")).to_contain_text(flag["task_id"], timeout=TIMEOUT)
    _select_first_row(page, "shifting_flags_table")
    opener = page.get_by_role("button", name=f"Mở nhiệm vụ {flag['task_id']}")
    expect(opener).to_be_visible(timeout=TIMEOUT)
    opener.click()

    expect(page.get_by_role("heading", name=re.compile(re.escape(flag["task_id"])))).to_be_visible(
        timeout=TIMEOUT
    )
    expect(page).to_have_url(re.compile(rf"/task\?id={flag['task_id']}$"), timeout=TIMEOUT)
    _idle(page)
    expect(page.get_by_role("heading", name="Ai giữ nhiệm vụ, khi nào")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".st-key-task_custody_chart .js-plotly-plot")).to_be_visible(timeout=TIMEOUT)
    flags = page.locator('[data-testid="stDataFrame"]').last
    flags.scroll_into_view_if_needed()
    # the flag is listed on its task, dated dd/mm/yyyy (the grid's cells are in its accessible table)
    expect(flags).to_contain_text(flag["occurred_on"].strftime("%d/%m/%Y"), timeout=TIMEOUT)
    page.mouse.wheel(0, -10_000)
    page.screenshot(path=str(screenshots / "task.png"))

    # on to the lead official, then back and on to the owner agency — links inside the session
    if task["lead_official_id"]:
        page.get_by_role("link", name=f"{task['lead_name']} ({task['lead_official_id']})").click()
        expect(page.get_by_role("heading", name="Kết quả thực hiện nhiệm vụ")).to_be_visible(timeout=TIMEOUT)
        expect(page).to_have_url(re.compile(rf"/official\?id={task['lead_official_id']}$"), timeout=TIMEOUT)
        _idle(page)
        expect(page.get_by_role("heading", name="Kỷ luật")).to_be_visible(timeout=TIMEOUT)
        page.screenshot(path=str(screenshots / "official.png"))
        page.go_back()
        _idle(page)
    page.get_by_role("link", name=f"{task['owner_name']} ({task['owner_agency_id']})").first.click()
    expect(page.get_by_role("heading", name="Kết quả theo quý")).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(rf"/agency\?id={task['owner_agency_id']}"), timeout=TIMEOUT)
    _idle(page)
    expect(page.get_by_text("Kỳ: Năm 2026 (01/01/2026 – 27/11/2026)")).to_be_visible(timeout=TIMEOUT)
    page.screenshot(path=str(screenshots / "agency.png"))
