"""What each analysis page shows, through the real app (AppTest over dashboard/app.py, signed in):
the demo warehouse for the rich pages, a few hand-made rows where a boundary must be exact (small n)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import PAGES
from dashboard.audit import read_events
from dashboard.delivery import deliver
from dashboard.i18n import t
from dashboard.tables import ROW_LIMIT
from tests.builders import TASK_HEADER, build_warehouse, query
from tests.dashboard.conftest import signed_in

# a custom period over the whole record (cut at as_of): for checks against whole tables
ALL_TIME = "1990-01-01..2100-12-31"


def open_page(role: str, page: str, *, query: dict | None = None, **state: object) -> AppTest:
    """The page as a signed-in role opens it; `query` is the URL's query (`{"period": "2026-Q3"}`)."""
    at = signed_in(role)
    for key, value in state.items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(PAGES[page].file).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_tab(at: AppTest, key: str, text_key: str) -> AppTest:
    """The tab `text_key` (its label's key in page_text) of the tabs `key` opened, as a click does: a page's
    lazy tabs read their data only while open."""
    at.session_state[key] = t(text_key)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def table_frames(at: AppTest) -> list:
    return [frame.value for frame in at.dataframe]


DOWNLOAD_LINK = re.compile(r'<a href="/_congvu/download/[^"]+"[^>]*data-key="([^"]+)"[^>]*>⤓ ([^<]+)</a>')


def download_links(at: AppTest) -> dict[str, str]:
    """key → label of the page's download links (served by the audited route, not Streamlit's media)."""
    return {m[1]: m[2] for element in at.markdown for m in [DOWNLOAD_LINK.search(element.value)] if m}


def download_names(at: AppTest) -> list[str]:
    return list(download_links(at).values())


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


# --- overdue ---------------------------------------------------------------------------------------------


def test_overdue_shows_the_aging_bands_key_tasks_first(demo) -> None:
    at = open_page("inspectorate", "overdue", query={"period": ALL_TIME})
    (spec,) = [s for s in chart_specs(at) if s["data"] and s["data"][0]["type"] == "bar"]
    assert spec["layout"]["xaxis"]["categoryarray"] == ["1–7 ngày", "8–30 ngày", "31–90 ngày", "Trên 90 ngày"]
    sources = {trace["name"] for trace in spec["data"]}
    assert sources <= {
        "Chính phủ",
        "Thủ tướng Chính phủ",
        "UBND thành phố",
        "Chủ tịch UBND thành phố",
        "Nội bộ",
    }
    tasks = table_frames(at)[0]
    expected = query(demo["db"], "select count(*) as n from task_status where status = 'open_overdue'")[0][
        "n"
    ]
    assert len(tasks) == expected > 0
    keys = tasks["is_key"].tolist()
    assert keys == sorted(keys, reverse=True)  # key tasks first
    assert "Tải CSV" in download_names(at) and "Tải Excel" in download_names(at)


def test_overdue_filters_narrow_the_table(demo) -> None:
    at = open_page("inspectorate", "overdue")
    everything = len(table_frames(at)[0])
    at.checkbox(key="overdue_key_only").check().run()
    at.multiselect(key="overdue_bucket").select("d90_plus").run()
    narrowed = table_frames(at)[0]
    assert 0 < len(narrowed) < everything
    assert narrowed["is_key"].all() and (narrowed["days_overdue"] > 90).all()


