"""gaming_signals: golden tests on a real build (named edge cases), and the demo's planted agencies found."""

from __future__ import annotations

import datetime as dt

from tests.builders import TASK_HEADER, build_warehouse, query

EVENT_HEADER = "event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on"


def _signals(db, kind: str) -> dict[str, dict]:
    rows = query(db, "select * from gaming_signals where kind = $k", {"k": kind})
    return {r["task_id"] or r["agency_id"]: r for r in rows}


def test_extensions_retroactive_near_due_and_repeated(tmp_path):
    tasks = f"""\
        {TASK_HEADER}
        T_AFTER,Gia hạn sau hạn,internal,SXD,O2,agency,2023-05-02,2023-06-09,2023-06-20,false
        T_ON_DUE,Gia hạn đúng ngày hết hạn,internal,SXD,O2,agency,2023-05-02,2023-06-09,,false
        T_CHAIN,Gia hạn lần hai sau hạn mới,internal,SXD,O2,agency,2023-05-02,2023-06-09,,false
        T_WEEKEND,Hai ngày làm việc qua cuối tuần,internal,SXD,O2,agency,2023-05-02,2023-06-13,,false
        T_THREE_DAYS,Ba ngày làm việc trước hạn,internal,SXD,O2,agency,2023-05-02,2023-06-13,,false
        T_THREE,Gia hạn ba lần,internal,STC,O3,agency,2023-05-02,2023-06-01,,false
        T_TWO,Gia hạn hai lần,internal,STC,O3,agency,2023-05-02,2023-06-01,,false
        """
    events = f"""\
        {EVENT_HEADER}
        E1,T_AFTER,2023-06-10,extend,,,O1,,2023-06-25
        E2,T_ON_DUE,2023-06-09,extend,,,O1,,2023-06-30
        E3,T_CHAIN,2023-05-20,extend,,,O1,,2023-06-20
        E4,T_CHAIN,2023-06-15,extend,,,O1,,2023-06-25
        E5,T_CHAIN,2023-06-26,extend,,,O1,,2023-07-10
        E6,T_WEEKEND,2023-06-09,extend,,,,,2023-06-30
        E7,T_THREE_DAYS,2023-06-08,extend,,,,,2023-06-30
        E8,T_THREE,2023-05-10,extend,,,,,2023-06-10
        E9,T_THREE,2023-05-11,extend,,,,,2023-06-11
        E10,T_THREE,2023-05-12,extend,,,,,2023-06-12
        E11,T_TWO,2023-05-10,extend,,,,,2023-06-10
        E12,T_TWO,2023-05-11,extend,,,,,2023-06-11
        """
    db = build_warehouse(tmp_path, {"tasks": tasks, "task_events": events}, as_of="2023-06-30")
    retro = {
        r["event_id"]: r
        for r in query(db, "select * from gaming_signals where kind = 'retroactive_extension'")
    }
    # the day after the deadline: retroactive; the day of the deadline itself: not (the deadline still runs)
    assert "E1" in retro and "E2" not in retro
    assert retro["E1"]["signal_id"] == "retroactive_extension:E1"
    assert retro["E1"]["agency_id"] == "SXD" and retro["E1"]["official_id"] == "O1"
    assert "09/06/2023" in retro["E1"]["evidence"] and "10/06/2023" in retro["E1"]["evidence"]
    # a second extension is judged against the deadline the first one set (20/06), not the task's own (09/06)
    assert "E4" not in retro
    # the third one comes after the second's deadline (25/06) had passed
    assert "E5" in retro
    assert set(retro) == {"E1", "E5"}

    near = {
        r["event_id"]: r for r in query(db, "select * from gaming_signals where kind = 'extension_near_due'")
    }
    assert "E2" in near and "đúng ngày hết hạn" in near["E2"]["evidence"]
    # Friday 9/6 → Tuesday 13/6 is two working days (Monday, Tuesday): near due; Thursday 8/6 is three
    assert "E6" in near and "E7" not in near
    # official: the event's own, else the task's lead
    assert near["E6"]["official_id"] == "O2"
    assert "E1" not in near and "E5" not in near  # retroactive ones are not "near" the deadline

    repeated = _signals(db, "repeated_extensions")
    # three extensions: at the default threshold (T_CHAIN has three too); two: below it
    assert set(repeated) == {"T_CHAIN", "T_THREE"}
    assert repeated["T_THREE"]["occurred_on"] == dt.date(2023, 5, 12)  # the third extension's date
    assert repeated["T_THREE"]["signal_id"] == "repeated_extensions:T_THREE"


def test_reopened_after_done(tmp_path):
    tasks = f"""\
        {TASK_HEADER}
        T_VOIDED,Hoàn thành rồi bị trả lại,internal,SXD,O2,agency,2023-05-02,2023-06-09,2023-06-01,false
        T_REDONE,Trả lại rồi hoàn thành lại,internal,SXD,O2,agency,2023-05-02,2023-06-09,2023-06-20,false
        T_PLAIN,Không mở lại,internal,SXD,O2,agency,2023-05-02,2023-06-09,2023-06-05,false
        """
    events = f"""\
        {EVENT_HEADER}
        R1,T_VOIDED,2023-06-05,reopen,,,O1,,
        R2,T_REDONE,2023-06-10,reopen,,,,,
        """
    db = build_warehouse(tmp_path, {"tasks": tasks, "task_events": events}, as_of="2023-06-30")
    found = _signals(db, "reopened_after_done")
    assert set(found) == {"T_VOIDED", "T_REDONE"}
    assert found["T_VOIDED"]["official_id"] == "O1" and found["T_REDONE"]["official_id"] == "O2"
    assert "ngày hoàn thành 01/06/2023 trong tệp không còn giá trị" in found["T_VOIDED"]["evidence"]
    assert "hoàn thành lại ngày 20/06/2023" in found["T_REDONE"]["evidence"]


