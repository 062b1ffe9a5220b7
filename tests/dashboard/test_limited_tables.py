"""Pages that could hold hundreds of thousands of rows filter, count and aggregate in SQL and show the first
ROW_LIMIT rows: the rows shown are the first rows of a plain query with the same filter, the count shown is
the full count, and a download holds the whole filtered set (made when the button is clicked).

Real warehouse (the session's demo build), real app (AppTest); a download is fetched as the browser's
request to /_congvu/download/<token> would be, through dashboard.delivery (audit line, then the file)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.delivery import deliver
from dashboard.tables import ROW_LIMIT
from tests.builders import query
from tests.dashboard.test_pages import ALL_TIME, open_page, open_tab, table_frames


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


def vi_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


DOWNLOAD_LINK = re.compile(r'href="/_congvu/download/([^"]+)"[^>]*data-key="([^"]+)"')


def download(at, key: str) -> list[dict]:
    """The CSV the link `key` gives: requested as the browser does, by this tab's session."""
    links = {found[2]: found[1] for m in at.markdown for found in [DOWNLOAD_LINK.search(m.value)] if found}
    answer = deliver(at.session_state["auth_session"], links[f"{key}_csv"])
    if answer.status != 200:
        raise PermissionError(f"download refused ({answer.status}): {answer.body.decode()}")
    return list(csv.DictReader(io.StringIO(answer.body.decode("utf-8-sig"))))


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_overdue_with_done_late_shows_the_first_rows_the_full_count_and_downloads_every_row(demo) -> None:
    at = open_page("inspectorate", "overdue", overdue_include_late=True, query={"period": ALL_TIME})
    plain = query(
        demo["db"],
        "select task_id from task_overdue_list where status in ('open_overdue', 'done_late') "
        "order by is_key desc, days_overdue desc, task_id",
    )
    assert len(plain) > ROW_LIMIT  # the demo is large enough for the limit to matter
    shown = table_frames(at)[0]
    assert shown["task_id"].tolist() == [r["task_id"] for r in plain[:ROW_LIMIT]]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nhiệm vụ quá hạn"] == vi_number(len(plain))
    note = f"Hiển thị {vi_number(ROW_LIMIT)} / {vi_number(len(plain))} dòng — lọc thêm để thu hẹp."
    assert any(c.startswith(note) for c in captions(at))
    rows = download(at, "overdue_tasks")
    assert [r["Mã nhiệm vụ"] for r in rows] == [r["task_id"] for r in plain]
    assert all(len(r["Hạn hiện tại"].split("/")) == 3 for r in rows if r["Hạn hiện tại"])  # dd/mm/yyyy


def test_overdue_filters_run_in_sql_and_match_a_plain_query(demo) -> None:
    (agency,) = query(
        demo["db"],
        "select owner_agency_id from task_overdue_list group by all order by count(*) desc limit 1",
    )
    at = open_page("inspectorate", "overdue", overdue_include_late=True, query={"period": ALL_TIME})
    at.multiselect(key="overdue_agency").select(agency["owner_agency_id"]).run()
    at.multiselect(key="overdue_bucket").select("d8_30").select("d31_90").run()
    plain = query(
        demo["db"],
        "select task_id from task_overdue_list where status in ('open_overdue', 'done_late') "
        "and owner_agency_id = $a and bucket in ('d8_30', 'd31_90') order by is_key desc, days_overdue desc, "
        "task_id",
        {"a": agency["owner_agency_id"]},
    )
    assert 0 < len(plain) <= ROW_LIMIT
    assert table_frames(at)[0]["task_id"].tolist() == [r["task_id"] for r in plain]
    assert {m.label: m.value for m in at.metric}["Nhiệm vụ quá hạn"] == vi_number(len(plain))
    assert not any("Hiển thị" in c for c in captions(at))  # all of it on screen: no "showing n of m"
    assert [r["Mã nhiệm vụ"] for r in download(at, "overdue_tasks")] == [r["task_id"] for r in plain]


