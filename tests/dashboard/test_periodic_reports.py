"""The three periodic reports of `congvu report`, downloadable as .docx from the pages of the roles that may
see them (dashboard/access.py REPORT_PAGES), made on request and audited before the bytes leave. Real app
(AppTest) on the demo warehouse; a link is followed as the browser's request would be (dashboard.delivery)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from dashboard import audit
from dashboard.access import REPORT_PAGES, reports_for
from dashboard.delivery import deliver
from tests.dashboard.test_pages import open_page

LINK = re.compile(r'href="/_congvu/download/([^"]+)" download="([^"]+)"[^>]*data-key="([^"]+)"')


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


def report_links(at) -> dict[str, tuple[str, str]]:
    """data-key → (token, file name) of the page's report links."""
    found = {}
    for element in at.markdown:
        for token, name, key in LINK.findall(element.value):
            if name.endswith(".docx"):
                found[key] = (token, name)
    return found


def test_each_report_goes_with_the_page_whose_records_it_holds() -> None:
    assert reports_for("inspectorate") == ["tasks", "review"]
    assert reports_for("home_affairs") == ["tasks", "commendation", "review"]
    assert reports_for("board") == ["commendation"]
    assert reports_for("admin") == []
    assert REPORT_PAGES == {"tasks": "overdue", "commendation": "commendation", "review": "personnel"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("board", {"overview_reports_commendation"}),
        ("inspectorate", {"overview_reports_tasks", "overview_reports_review"}),
        ("admin", set()),
    ],
)
def test_the_overview_offers_a_role_only_its_reports(demo, role, expected) -> None:
    at = open_page(role, "overview")
    assert set(report_links(at)) == expected


def test_the_board_gets_the_proposal_list_from_its_page_audited_before_it_is_made(demo, monkeypatch) -> None:
    at = open_page("board", "commendation")
    links = report_links(at)
    assert set(links) == {"commendation_reports_commendation"}
    token, name = links["commendation_reports_commendation"]
    code = at.selectbox(key="commendation_reports_period").value
    assert name == f"de_nghi_khen_thuong_{code}.docx"

    import pipelines.reports as reports

    seen: list[list[dict]] = []
    real = reports.render_report

    def render(*args, **kwargs):  # the report is read only after its audit line is written
        seen.append(audit.read_events(demo["audit"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "render_report", render)
    answer = deliver(at.session_state["auth_session"], token)
    assert answer.status == 200
    with zipfile.ZipFile(io.BytesIO(answer.body)) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body and "khen thưởng" in body.lower()
    (before,) = seen
    line = before[-1]
    assert (line["user"], line["action"], line["page"]) == ("test-board", "download", "commendation")
    assert line["details"]["file"] == name and line["details"]["format"] == "docx"
    assert (line["details"]["report"], line["details"]["period"]) == ("commendation", code)


def test_the_inspectorate_gets_the_review_list_but_not_the_proposal_list(demo) -> None:
    at = open_page("inspectorate", "personnel")
    links = report_links(at)
    assert set(links) == {"personnel_reports_review"}
    answer = deliver(at.session_state["auth_session"], links["personnel_reports_review"][0])
    assert answer.status == 200 and answer.body.startswith(b"PK")
    events = [e for e in audit.read_events(demo["audit"]) if e["action"] == "download"]
    assert events[-1]["page"] == "personnel" and events[-1]["details"]["report"] == "review"


def test_a_report_link_is_refused_once_the_role_may_no_longer_see_its_page(demo, monkeypatch) -> None:
    from dashboard import session_store

    at = open_page("home_affairs", "overdue")
    token, _ = report_links(at)["overdue_reports_tasks"]
    monkeypatch.setattr(session_store, "can_view", lambda role, page: False)
    before = len(audit.read_events(demo["audit"]))
    answer = deliver(at.session_state["auth_session"], token)
    assert answer.status == 403
    assert len(audit.read_events(demo["audit"])) == before  # nothing made, nothing sent
