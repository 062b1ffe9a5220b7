"""The dashboard's decision panel (issue 13), run by AppTest as a one-call script: the current decision and
its history read live from the store, a form limited to the role's outcomes, the same refusals as
`congvu decide`, every decision audited, and a store that cannot be written shown as a clear error.
Also the "Việc cần xử lý" page: a decided subject leaves the list at once, without a rebuild."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.decisions import store
from tests.builders import TASK_HEADER, build_warehouse, query
from tests.dashboard.conftest import signed_in

TASKS = (
    TASK_HEADER
    + """
T3,Cấp phép khu A,city_pc,SXD,O1,agency,2026-01-10,2026-05-30,2026-05-20,false
T4,Quyết toán cầu B,city_pc,STC,O3,agency,2026-01-10,2026-05-30,2026-05-25,false
T5,Báo cáo quý C,city_pc,SXD,O1,agency,2026-01-10,2026-03-30,2026-04-15,false
"""
)
EVENTS = """\
event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on
E1,T3,2026-02-01,transfer,SXD,STC,O1,other,
E2,T4,2026-03-01,transfer,STC,SNV,O3,other,
"""


def _panel_script() -> None:
    import os

    from dashboard.decision_panel import decision_panel
    from dashboard.session import current_user

    decision_panel(
        current_user(), os.environ["TEST_SUBJECT_KIND"], os.environ["TEST_SUBJECT_ID"], page="shifting"
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import datetime as dt

    ratings = "official_id,year,grade\nO2,2026,excellent\n"
    return build_warehouse(
        tmp_path_factory.mktemp("panel"),
        {"tasks": TASKS, "task_events": EVENTS, "annual_ratings": ratings},
        as_of=dt.date(2026, 6, 30),
    )


@pytest.fixture
def env(app_env, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    paths = app_env(warehouse)
    paths["decisions"] = tmp_path / "decisions.sqlite"
    monkeypatch.setenv("CONGVU_DECISIONS", str(paths["decisions"]))
    return paths


def panel(role: str, kind: str, subject_id: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TEST_SUBJECT_KIND", kind)
    monkeypatch.setenv("TEST_SUBJECT_ID", subject_id)
    at = AppTest.from_function(_panel_script, default_timeout=60)
    now = time.time()
    at.session_state["auth_user"] = {
        "name": f"test-{role}",
        "role": role,
        "signed_in_at": now,
        "last_active": now,
    }
    return at.run()


def flag_id(db: Path, event_id: str) -> str:
    return query(db, "select flag_id from shifting_flags where event_id = $e", {"e": event_id})[0]["flag_id"]


def submit(at: AppTest, outcome: str, reason: str = "", document: str = "") -> AppTest:
    at.selectbox[0].set_value(outcome)
    at.text_area[0].input(reason)
    at.text_input[0].input(document)
    return at.button[0].click().run()


def test_a_decision_is_written_audited_and_shown_at_once(env, warehouse, monkeypatch) -> None:
    flag = flag_id(warehouse, "E2")
    at = panel("inspectorate", "flag", flag, monkeypatch)
    assert not at.exception
    assert list(at.selectbox[0].options) == [
        "Xác nhận vi phạm",
        "Không vi phạm (bắt buộc: Lý do / nội dung tóm tắt)",
        "Đã giải trình, chấp nhận (bắt buộc: Số, ký hiệu văn bản)",
    ]
    at = submit(at, "dismissed", reason="Việc thuộc thẩm quyền Sở Nội vụ")
    assert not at.exception and not at.error
    (row,) = store.history(env["decisions"])
    assert (row["subject_id"], row["outcome"], row["decided_by"], row["role"]) == (
        flag, "dismissed", "test-inspectorate", "inspectorate"
    )  # fmt: skip
    shown = " ".join(m.value for m in at.markdown)
    assert "Không vi phạm" in shown and "Việc thuộc thẩm quyền Sở Nội vụ" in shown
    assert any("Đã ghi quyết định số 1" in s.value for s in at.success)
    events = [json.loads(line) for line in env["audit"].read_text(encoding="utf-8").splitlines()]
    assert [(e["action"], e["user"], e["details"]["decision_id"]) for e in events] == [
        ("decision", "test-inspectorate", 1)
    ]


def test_the_panel_refuses_what_the_cli_refuses(env, warehouse, monkeypatch) -> None:
    at = panel("inspectorate", "flag", flag_id(warehouse, "E2"), monkeypatch)
    at = submit(at, "dismissed")  # no reason
    assert [e.value for e in at.error] and "cần ghi lý do" in at.error[0].value
    at = panel("inspectorate", "flag", "transfer_within_authority:E9:0000000000", monkeypatch)
    at = submit(at, "confirmed")
    assert "Không tìm thấy" in at.error[0].value
    assert store.history(env["decisions"]) == []


def test_another_role_sees_the_history_but_no_form(env, warehouse, monkeypatch) -> None:
    flag = flag_id(warehouse, "E1")
    store.record(env["decisions"], store.Decision("flag", flag, "confirmed", "thanhtra", "inspectorate"))
    at = panel("board", "flag", flag, monkeypatch)
    assert not at.exception
    assert len(at.button) == 0 and len(at.selectbox) == 0
    assert "Xác nhận vi phạm" in " ".join(m.value for m in at.markdown)
    assert "chỉ xem" in " ".join(c.value for c in at.caption)


def test_an_unwritable_store_fails_the_form_with_a_clear_message(
    env, warehouse, tmp_path, monkeypatch
) -> None:
    (tmp_path / "blocker").write_text("x")
    monkeypatch.setenv("CONGVU_DECISIONS", str(tmp_path / "blocker" / "decisions.sqlite"))
    at = panel("inspectorate", "flag", flag_id(warehouse, "E2"), monkeypatch)
    at = submit(at, "confirmed")
    assert "Không ghi được vào kho quyết định" in at.error[0].value
    assert "CHƯA được lưu" in at.error[0].value


def test_to_decide_lists_undecided_flags_live(env, warehouse) -> None:
    at = signed_in("inspectorate").switch_page("app_pages/shared/to_decide.py").run()
    assert not at.exception
    assert at.metric[0].value == "2"
    store.record(
        env["decisions"], store.Decision("flag", flag_id(warehouse, "E1"), "confirmed", "a", "inspectorate")
    )
    at = signed_in("inspectorate").switch_page("app_pages/shared/to_decide.py").run()
    assert at.metric[0].value == "1"
    audit = env["audit"].read_text(encoding="utf-8")
    assert '"page": "to-decide"' in audit


def _form_button(at: AppTest, form: str):
    return next(b for b in at.button if b.proto.form_id == form)


def test_shifting_page_explanation_then_verdict(env, warehouse) -> None:
    flag = flag_id(warehouse, "E2")
    at = signed_in("inspectorate").switch_page("app_pages/inspectorate/shifting.py").run()
    assert not at.exception
    at.selectbox(key="shifting_flag_pick").set_value(flag).run()
    at.text_area(key="shifting_explanation_reason").input("Sở Tài chính giải trình")
    at.text_input(key="shifting_explanation_document").input("45/BC-STC")
    _form_button(at, "shifting_explanation_form").click().run()
    assert not at.error, [e.value for e in at.error]
    at.selectbox(key="shifting_verdict_outcome").set_value("dismissed")
    at.text_area(key="shifting_verdict_reason").input("Thuộc thẩm quyền Sở Nội vụ")
    _form_button(at, "shifting_verdict_form").click().run()
    assert not at.error, [e.value for e in at.error]
    assert [(r["subject_kind"], r["outcome"]) for r in store.history(env["decisions"])] == [
        ("explanation", "received"),
        ("flag", "dismissed"),
    ]
    # the list shows the verdict at once, read live from the store (no rebuild)
    table = next(d.value for d in at.dataframe if "decision_label" in d.value.columns)
    assert table.set_index("flag_id").loc[flag, "decision_label"] == "Không vi phạm"


@pytest.mark.parametrize(("share", "saved"), [(85.0, True), (75.0, False)])
def test_commendation_page_council_vote(env, share: float, saved: bool) -> None:
    at = signed_in("board").switch_page("app_pages/board/commendation.py").run()
    assert not at.exception
    at.selectbox(key="commendation_pick").set_value("O2/2026").run()
    at.selectbox(key="commendation_decision_outcome").set_value("approved")
    at.number_input(key="commendation_decision_share").set_value(share)
    _form_button(at, "commendation_decision_form").click().run()
    rows = store.history(env["decisions"])
    if saved:
        assert not at.error and [(r["subject_id"], r["outcome"], r["vote_share"]) for r in rows] == [
            ("O2/2026", "approved", 0.85)
        ]
    else:
        assert rows == [] and "thấp hơn mức 80%" in at.error[0].value


def test_orphaned_decisions_are_listed_on_the_data_quality_page(app_env, tmp_path, monkeypatch) -> None:
    import datetime as dt

    # a decision on a flag whose record is not in the data the warehouse is then built from
    store.record(
        tmp_path / "wh" / "decisions.sqlite",
        store.Decision(
            "flag", "transfer_within_authority:E9:0123456789", "confirmed", "thanhtra", "inspectorate"
        ),
    )
    db = build_warehouse(tmp_path / "wh", {"tasks": TASKS, "task_events": EVENTS}, as_of=dt.date(2026, 6, 30))
    app_env(db)
    monkeypatch.setenv("CONGVU_DECISIONS", str(tmp_path / "wh" / "decisions.sqlite"))
    at = signed_in("admin").switch_page("app_pages/shared/data_quality.py").run()
    assert not at.exception
    orphans = next(d.value for d in at.dataframe if "subject_id" in d.value.columns)
    assert orphans["subject_id"].tolist() == ["transfer_within_authority:E9:0123456789"]
    assert any(s.value == "Quyết định không còn đối tượng sau lần xây dựng gần nhất" for s in at.subheader)


def _task_page(role: str, task_id: str) -> AppTest:
    at = signed_in(role)
    at.query_params["id"] = task_id
    at.switch_page("app_pages/shared/task.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_task_page_records_the_verdict_on_its_flag(env, warehouse) -> None:
    flag = flag_id(warehouse, "E2")
    at = _task_page("inspectorate", "T4")
    at.selectbox(key="task_flag_pick").set_value(flag).run()
    at.selectbox(key="task_flag_verdict_outcome").set_value("confirmed")
    at.text_area(key="task_flag_verdict_reason").input("Chuyển việc thuộc thẩm quyền của Sở Tài chính")
    _form_button(at, "task_flag_verdict_form").click().run()
    assert not at.error, [e.value for e in at.error]
    assert [(r["subject_id"], r["outcome"]) for r in store.history(env["decisions"])] == [(flag, "confirmed")]
    table = next(d.value for d in at.dataframe if "decision_label" in d.value.columns)
    assert table.set_index("flag_id").loc[flag, "decision_label"] == "Xác nhận vi phạm"


def test_official_page_shows_the_verdict_on_their_flags_as_it_stands_now(env, warehouse) -> None:
    flag = flag_id(warehouse, "E2")  # E2 was carried out by O3
    store.record(env["decisions"], store.Decision("flag", flag, "confirmed", "thanhtra", "inspectorate"))
    at = signed_in("inspectorate")
    at.query_params["id"] = "O3"
    at.switch_page("app_pages/shared/official.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.dataframe if "flag_id" in d.value.columns)
    assert table.set_index("flag_id").loc[flag, "decision_label"] == "Xác nhận vi phạm"


def test_task_page_certifies_an_objective_cause_of_a_late_task(env, warehouse) -> None:
    on_time = _task_page("home_affairs", "T4")
    assert "task_objective_cause_form" not in {b.proto.form_id for b in on_time.button}
    at = _task_page("home_affairs", "T5")
    at.selectbox(key="task_objective_cause_outcome").set_value("certified")
    at.text_input(key="task_objective_cause_document").input("15/QĐ-UBND")
    _form_button(at, "task_objective_cause_form").click().run()
    assert not at.error, [e.value for e in at.error]
    assert [(r["subject_kind"], r["subject_id"], r["outcome"]) for r in store.history(env["decisions"])] == [
        ("objective_cause", "T5", "certified")
    ]