def _completions(agency: str, prefix: str, days: list[dt.date]) -> list[str]:
    official = {"SXD": "O2", "STC": "O3", "SNV": "O4"}[agency]
    return [
        f"{prefix}{i},Việc "
        f"{i},internal,{agency},{official},agency,2022-12-01,2024-03-31,{d.isoformat()},false"
        for i, d in enumerate(days)
    ]


def _spread(start: dt.date, n: int) -> list[dt.date]:
    """n completions spread over the first 60 days of a quarter (none in its last working days)."""
    return [start + dt.timedelta(days=2 * i % 60) for i in range(n)]


def test_period_end_closing_against_own_history_with_minimum_n(tmp_path):
    quarters = [dt.date(2023, 1, 1), dt.date(2023, 4, 1), dt.date(2023, 7, 1)]
    rows = []
    for agency, bulk in (("SXD", 20), ("STC", 12), ("SNV", 20)):
        for q in quarters:
            # two usual completions in the last working days of each quarter, and the rest spread
            end = (q.replace(month=q.month + 2) + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
            rows += _completions(
                agency, f"{agency}{q.month}U", [end - dt.timedelta(days=1)] * 2 + _spread(q, 25)
            )
        # Q4 2023: the bulk in the last five working days (27–29/12 are Wed–Fri)
        q4 = _spread(dt.date(2023, 10, 1), 10) + [dt.date(2023, 12, 27 + i % 3) for i in range(bulk)]
        if agency == "SNV":  # SNV closes at quarter end every quarter: it is its own usual, no signal
            q4 = _spread(dt.date(2023, 10, 1), 25) + [dt.date(2023, 12, 28)] * 2
        rows += _completions(agency, f"{agency}Q4", q4)
    tasks = TASK_HEADER + "\n" + "\n".join(rows) + "\n"
    db = build_warehouse(tmp_path, {"tasks": tasks}, as_of="2024-01-15")
    found = query(db, "select * from gaming_signals where kind = 'period_end_closing' order by agency_id")
    # SXD: 20 of 30 in Q4's last days against 2 of 27 in each other quarter → signalled; STC: 12 of 22, still
    # at least the minimum n → signalled; SNV: 2 of 27 like in its other quarters → nothing unusual
    by_agency = {r["agency_id"]: r for r in found}
    assert set(by_agency) == {"SXD", "STC"}
    sxd = by_agency["SXD"]
    assert sxd["signal_id"] == "period_end_closing:SXD:2023-Q4"
    assert sxd["occurred_on"] == dt.date(2023, 12, 31)
    assert sxd["task_id"] is None and sxd["official_id"] is None
    assert "20/30" in sxd["evidence"] and "Sở Xây dựng" in sxd["evidence"]


def test_period_end_closing_needs_the_minimum_n(tmp_path):
    quarters = [dt.date(2023, 1, 1), dt.date(2023, 4, 1), dt.date(2023, 7, 1)]
    rows = []
    for q in quarters:
        rows += _completions("SXD", f"U{q.month}", _spread(q, 25))
    # Q4: 15 completions, all in the last days — a striking share, but fewer than the minimum of 20
    rows += _completions("SXD", "Q4", [dt.date(2023, 12, 28)] * 15)
    db = build_warehouse(tmp_path, {"tasks": TASK_HEADER + "\n" + "\n".join(rows) + "\n"}, as_of="2024-01-15")
    assert query(db, "select * from gaming_signals where kind = 'period_end_closing'") == []


def test_gaming_signals_never_enter_grades():
    from pathlib import Path

    marts = Path(__file__).resolve().parents[1] / "pipelines" / "sql" / "marts"
    assert (marts / "gaming_signals.sql").is_file()
    # no other model reads the signals: they are leads, never an input of a grade, score or rank
    readers = [
        p.stem
        for p in marts.glob("*.sql")
        if p.stem != "gaming_signals" and "gaming_signals" in p.read_text(encoding="utf-8")
    ]
    assert readers == []


def test_demo_signals_find_exactly_the_planted_agencies(demo_warehouse, demo_manifest):
    planted = demo_manifest["planted"]
    retro = query(
        demo_warehouse, "select distinct agency_id from gaming_signals where kind = 'retroactive_extension'"
    )
    assert sorted(r["agency_id"] for r in retro) == sorted(planted["retroactive_extension_agencies"])
    closing = query(
        demo_warehouse,
        "select agency_id, year(occurred_on) || '-Q' || quarter(occurred_on) as q from gaming_signals "
        "where kind = 'period_end_closing'",
    )
    assert sorted({r["agency_id"] for r in closing}) == sorted(planted["period_end_closing_agencies"])
    assert {r["q"] for r in closing} == set(planted["period_end_closing_quarters"])
