"""Vietnamese throughout (issue 12, point 4), the parts AppTest and plain calls can hold: our own list
widgets (no English placeholder, no "Select all", no typing that ends in "No results"), the search without
diacritics, table numbers in the interface's language, the app menu off, a path naming no page redirected,
and the note that generated texts stay Vietnamese on every page that shows them in English mode.
The real-browser side is tests/browser/test_vietnamese_screens.py."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode

from dashboard import filters, i18n, server, tables, web
from dashboard.page_text import EN
from tests.dashboard.test_pages import open_page

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


def test_search_finds_agencies_without_diacritics() -> None:
    assert filters.fold("Sở Công Thương") == "so cong thuong"
    assert filters.fold("  UBND  đặc khu Bạch Long Vĩ ") == "ubnd dac khu bach long vi"
    assert filters.matches("cong thuong", "Sở Công Thương (SCT)")
    assert filters.matches("Công Thương", "Sở Công Thương (SCT)")  # typed with accents too
    assert filters.matches("thuong cong", "Sở Công Thương (SCT)")  # every word, in any order
    assert filters.matches("dac khu", "UBND đặc khu Bạch Long Vĩ (DK-BLV)")
    assert not filters.matches("cong an", "Sở Công Thương (SCT)")


def test_every_list_goes_through_the_filters_module() -> None:
    """st.multiselect/st.selectbox speak English (placeholders, "Select all", "No results") and search
    with exact diacritics: pages use filters.multiselect/select/date_range instead."""
    offenders = [
        f"{path.relative_to(DASHBOARD)}:{number}"
        for path in sorted(DASHBOARD.rglob("*.py"))
        if path.name != "filters.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bst\.(multiselect|selectbox)\(", line)
    ]
    assert offenders == []


def test_table_numbers_are_written_in_the_interface_language() -> None:
    df = pd.DataFrame(
        {
            "tasks_total": [1078, 986, None],
            "on_time_rate": [0.8682, 0.2, None],
            "cap_ratio": [0.2, 0.25, 0.3],
            "year": [2026, 2026, 2025],
            "agency_id": ["A", "B", "C"],
        }
    )
    for language, expected in (
        ("vi", {"tasks_total": ["1.078", "986", ""], "on_time_rate": ["86,8%", "20,0%", ""]}),
        ("en", {"tasks_total": ["1,078", "986", ""], "on_time_rate": ["86.8%", "20.0%", ""]}),
    ):
        with i18n.language(language):
            texts = tables.number_texts(df)
            for column, values in expected.items():
                assert [texts[column](v) for v in df[column]] == values
            assert [texts["cap_ratio"](v) for v in df["cap_ratio"]][0] in ("20,0%", "20.0%")  # not 0,2
            assert texts["year"](2026) == "2026"  # a year is not 2.026
            assert "agency_id" not in texts


def test_the_app_menu_is_not_offered() -> None:
    command = server.streamlit_command(8501, "127.0.0.1")
    assert command[command.index("--client.toolbarMode") + 1] == "minimal"


def test_a_path_naming_no_page_is_sent_to_the_first_page_with_our_message() -> None:
    def scope(path: str, accept: bytes = b"text/html,application/xhtml+xml") -> dict:
        return {"type": "http", "method": "GET", "path": path, "headers": [(b"accept", accept)]}

    answer = web._missing_page(scope("/khong-co"), "khong-co")
    assert answer is not None and answer.headers["location"] == "/?missing=khong-co"
    for path in ("/static/js/index.js", "/_stcore/health", "/favicon.png", "/sign-in", "/"):
        assert web._missing_page(scope(path), path.strip("/")) is None
    assert web._missing_page(scope("/khong-co", b"application/json"), "khong-co") is None


def test_the_first_pages_own_path_goes_to_the_root_with_its_filters() -> None:
    # st.navigation serves its first page at "/" only: "/overview" drew Streamlit's "Page not found" over it
    def scope(query: bytes = b"", accept: bytes = b"text/html") -> dict:
        return {"type": "http", "method": "GET", "path": "/overview", "headers": [(b"accept", accept)],
                "query_string": query}  # fmt: skip

    assert web.DEFAULT_PAGE == "overview"
    answer = web._to_root(scope(b"period=2025"))
    assert answer is not None and answer.headers["location"] == "/?period=2025"
    assert web._to_root(scope()).headers["location"] == "/"  # type: ignore[union-attr]
    assert web._to_root(scope(accept=b"application/json")) is None


def test_lists_on_a_page_have_vietnamese_placeholders_no_select_all_and_no_typing(demo) -> None:
    at = open_page("inspectorate", "overdue")
    assert at.multiselect and at.selectbox
    for widget in [*at.multiselect, *at.selectbox]:
        assert widget.proto.filter_mode == SelectWidgetFilterMode.FILTER_MODE_NONE, widget.label
    for widget in at.multiselect:
        assert widget.proto.HasField("select_all") and widget.proto.select_all == 0, widget.label  # never
        assert widget.proto.placeholder == "Tất cả"
    for widget in at.selectbox:
        assert widget.proto.placeholder in ("", "Chọn…"), widget.label  # "" only where a value is set
    # the agency list is long: our search box, matched on the server without diacritics
    at.text_input(key="overdue_agency_search").input("cong thuong").run()
    names = list(at.multiselect(key="overdue_agency").options)
    assert names and all("Công Thương" in name for name in names), names


# the pages that showed evidence or reasons in English mode without the note (task, shifting, consultations,
# personnel and commendation had it already)
@pytest.mark.parametrize(
    ("page", "query"),
    [("to-decide", {}), ("gaming-signals", {}), ("inspection-risk", {}), ("agency", {"id": "SCT"})],
)
def test_english_mode_says_generated_texts_are_vietnamese_records(demo, page: str, query: dict) -> None:
    at = open_page("inspectorate", page, query=query, lang="en")
    note = EN["grounds.vietnamese_record"]
    assert note in [c.value for c in at.caption], page
