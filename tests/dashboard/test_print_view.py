"""The print view ("Bản in", dashboard/printing.py): every table of a page is a static table of all the rows
the page shows, in the page's formats, and pages whose tables take a click (a selection) still run. Real
app (AppTest), demo warehouse; the printout itself is checked in Chromium (tests/browser/test_print.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import query
from tests.dashboard.test_pages import ALL_TIME, open_page


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


def test_the_print_view_draws_every_row_as_a_static_table_in_the_pages_formats(demo) -> None:
    expected = query(
        demo["db"],
        "select action_id, decided_on from discipline_periods where decided_on <= '2025-12-31' "
        "and (effect_ends_on is null or effect_ends_on >= '2025-01-01')",
    )
    at = open_page("inspectorate", "discipline", print_view=True, query={"period": "2025"})
    assert len(at.dataframe) == 0  # no canvas grid
    (printed,) = [element.value for element in at.table]
    assert sorted(printed["Số quyết định"]) == sorted(r["action_id"] for r in expected)
    assert set(printed["Ngày quyết định"]) == {r["decided_on"].strftime("%d/%m/%Y") for r in expected}
    assert set(printed["Đang có hiệu lực"]) <= {"Có", "Không"}


@pytest.mark.parametrize(
    ("role", "page"),
    [("inspectorate", "overdue"), ("inspectorate", "shifting"), ("home_affairs", "personnel"),
     ("board", "commendation"), ("board", "to-decide")],
)  # fmt: skip
def test_pages_with_selectable_tables_print_without_a_grid(demo, role: str, page: str) -> None:
    at = open_page(role, page, print_view=True, query={"period": ALL_TIME})
    assert len(at.table) > 0
    assert len(at.dataframe) == 0


def test_the_screen_keeps_its_grids_without_the_print_view(demo) -> None:
    at = open_page("inspectorate", "discipline", query={"period": "2025"})
    assert len(at.dataframe) == 1 and len(at.table) == 0