def test_choosing_a_task_shows_its_timeline_with_hand_overs_and_dates(demo) -> None:
    (task,) = query(
        demo["db"],
        """
        select t.task_id from task_status t
        where t.status = 'open_overdue'
          and exists (select 1 from stg_task_events e where e.task_id = t.task_id and e.kind = 'transfer')
        order by t.task_id limit 1
        """,
    )
    events = query(demo["db"], "select * from stg_task_events where task_id = $t", {"t": task["task_id"]})
    at = open_page("inspectorate", "overdue", query={"period": ALL_TIME})
    at.selectbox(key="overdue_task").set_value(task["task_id"]).run()
    assert not at.exception
    assert any(task["task_id"] in h.value for h in at.subheader)
    steps = table_frames(at)[-1]
    lanes = steps["lane"].tolist()
    assert lanes[0] == "Giao nhiệm vụ"
    assert "Chuyển xử lý" in lanes
    # every recorded event is a step, besides assignment and the deadline in force
    assert len(steps) >= len(events) + 2
    transfer = next(e for e in events if e["kind"] == "transfer")
    sender = query(demo["db"], "select name from stg_agencies where agency_id = $a",
                   {"a": transfer["from_agency_id"]})[0]["name"]  # fmt: skip
    assert any(f"{sender} ({transfer['from_agency_id']})" in text for text in steps["detail"])
    assert any(h["hovertemplate"] for s in chart_specs(at) for h in s["data"] if h["type"] == "scatter")
    assert all(len(d.split("/")) == 3 for d in steps["hover"].str.split(":").str[0])  # dd/mm/yyyy first


# --- shifting --------------------------------------------------------------------------------------------


def test_shifting_lists_every_flag_with_evidence_and_draws_the_network(demo) -> None:
    at = open_page("inspectorate", "shifting", query={"period": ALL_TIME})
    flags = table_frames(at)[0]
    total = query(demo["db"], "select count(*) as n from shifting_flags")[0]["n"]
    assert len(flags) == min(total, ROW_LIMIT) > 0  # the first rows on screen; the count says how many in all
    assert {m.label: m.value for m in at.metric}["Dấu hiệu"] == f"{total:,}".replace(",", ".")
    assert flags["evidence"].notna().all()
    assert flags["agency"].str.contains(r"\(.+\)$").all()  # names with ids
    # the network is another tab: not read until it is opened (issue 16: the page reads what it shows)
    assert "sankey" not in [s["data"][0]["type"] for s in chart_specs(at) if s["data"]]
    open_tab(at, "shifting_tab", "shifting.network")
    types = [s["data"][0]["type"] for s in chart_specs(at) if s["data"]]
    assert "sankey" in types
    open_tab(at, "shifting_tab", "shifting.flags")
    at.multiselect(key="shifting_kind").select("ping_pong").run()
    assert set(table_frames(at)[0]["kind"]) == {"ping_pong"}


# --- agencies and officials: intervals, n, "insufficient data" and ranking only above the minimum ---------

SMALL_N_TASKS = (
    TASK_HEADER
    + "\n"
    + "\n".join(
        [f"A{i},Việc {i},city_pc,SXD,O1,agency,2023-01-02,2023-02-0{i},2023-01-20,false" for i in range(1, 7)]
        + ["B1,Việc lẻ,government,STC,O3,agency,2023-01-02,2023-02-01,2023-03-01,true"]
    )
    + "\n"
)


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("small"), {"tasks": SMALL_N_TASKS})


@pytest.fixture
def small(app_env, small_warehouse: Path) -> dict[str, Path]:
    return app_env(small_warehouse)


def test_agencies_say_insufficient_data_below_the_minimum_and_rank_only_above(small) -> None:
    at = open_page("board", "agencies")
    cards = table_frames(at)[0].set_index("agency_id")
    assert cards.loc["STC", "rate_text"] == "Không đủ dữ liệu (n = 1)"
    assert cards.loc["SXD", "rate_text"].startswith("100,0% (")
    assert cards.loc["SXD", "rate_text"].endswith("n = 6)")
    assert cards.loc["SXD", "rank_position"] == 1
    assert cards["rank_position"].isna().sum() == len(cards) - 1
    (spec,) = chart_specs(at)
    assert spec["data"][0]["y"] == ["Sở Xây dựng (SXD)"]  # the chart ranks only agencies with enough data


