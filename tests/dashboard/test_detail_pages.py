"""The task, agency and official pages reached by URL (`?id=…`), their sections per role, filter state in
the URL, and grounds in words (no internal rule code on a screen). Real app (AppTest), demo warehouse."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import grounds, period
from dashboard.audit import read_events
from tests.builders import query
from tests.dashboard.test_pages import ALL_TIME, open_page, table_frames

CODE = re.compile(
    r"\b(?:review|tdkt\d+|grading_\d{4}|nd335|hp212|discipline)\.[a-z_]+\b|\bcommendation_\d{4}_nd\d+\b"
)


@pytest.fixture
def demo(app_env, demo_warehouse: Path) -> dict[str, Path]:
    return app_env(demo_warehouse)


def worst_task(db: Path) -> dict:
    return query(db, "select * from task_handover_burden order by worst_rank limit 1")[0]


def shown_texts(at) -> list[str]:
    """Every text a reader sees: markdown, captions, headings, metrics, the visible cells of every table."""
    texts = [
        e.value for kind in ("markdown", "caption", "subheader", "warning", "info") for e in at.get(kind)
    ]
    texts += [str(m.value) for m in at.metric]
    for element in at.dataframe:
        visible = list(element.proto.column_order) or list(element.value.columns)
        frame: pd.DataFrame = element.value
        for column in visible:
            texts += [str(v) for v in frame[column].dropna().tolist()]
    return texts


# --- the task page ------------------------------------------------------------------------------------------


def test_task_page_shows_who_held_it_when_with_officials_and_dates(demo) -> None:
    task = worst_task(demo["db"])
    at = open_page("inspectorate", "task", query={"id": task["task_id"]})
    assert not at.error and not at.warning
    assert any(task["task_id"] in h.value for h in at.subheader)
    custody = table_frames(at)[0]
    expected = query(
        demo["db"],
        "select * from task_custody where task_id = $t order by period_number",
        {"t": task["task_id"]},
    )
    assert custody["agency_id"].tolist() == [r["agency_id"] for r in expected]
    assert len(custody) == task["handover_count"] + 1
    # every hop after the first names the agency it came from and the official who passed it, dd/mm/yyyy dates
    for hover, row in zip(custody["hover"][1:], expected[1:], strict=True):
        assert re.search(r"\d{2}/\d{2}/\d{4} – \d{2}/\d{2}/\d{4}", hover)
        if row["handed_over_by"]:
            assert f"({row['handed_over_by']})" in hover
    assert custody["outside_owner"].tolist() == [r["outside_owner"] for r in expected]
    assert sum(r["days_held"] for r in expected if r["outside_owner"]) == task["days_outside_owner"]
    flags = table_frames(at)[-1]
    n_flags = query(
        demo["db"], "select count(*) as n from shifting_flags where task_id = $t", {"t": task["task_id"]}
    )
    assert len(flags) == n_flags[0]["n"] == task["shifting_flags"] > 0
    views = [e for e in read_events(demo["audit"]) if e["action"] == "page_view" and e["page"] == "task"]
    assert views[-1]["details"]["filters"] == {"id": task["task_id"]}


def test_task_page_for_an_unknown_code_says_so(demo) -> None:
    at = open_page("inspectorate", "task", query={"id": "NV-NO-SUCH"})
    assert [w.value for w in at.warning] == ["Không tìm thấy mã NV-NO-SUCH."]
    assert not at.dataframe


def test_task_page_is_not_registered_for_the_board(demo) -> None:
    from tests.dashboard.conftest import signed_in

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        signed_in("board").switch_page("app_pages/shared/task.py")


# --- the official page: each section only for the roles that may see it -------------------------------------


@pytest.fixture
def reviewed(demo) -> str:
    return query(
        demo["db"],
        "select r.official_id from personnel_review r join discipline_periods d using (official_id) "
        "order by r.official_id limit 1",
    )[0]["official_id"]


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        (
            "board",
            {"Xét khen thưởng năm 2026", "Xếp loại và khen thưởng các năm"},
            {"Kỷ luật", "Rà soát nhân sự"},
        ),
        ("inspectorate", {"Kỷ luật", "Rà soát nhân sự", "Nhiệm vụ chủ trì"}, {"Xét khen thưởng năm 2026"}),
        ("home_affairs", {"Kỷ luật", "Rà soát nhân sự", "Xét khen thưởng năm 2026"}, set()),
    ],
)
def test_official_page_sections_follow_the_role(demo, reviewed: str, role, present, absent) -> None:
    at = open_page(role, "official", query={"id": reviewed})
    assert not at.exception and not at.error
    headings = {h.value for h in at.subheader}
    assert present <= headings and not (absent & headings)
    views = [e for e in read_events(demo["audit"]) if e["action"] == "page_view" and e["page"] == "official"]
    assert views[-1]["details"]["filters"]["id"] == reviewed
    assert not [t for t in shown_texts(at) if CODE.search(t)]  # grounds in words, no rule code


@pytest.mark.parametrize(("role", "has_form"), [("home_affairs", True), ("inspectorate", False)])
def test_official_page_offers_the_review_decision_to_home_affairs_only(
    demo, reviewed: str, role: str, has_form: bool, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("CONGVU_DECISIONS", str(tmp_path / "decisions.sqlite"))
    at = open_page(role, "official", query={"id": reviewed})
    assert not at.exception and not at.error
    forms = {b.proto.form_id for b in at.button}
    assert ("official_review_decision_form" in forms) is has_form


def test_agency_page_lists_people_only_for_roles_that_see_officials(demo) -> None:
    board = open_page("board", "agency", query={"id": "SXD"})
    inspectorate = open_page("inspectorate", "agency", query={"id": "SXD"})
    assert "Cán bộ, công chức của cơ quan" not in {h.value for h in board.subheader}
    assert "Cán bộ, công chức của cơ quan" in {h.value for h in inspectorate.subheader}
    people = table_frames(inspectorate)[-1]
    sxd = query(demo["db"], "select count(*) as n from stg_officials where agency_id = 'SXD'")[0]["n"]
    assert len(people) == sxd and people["official_link"].str.startswith("official?id=").all()


def test_agency_people_of_a_range_of_days_are_those_of_the_year_that_holds_it(demo) -> None:
    # issue 16: the people section reads official_period_scorecard (a year, quarter or month), as the
    # officials page does; a range of days chosen on the agency page shows the year that holds it, and says so
    at = open_page("inspectorate", "agency", query={"id": "SXD", "period": "2026-07-01..2026-08-15"})
    assert not at.exception
    assert "Kết quả cán bộ được tính theo năm, quý hoặc tháng. Kỳ: Năm 2026" in " ".join(
        c.value for c in at.caption
    )
    people = table_frames(at)[-1]
    year = query(
        demo["db"],
        "select o.official_id, coalesce(s.tasks_led, 0) as tasks_led from stg_officials o "
        "left join official_period_scorecard s on s.official_id = o.official_id and s.period_kind = 'year' "
        "and s.period_start = '2026-01-01' where o.agency_id = 'SXD'",
    )
    assert len(year) > 0 and any(r["tasks_led"] for r in year)
    assert dict(zip(people["official_id"], people["tasks_led"], strict=True)) == {
        r["official_id"]: r["tasks_led"] for r in year
    }
    quarter = open_page("inspectorate", "agency", query={"id": "SXD", "period": "2026-Q3"})
    assert "Kết quả cán bộ được tính theo năm" not in " ".join(c.value for c in quarter.caption)


# --- filter state in the URL --------------------------------------------------------------------------------


def test_a_deep_link_shows_its_filters_and_the_url_follows_changes(demo) -> None:
    at = open_page(
        "inspectorate", "shifting", query={"agency": "SXD", "period": "2026-Q3", "kind": "ping_pong"}
    )
    assert at.multiselect(key="shifting_agency").value == ["SXD"]
    assert at.multiselect(key="shifting_kind").value == ["ping_pong"]
    assert at.selectbox(key="shifting_period_kind").value == "quarter"
    assert at.selectbox(key="shifting_period_value").value == "2026-Q3"
    assert any(c.value == "Kỳ: Quý 3/2026 (01/07/2026 – 30/09/2026)" for c in at.caption)
    assert at.query_params["agency"] == "SXD" and at.query_params["period"] == "2026-Q3"
    at.multiselect(key="shifting_agency").select("STC").run()
    assert at.query_params["agency"] == ["SXD", "STC"]
    (link,) = [c.value for c in at.code]  # "Sao chép liên kết": the address with every filter
    assert link == "/shifting?agency=SXD&agency=STC&period=2026-Q3&kind=ping_pong"
    at.selectbox(key="shifting_period_kind").set_value("month").run()
    assert re.fullmatch(r"2026-\d{2}", at.query_params["period"])


def test_the_period_goes_with_the_user_to_the_next_page(demo) -> None:
    at = open_page("inspectorate", "shifting", query={"period": "2025-Q2"})
    at.switch_page("app_pages/inspectorate/consultations.py").run()
    assert at.selectbox(key="consultations_period_value").value == "2025-Q2"


def test_a_url_value_a_filter_does_not_offer_is_dropped(demo) -> None:
    at = open_page("inspectorate", "shifting", query={"agency": "NO-SUCH", "period": "not-a-period"})
    assert not at.exception
    assert at.multiselect(key="shifting_agency").value == []
    assert at.selectbox(key="shifting_period_value").value == "2026"  # the default: this year up to as_of


# --- grounds in words on the list pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("board", "commendation"),
        ("home_affairs", "personnel"),
        ("board", "grading"),
        ("inspectorate", "discipline"),
    ],
)
def test_no_rule_code_on_screen(demo, role: str, page: str) -> None:
    at = open_page(role, page, query={"period": ALL_TIME})
    leaks = [t for t in shown_texts(at) if CODE.search(t)]
    assert not leaks, leaks[:3]


def test_grounds_name_the_rule_and_its_article() -> None:
    text = (
        "Đạt: Không bị kỷ luật [tdkt152.blocked_by_discipline — Nghị định 152/2025/NĐ-CP Điều 4 khoản 4]. "
        "Bộ quy tắc: commendation_2025_nd152."
    )
    out = grounds.clean(text)
    assert "(căn cứ: Nghị định 152/2025/NĐ-CP Điều 4 khoản 4)" in out
    assert "Thi đua, khen thưởng theo Luật 06/2022/QH15" in out
    assert not CODE.search(out)
    assert grounds.rule_title("review.low_on_time").startswith("Tỷ lệ hoàn thành đúng hạn thấp")
    assert grounds.rule_title("grading_2020.cap_ratio") and not CODE.search(
        grounds.rule_title("grading_2020.cap_ratio")
    )


def test_provisional_is_a_column_of_the_proposal(demo) -> None:
    at = open_page("board", "commendation")
    proposal = table_frames(at)[0]
    provisional = query(
        demo["db"], "select count(*) as n from commendation_candidates where eligible and provisional"
    )[0]["n"]
    assert int(proposal["provisional"].sum()) == provisional > 0
    assert "provisional" in list(at.dataframe[0].proto.column_order)


# --- the period codes ---------------------------------------------------------------------------------------

AS_OF = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026", dt.date(2026, 1, 1), AS_OF),
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026-Q4", dt.date(2026, 10, 1), AS_OF),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2026-03-05..2026-04-10", dt.date(2026, 3, 5), dt.date(2026, 4, 10)),
    ],
)
def test_period_codes(code: str, start: dt.date, end: dt.date) -> None:
    chosen = period.parse(code, AS_OF)
    assert chosen is not None and (chosen.start, chosen.end) == (start, end)


@pytest.mark.parametrize("code", ["2027", "2026-Q5", "2026-13", "2026-05-01..2026-04-01", "", "SXD"])
def test_period_codes_that_are_not_periods(code: str) -> None:
    assert period.parse(code, AS_OF) is None


def test_default_period_is_this_year_up_to_as_of() -> None:
    assert period.default(AS_OF) == period.Period("year", "2026", dt.date(2026, 1, 1), AS_OF)
    assert period.choices("quarter", AS_OF, dt.date(2025, 3, 1))[:2] == ["2026-Q4", "2026-Q3"]


@pytest.mark.parametrize(
    ("code", "kinds", "read_as"),
    [
        ("2026-07", ("year", "quarter", "month"), "2026-07"),  # offered: kept
        ("2026-07", ("year",), "2026"),  # a month on a page kept by year: its year
        ("2026-08", ("year", "quarter"), "2026-Q3"),  # … by quarter: its quarter
        ("2025-Q2", ("year",), "2025"),
        ("2025-03-10..2025-06-30", ("year", "quarter", "month"), "2025"),  # a custom range: its first year
    ],
)
def test_a_period_chosen_elsewhere_reads_as_the_period_of_a_kind_the_page_offers(
    code: str, kinds: tuple[str, ...], read_as: str
) -> None:
    chosen = period.parse(code, AS_OF)
    assert chosen is not None
    within = period.within(chosen, kinds, AS_OF)
    assert within is not None and within.code == read_as


def test_a_page_may_offer_only_the_years_its_records_are_kept_by() -> None:
    assert period.choices("year", AS_OF, dt.date(2020, 1, 1), years=[2023, 2025, 2024, 2027]) == [
        "2025",
        "2024",
        "2023",
    ]  # newest first, none after as_of
    assert period.choices("quarter", AS_OF, dt.date(2020, 1, 1), years=[2025])[0] == "2025-Q4"


def test_detail_page_strings_exist_in_both_languages_with_the_same_placeholders() -> None:
    import string

    from dashboard.page_text import EN, VI

    assert set(VI) == set(EN)
    for key in VI:
        fields_vi = {f for _, f, _, _ in string.Formatter().parse(VI[key]) if f}
        fields_en = {f for _, f, _, _ in string.Formatter().parse(EN[key]) if f}
        assert fields_vi == fields_en, key


def test_empty_text_cells_are_empty_not_none(demo) -> None:
    at = open_page("inspectorate", "consultations", query={"period": ALL_TIME})
    rows = table_frames(at)[0]
    assert query(demo["db"], "select count(*) as n from consultation_status where response_text is null")[0][
        "n"
    ]
    assert rows["response_text"].notna().all() and (rows["response_text"] == "").any()


def test_english_mode_says_the_generated_texts_are_vietnamese_records(demo) -> None:
    at = open_page("inspectorate", "shifting", lang="en")
    assert any("official Vietnamese records" in c.value for c in at.caption)
    vi = open_page("inspectorate", "shifting")
    assert not any("official Vietnamese records" in c.value for c in vi.caption)


# --- leads for the inspectorate on the agency and task pages -----------------------------------------------


def test_agency_page_shows_its_risk_and_gaming_signals_to_the_inspectorate_only(demo) -> None:
    top = query(
        demo["db"],
        "select agency_id, count(*) as n from gaming_signals group by agency_id "
        "order by n desc, agency_id limit 1",
    )[0]
    risk = query(
        demo["db"], "select evidence from inspection_risk where agency_id = $a", {"a": top["agency_id"]}
    )
    at = open_page("inspectorate", "agency", query={"id": top["agency_id"], "period": ALL_TIME})
    headings = {h.value for h in at.subheader}
    assert {"Nguy cơ — căn cứ chọn kiểm tra công vụ đột xuất"} <= headings
    signals = next(d.value for d in at.dataframe if "signal_id" in d.value.columns)
    assert len(signals) == top["n"] and set(signals["agency_id"]) == {top["agency_id"]}
    if risk:
        assert any(risk[0]["evidence"][:20] in c.value.replace("\\", "") for c in at.caption)
    views = [e for e in read_events(demo["audit"]) if e["page"] == "agency" and e["action"] == "page_view"]
    assert any(
        v["details"]["filters"].get("gaming_signals") and v["details"]["rows"] == top["n"] for v in views
    )
    board = open_page("board", "agency", query={"id": top["agency_id"], "period": ALL_TIME})
    assert not any("Dấu hiệu làm đẹp hồ sơ" in h.value or "Nguy cơ" in h.value for h in board.subheader)


def test_task_page_lists_the_gaming_signals_on_it(demo) -> None:
    task = query(demo["db"], "select task_id, count(*) as n from gaming_signals where task_id is not null "
                 "group by task_id order by n desc, task_id limit 1")[0]  # fmt: skip
    at = open_page("inspectorate", "task", query={"id": task["task_id"]})
    assert "Dấu hiệu làm đẹp hồ sơ (để kiểm tra, không tính vào xếp loại)" in {h.value for h in at.subheader}
    signals = next(
        d.value for d in at.dataframe if "kind_label" in d.value.columns and "signal_id" in d.value
    )
    assert len(signals) == task["n"]
