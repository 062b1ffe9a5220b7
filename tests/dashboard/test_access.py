"""The role → page map is exactly the one of the issue, and every page is described once."""

from __future__ import annotations

import pytest

from dashboard.access import PAGES, ROLE_PAGES, ROLES, SECTIONS_OF_DETAIL, can_view, pages_for, section_page

DETAIL = {"task", "agency", "official"}
ALL_BUT_AUDIT = {"overview", "overdue", "shifting", "agencies", "officials", "consultations", "inspections",
                 "inspection-risk", "gaming-signals", "discipline", "grading", "personnel", "commendation",
                 "to-decide",
                 "data-quality"} | DETAIL  # fmt: skip
EXPECTED = {
    "home_affairs": ALL_BUT_AUDIT,
    "inspectorate": ALL_BUT_AUDIT - {"grading", "commendation"},
    # "to-decide": what each deciding role has still to decide; the admin decides nothing
    "board": {
        "overview",
        "agencies",
        "grading",
        "commendation",
        "to-decide",
        "data-quality",
        "agency",
        "official",
    },
    "admin": {"overview", "data-quality", "audit"},
}


def test_url_paths_are_the_contracts() -> None:
    assert list(PAGES) == [
        "overview", "overdue", "shifting", "agencies", "officials", "consultations", "inspections",
        "inspection-risk", "gaming-signals", "discipline", "grading", "personnel", "commendation",
        "to-decide", "data-quality", "audit", "task", "agency", "official",
    ]  # fmt: skip
    assert all(spec.url_path == name for name, spec in PAGES.items())


def test_role_pages_match_the_issue() -> None:
    assert set(ROLES) == set(EXPECTED) == set(ROLE_PAGES)
    for role, pages in EXPECTED.items():
        assert set(ROLE_PAGES[role]) == pages, role
        assert len(ROLE_PAGES[role]) == len(pages), f"{role}: a page listed twice"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_can_view_every_pair(role: str, page: str) -> None:
    assert can_view(role, page) is (page in EXPECTED[role])


def test_unknown_role_and_anonymous_see_nothing() -> None:
    assert not any(can_view(None, page) for page in PAGES)
    assert not any(can_view("superuser", page) for page in PAGES)
    assert not can_view("admin", "no-such-page")


def test_pages_that_name_people_are_audited_ones() -> None:
    assert {name for name, spec in PAGES.items() if spec.names_people} == {
        "officials", "discipline", "personnel", "commendation", "shifting", "gaming-signals",
        "to-decide", "task", "official",
    }  # fmt: skip


def test_page_files_are_one_per_page_in_audience_folders() -> None:
    files = [spec.file for spec in PAGES.values()]
    assert len(set(files)) == len(files)
    for spec in PAGES.values():
        assert spec.file.startswith(f"app_pages/{spec.audience}/"), spec
        assert spec.title_vi and spec.title_en
    assert [spec.url_path for spec in pages_for("admin")] == ["overview", "data-quality", "audit"]


def test_detail_pages_are_hidden_from_the_menu_and_the_list_pages_are_not() -> None:
    assert {name for name, spec in PAGES.items() if spec.hidden} == DETAIL


# what each role sees of the detail pages: a section only where the role sees the list it comes from
SECTIONS_SEEN = {
    "home_affairs": set(SECTIONS_OF_DETAIL),
    "inspectorate": set(SECTIONS_OF_DETAIL) - {"official.candidacy"},
    "board": {"agency.record", "official.record", "official.ratings", "official.candidacy"},
    "admin": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_detail_page_sections_follow_the_list_pages_of_the_role(role: str) -> None:
    seen = {name for name in SECTIONS_OF_DETAIL if section_page(role, name) is not None}
    assert seen == SECTIONS_SEEN[role]
    for name in seen:  # the section's data is read on behalf of a page the role may see
        assert can_view(role, section_page(role, name))
    # a role reaches a detail page only when it sees at least one of its sections
    for page in DETAIL:
        assert can_view(role, page) is any(s.startswith(f"{page}.") for s in seen), (role, page)