def test_officials_page_is_audited_with_its_filters(small) -> None:
    at = open_page("home_affairs", "officials")
    cards = table_frames(at)[0].set_index("official_id")
    assert cards.loc["O3", "rate_text"] == "Không đủ dữ liệu (n = 1)"
    assert cards.loc["O1", "official"] == "Nguyễn Văn An (O1)"
    at.multiselect(key="officials_agency").select("SXD").run()
    views = [
        e for e in read_events(small["audit"]) if e["action"] == "page_view" and e["page"] == "officials"
    ]
    assert [v["details"]["filters"]["agencies"] for v in views] == [[], ["SXD"]]


def test_pages_speak_english_when_switched(small) -> None:
    at = open_page("board", "agencies", lang="en")
    cards = table_frames(at)[0].set_index("agency_id")
    assert cards.loc["STC", "rate_text"] == "Insufficient data (n = 1)"
    assert cards.loc["SXD", "rate_text"].startswith("100.0% (")


def test_a_table_with_no_rows_gives_a_clear_empty_state(small) -> None:
    at = open_page("home_affairs", "personnel")
    assert [i.value for i in at.info] == ["Không có dữ liệu."]
    assert not at.dataframe


# --- consultations, inspections, discipline, grading -----------------------------------------------------


def test_consultations_show_deemed_agreements_and_evasive_answers_with_evidence(demo) -> None:
    at = open_page("inspectorate", "consultations")
    at.checkbox(key="consultations_deemed_only").check().run()
    rows, evasive = table_frames(at)
    assert len(rows) > 0 and rows["deemed_agreed"].all()
    assert set(rows["status"]) <= {"answered_late", "unanswered_overdue"}
    assert len(evasive) > 0 and evasive["evidence"].str.len().gt(0).all()


def test_inspections_count_surprise_inspections(demo) -> None:
    at = open_page("inspectorate", "inspections", query={"period": ALL_TIME})
    metrics = {m.label: m.value for m in at.metric}
    surprise = query(demo["db"], "select count(*) as n from stg_inspections where kind = 'surprise'")[0]["n"]
    assert metrics["Đột xuất"] == str(surprise)


def test_discipline_shows_periods_in_effect_and_is_audited(demo) -> None:
    at = open_page("inspectorate", "discipline")
    at.checkbox(key="discipline_in_effect_only").check().run()
    rows = table_frames(at)[0]
    in_effect = query(demo["db"], "select count(*) as n from discipline_periods where in_effect")[0]["n"]
    assert len(rows) == in_effect > 0
    assert rows["official"].str.contains(r".+ \(.+\)$").all()
    assert any(s["data"] and s["data"][0]["type"] == "bar" for s in chart_specs(at))
    views = [
        e for e in read_events(demo["audit"]) if e["action"] == "page_view" and e["page"] == "discipline"
    ]
    assert views[-1]["details"]["filters"]["in_effect_only"] is True


def test_grading_marks_agencies_over_the_cap(demo) -> None:
    at = open_page("board", "grading")
    year = at.selectbox(key="grading_period_value").value  # the period control, by grading year
    rows = table_frames(at)[0]
    over = query(demo["db"], "select count(*) as n from grading_cap_check where cap_exceeded and year = $y",
                 {"y": int(year)})[0]["n"]  # fmt: skip
    assert int(rows["cap_exceeded"].sum()) == over
    assert {m.label: m.value for m in at.metric}["Cơ quan vượt giới hạn"] == str(over)