def test_shifting_flags_of_one_kind_and_agency_match_a_plain_query(demo) -> None:
    (pick,) = query(
        demo["db"], "select agency_id from shifting_flags where kind = 'ping_pong' group by all "
        "order by count(*) desc, agency_id limit 1",
    )  # fmt: skip
    at = open_page("inspectorate", "shifting", query={"period": ALL_TIME})
    at.multiselect(key="shifting_kind").select("ping_pong").select("dossier_returned").run()
    at.multiselect(key="shifting_agency").select(pick["agency_id"]).run()
    plain = query(
        demo["db"],
        "select flag_id from shifting_flags where kind in ('ping_pong', 'dossier_returned') "
        "and agency_id = $a order by occurred_on desc nulls last, flag_id",
        {"a": pick["agency_id"]},
    )
    assert plain
    shown = table_frames(at)[0]
    assert shown["flag_id"].tolist() == [r["flag_id"] for r in plain[:ROW_LIMIT]]
    assert shown["task_title"].notna().all()
    assert len(download(at, "shifting_flags")) == len(plain)


def test_every_shifting_flag_is_in_the_download_though_the_screen_shows_the_first(demo) -> None:
    at = open_page("inspectorate", "shifting", query={"period": ALL_TIME})
    total = query(demo["db"], "select count(*) as n from shifting_flags")[0]["n"]
    assert total > ROW_LIMIT
    rows = download(at, "shifting_flags")
    assert len(rows) == total
    assert list(rows[0])[:3] == ["Ngày xảy ra", "Loại", "Cơ quan"]
    chains = query(demo["db"], "select count(*) as n from shifting_flags where kind = 'ping_pong'")[0]["n"]
    assert len(download(open_tab(at, "shifting_tab", "shifting.ping_pong"), "shifting_chains")) == chains


def test_consultations_count_and_rows_follow_the_sql_filters(demo) -> None:
    at = open_page("inspectorate", "consultations", query={"period": ALL_TIME})
    everything = query(demo["db"], "select count(*) as n from consultation_status")[0]["n"]
    assert {m.label: m.value for m in at.metric}["Phiếu xin ý kiến"] == vi_number(everything)
    assert len(table_frames(at)[0]) == min(everything, ROW_LIMIT)
    at.multiselect(key="consultations_status").select("answered_late").select("unanswered_overdue").run()
    plain = query(
        demo["db"],
        "select consultation_id, effective_response in ('generic', 'deflect') as evasive "
        "from consultation_status where status in ('answered_late', 'unanswered_overdue') "
        "order by sent_on desc, consultation_id",
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Phiếu xin ý kiến"] == vi_number(len(plain))
    assert metrics["Trả lời chung chung, né tránh"] == vi_number(sum(bool(r["evasive"]) for r in plain))
    shown = table_frames(at)[0]
    assert shown["consultation_id"].tolist() == [r["consultation_id"] for r in plain[:ROW_LIMIT]]
    assert [r["Phiếu xin ý kiến"] for r in download(at, "consultations_list")] == [
        r["consultation_id"] for r in plain
    ]


def test_commendation_downloads_hold_every_candidate_and_the_whole_proposal(demo) -> None:
    at = open_page("board", "commendation")
    everyone = query(demo["db"], "select count(*) as n from commendation_candidates")[0]["n"]
    eligible = query(demo["db"], "select count(*) as n from commendation_candidates where eligible")[0]["n"]
    assert len(download(at, "commendation_all")) == everyone > ROW_LIMIT
    proposal = download(at, "commendation_proposal")
    assert len(proposal) == eligible
    assert [r["STT"] for r in proposal] == [str(i) for i in range(1, eligible + 1)]


def test_a_download_speaks_the_language_of_the_page(demo) -> None:
    at = open_page("inspectorate", "shifting", lang="en")
    rows = download(at, "shifting_flags")
    assert list(rows[0])[:3] == ["Occurred on", "Kind", "Agency"]
    assert i18n.lang() == "vi"  # the language of the download did not leak out of it


def test_the_access_check_runs_again_when_a_download_is_made(demo, monkeypatch) -> None:
    from dashboard import data

    at = open_page("inspectorate", "shifting", query={"period": ALL_TIME})
    # the role loses the page between the view and the click: the click's query is refused
    monkeypatch.setattr(data, "can_view", lambda role, page: False)
    with pytest.raises(Exception, match="may not read"):
        download(at, "shifting_flags")