def test_grading_states_the_cap_of_the_years_rule_set_and_no_cap_where_none_covers_it(
    app_env, tmp_path: Path
) -> None:
    # 2019 precedes every grading rule set (cap_ratio NULL in the mart); 2025 is covered (0.2); SXD's own
    # ratio (--config override) shows in its row, not as the intro's cap
    config = tmp_path / "config.toml"
    config.write_text("[grading.cap_ratio_overrides]\nSXD = 0.25\n", encoding="utf-8")
    ratings = "official_id,year,grade\n" + "".join(
        f"{o},{y},good\n" for o in ("O1", "O2", "O3") for y in (2019, 2025)
    )
    db = build_warehouse(
        tmp_path, {"tasks": TASK_HEADER + "\n", "annual_ratings": ratings}, as_of="2025-12-31", config=config
    )
    app_env(db)
    at = open_page("board", "grading", query={"period": "2025"})
    captions = [c.value for c in at.caption]
    assert any("không vượt quá 20%" in c for c in captions), captions
    at = open_page("board", "grading", query={"period": "2019"})
    captions = [c.value for c in at.caption]
    assert any("Không có bộ quy tắc xếp loại nào áp dụng cho năm 2019" in c for c in captions), captions
    assert not any("không vượt quá" in c for c in captions)


# --- commendation: criteria per candidate and the Board's proposal list ----------------------------------


def test_commendation_offers_the_proposal_list_for_download(demo) -> None:
    at = open_page("board", "commendation")
    proposal, everyone = table_frames(at)
    eligible = query(demo["db"], "select count(*) as n from commendation_candidates where eligible")[0]["n"]
    assert len(proposal) == eligible > 0
    assert proposal["position_no"].tolist() == list(range(1, eligible + 1))
    assert proposal["official"].str.contains(r".+ \(.+\)$").all()
    considered = query(demo["db"], "select count(*) as n from commendation_candidates")[0]["n"]
    assert len(everyone) == min(considered, ROW_LIMIT)
    # criteria met and missed, per candidate, in words
    assert (everyone["criteria_met"].str.len() + everyone["criteria_missed"].str.len()).gt(0).all()
    links = download_links(at)
    assert links["commendation_proposal_csv"] == "Tải CSV"
    assert links["commendation_proposal_xlsx"] == "Tải Excel"
    token = next(
        m[1]
        for element in at.markdown
        for m in [
            re.search(r'/_congvu/download/([^"]+)"[^>]*data-key="commendation_proposal_xlsx"', element.value)
        ]
        if m
    )
    answer = deliver(at.session_state["auth_session"], token)
    assert answer.status == 200 and answer.body.startswith(b"PK")  # an .xlsx (a zip)
    assert (
        answer.headers["content-disposition"].endswith("commendation_proposal.xlsx")
        or ".xlsx" in (answer.headers["content-disposition"])
    )


# --- personnel review ------------------------------------------------------------------------------------


def test_personnel_review_filters_by_reason_and_shows_records(demo) -> None:
    at = open_page("inspectorate", "personnel")
    everyone = table_frames(at)[0]
    assert len(everyone) == query(demo["db"], "select count(*) as n from personnel_review")[0]["n"] > 0
    assert everyone["reasons"].str.len().gt(0).all()
    at.multiselect(key="personnel_reason_codes").select("key_task_long_overdue").run()
    narrowed = table_frames(at)[0]
    expected = query(
        demo["db"], "select count(*) as n from personnel_review where list_contains(reason_codes, $c)",
        {"c": "key_task_long_overdue"},
    )[0]["n"]  # fmt: skip
    assert len(narrowed) == expected > 0
    assert narrowed["reason_labels"].str.contains("Việc trọng tâm quá hạn lâu").all()
    views = [e for e in read_events(demo["audit"]) if e["action"] == "page_view" and e["page"] == "personnel"]
    assert views[-1]["details"]["filters"]["reasons"] == ["key_task_long_overdue"]


# --- every analysis page in English, and the string tables in step -----------------------------------------

ANALYSIS_PAGES = [
    "overdue", "shifting", "agencies", "officials", "consultations",
    "inspections", "discipline", "grading", "personnel", "commendation",
]  # fmt: skip


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_every_analysis_page_renders_in_english(demo, page: str) -> None:
    at = open_page("home_affairs", page, lang="en")
    assert not at.error, [e.value for e in at.error]
    assert PAGES[page].title_en in [title.value for title in at.title]
    headers = [str(c) for frame in table_frames(at) for c in frame.columns]
    assert headers  # every page shows at least one table on the demo data


def test_page_strings_exist_in_both_languages_with_the_same_placeholders() -> None:
    import string

    from dashboard.page_text import EN, VI

    assert set(VI) == set(EN)
    for key in VI:
        fields_vi = {f for _, f, _, _ in string.Formatter().parse(VI[key]) if f}
        fields_en = {f for _, f, _, _ in string.Formatter().parse(EN[key]) if f}
        assert fields_vi == fields_en, key


# --- issue 14: posts and categories under their right names, who has left, the rule set of the year ----

LEFT_OFFICIALS = """\
official_id,full_name,agency_id,position,category,active_from,active_to
O1,Nguyễn Văn An,SXD,head,civil_servant,2015-01-01,
O2,Trần Thị Bình,SXD,staff,public_employee,2015-01-01,2022-12-31
O3,Lê Minh Châu,STC,staff,civil_servant,2015-01-01,
O4,Phạm Thu Dung,SNV,deputy,cadre,2015-01-01,
O5,Hoàng Văn Em,UBND,staff,cadre,2015-01-01,
"""


@pytest.fixture(scope="module")
def left_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("left")
    config = folder / "config.toml"
    config.write_text("[commendation]\nevaluation_year = 2022\n", encoding="utf-8")
    files = {"officials": LEFT_OFFICIALS, "tasks": SMALL_N_TASKS}
    return build_warehouse(folder, files, as_of="2023-06-30", config=config)


def headers_of(at: AppTest, index: int = 0) -> dict[str, str]:
    """column → header shown, from the dataframe's column configuration."""
    config = json.loads(at.dataframe[index].proto.columns or "{}")
    return {
        column: spec.get("label", column) for column, spec in config.items() if not column.startswith("_")
    }


def test_officials_show_post_category_and_who_has_left(app_env, left_warehouse) -> None:
    app_env(left_warehouse)
    at = open_page("home_affairs", "officials")
    cards = table_frames(at)[0].set_index("official_id")
    shown = headers_of(at)
    assert (shown["position_label"], shown["category_label"]) == ("Chức vụ", "Ngạch")
    # a post under "Chức vụ": "Chuyên viên" is a rank (ngạch), not a post
    assert (
        cards.loc["O1", "position_label"] == "Thủ trưởng" and cards.loc["O4", "position_label"] == "Cấp phó"
    )
    assert cards.loc["O3", "position_label"] == "Không giữ chức vụ"
    assert "Chuyên viên" not in set(cards["position_label"])
    assert (cards.loc["O3", "category_label"], cards.loc["O2", "category_label"]) == (
        "Công chức",
        "Viên chức",
    )
    assert cards.loc["O2", "left_label"] == "đã nghỉ / đã chuyển công tác"  # active_to 31/12/2022 < as_of
    assert cards.loc["O1", "left_label"] == ""


def test_commendation_page_says_when_no_rule_set_covers_the_year(app_env, left_warehouse) -> None:
    app_env(left_warehouse)
    at = open_page("board", "commendation")
    warnings = [w.value for w in at.warning]
    assert any(
        "Chưa có bộ quy định thi đua, khen thưởng nào trong hệ thống có hiệu lực ngày 03/01/2023" in w
        and "năm 2022" in w
        for w in warnings
    ), warnings


def test_commendation_page_names_the_rule_set_of_the_year(demo) -> None:
    at = open_page("board", "commendation")
    captions = " ".join(c.value for c in at.caption)
    # the demo judges 2026 provisionally, as of 27/11/2026, under Decree 152/2025
    assert "Đánh giá tạm tính năm 2026 đang diễn ra" in captions and "152/2025" in captions
    assert not at.warning
