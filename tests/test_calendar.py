"""The Vietnamese working-day calendar (calendar_days) and the working-day columns built on it."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.prepare.calendar import CalendarError, calendar_rows, read_overrides
from tests.builders import TASK_HEADER, build_warehouse, query

CONSULTATIONS = """\
consultation_id,requesting_agency_id,consulted_agency_id,sent_on,deadline_on,responded_on
C-TET,SXD,STC,2024-02-07,2024-02-23,2024-02-16
C-SAME-DAY,SXD,STC,2024-03-05,2024-03-10,2024-03-05
C-WEEKEND,SXD,STC,2024-03-08,2024-03-20,2024-03-11
C-OPEN,SXD,STC,2024-03-08,2024-03-20,
"""

TASKS = (
    TASK_HEADER
    + "\n"
    + "\n".join(
        [
            # due Wed 7/2/2024, done Fri 16/2/2024: 9 calendar days late, 2 working days (Tết 8-14/2)
            "T-TET,Trễ qua Tết,city_pc,SXD,O1,agency,2024-01-10,2024-02-07,2024-02-16,false",
            # due Fri 26/4/2024, open at as_of Mon 6/5/2024: 29/4 swapped off, 30/4 and 1/5 holidays,
            # Sat 4/5 worked in exchange → 2/5, 3/5, 4/5, 6/5 = 4 working days
            "T-OPEN,Còn mở qua lễ 30/4,city_pc,SXD,O1,agency,2024-04-01,2024-04-26,,false",
            "T-ONTIME,Đúng hạn,city_pc,SXD,O1,agency,2024-04-01,2024-04-26,2024-04-25,false",
        ]
    )
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cal")
    own = folder / "own_days.csv"
    own.write_text(
        "date,is_working_day,note\n15/03/2024,false,Nghỉ riêng của địa phương (test)\n", encoding="utf-8"
    )
    config = folder / "config.toml"
    config.write_text('[calendar]\noverrides_file = "own_days.csv"\n', encoding="utf-8")
    return build_warehouse(
        folder, {"consultations": CONSULTATIONS, "tasks": TASKS}, as_of="2024-05-06", config=config
    )


def _day(db, day: str) -> dict:
    return query(db, "select * from calendar_days where day = $d::date", {"d": day})[0]


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        ("2024-02-08", False, "29 Tết"),
        ("2024-02-10", False, "Mùng 1 Tết (also a Saturday)"),
        ("2024-02-14", False, "Mùng 5 Tết: five Tết days for civil servants 8-14/2/2024"),
        ("2024-02-15", True, "back to work after Tết"),
        ("2024-04-18", False, "Hùng Kings (10/3 lunar)"),
        ("2024-04-29", False, "day off swapped with Saturday 4/5/2024 (2450/VPCP-KGVX)"),
        ("2024-05-04", True, "Saturday worked in exchange"),
        ("2024-09-02", False, "National Day"),
        ("2024-09-03", False, "the day adjacent to National Day"),
        ("2023-05-02", False, "Hùng Kings 29/4/2023 fell on Saturday: compensated on the next working day"),
        ("2024-03-16", False, "an ordinary Saturday"),
        ("2024-03-15", False, "a user's own override file, named in --config"),
    ],
)
def test_days(warehouse, day, working, why):
    assert _day(warehouse, day)["is_working_day"] is working, why


def test_holiday_names_and_index(warehouse):
    tet = _day(warehouse, "2024-02-10")
    assert "Tết" in tet["holiday_name"]
    assert (
        _day(warehouse, "2024-02-16")["working_day_index"]
        - _day(warehouse, "2024-02-07")["working_day_index"]
        == 2
    )
    span = query(warehouse, "select min(day) as lo, max(day) as hi from calendar_days")[0]
    assert span["lo"] <= dt.date(2024, 1, 10) and span["hi"] >= dt.date(2024, 5, 6)


def test_consultation_across_tet_in_working_days(warehouse):
    rows = {
        r["consultation_id"]: r
        for r in query(
            warehouse,
            "select consultation_id, response_days, response_days_calendar from consultation_status",
        )
    }
    # sent Wed 7/2/2024, answered Fri 16/2/2024: counting starts the next day (Civil Code Art. 147);
    # 8-14/2 are Tết, so only Thu 15 and Fri 16 are working days
    assert (rows["C-TET"]["response_days"], rows["C-TET"]["response_days_calendar"]) == (2, 9)
    assert (rows["C-SAME-DAY"]["response_days"], rows["C-SAME-DAY"]["response_days_calendar"]) == (0, 0)
    # sent Friday, answered Monday: one working day
    assert (rows["C-WEEKEND"]["response_days"], rows["C-WEEKEND"]["response_days_calendar"]) == (1, 3)
    assert rows["C-OPEN"]["response_days"] is None


def test_days_overdue_working(warehouse):
    rows = {
        r["task_id"]: r
        for r in query(warehouse, "select task_id, days_overdue, days_overdue_working from task_status")
    }
    assert (rows["T-TET"]["days_overdue"], rows["T-TET"]["days_overdue_working"]) == (9, 2)
    assert (rows["T-OPEN"]["days_overdue"], rows["T-OPEN"]["days_overdue_working"]) == (10, 4)
    assert (rows["T-ONTIME"]["days_overdue"], rows["T-ONTIME"]["days_overdue_working"]) == (0, 0)


def test_committed_overrides_name_their_source():
    from pipelines.prepare.calendar import OVERRIDES

    rows = read_overrides(OVERRIDES)
    assert rows and all(note and source for _, _, note, source in rows)
    assert (dt.date(2024, 5, 4), True) in {(day, working) for day, working, _, _ in rows}


def test_bad_override_file_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,is_working_day,note\n2024-13-01,true,x\n", encoding="utf-8")
    with pytest.raises(CalendarError, match="bad.csv"):
        calendar_rows(dt.date(2024, 1, 1), dt.date(2024, 1, 31), [bad])


def _calendar_2026() -> dict[dt.date, tuple[bool, str | None, str]]:
    from pipelines.prepare.calendar import OVERRIDES

    rows = calendar_rows(dt.date(2026, 1, 1), dt.date(2026, 12, 31), [OVERRIDES])
    return {day: (working, name, source) for day, working, name, source in rows}


@pytest.mark.parametrize(
    ("day", "working", "source_has", "why"),
    [
        ("2026-01-01", False, "holidays", "Tết Dương lịch (Labour Code Art. 112)"),
        ("2026-01-02", False, "12729/VPCP-KGVX", "swapped off: New Year break 1-4/1/2026"),
        ("2026-01-10", True, "12729/VPCP-KGVX", "Saturday worked in exchange for 2/1/2026"),
        ("2026-02-13", True, "weekday", "Fri 13/2/2026: the last working day before Tết Bính Ngọ"),
        ("2026-02-16", False, "holidays", "29 Tết Ất Tỵ: five Tết days 16-20/2/2026 (9441/TB-BNV)"),
        ("2026-02-20", False, "holidays", "Mùng 4 Tết"),
        ("2026-02-23", True, "weekday", "back to work after the 9-day break 14-22/2/2026"),
        ("2026-04-27", False, "holidays", "Hùng Kings fell on Sun 26/4/2026: compensated Mon 27/4"),
        ("2026-08-22", True, "9441/TB-BNV", "Saturday worked in exchange for Mon 31/8/2026"),
        ("2026-08-31", False, "9441/TB-BNV", "swapped off: National Day break 29/8-2/9/2026"),
        ("2026-09-01", False, "holidays", "the day adjacent to National Day"),
        ("2026-09-02", False, "holidays", "National Day"),
        ("2026-09-03", True, "weekday", "back to work"),
        (
            "2026-11-24",
            True,
            "80-NQ/TW",
            "Ngày Văn hóa Việt Nam: a Party policy, not yet a legal day off in 2026",
        ),
    ],
)
def test_calendar_2026_against_the_government_notices(day, working, source_has, why):
    is_working, _, source = _calendar_2026()[dt.date.fromisoformat(day)]
    assert is_working is working, why
    assert source_has in source, (why, source)


def test_every_holidays_package_swap_or_new_holiday_is_sourced_by_an_override():
    """The package's swapped days, Saturdays worked and holidays outside Labour Code 2019 Art. 112 are not
    taken on trust: each is confirmed or corrected by a row of the committed overrides that names its
    notice."""
    import holidays

    from pipelines.prepare.calendar import OVERRIDES

    sourced = {day for day, _, _, source in read_overrides(OVERRIDES) if source}
    for year in (2024, 2025, 2026):
        package = holidays.Vietnam(years=year, language="vi")
        unverified = {d for d, name in package.items() if "thay cho" in name or "Văn hóa" in name}
        unverified |= {d for d in package.weekend_workdays if d.year == year}
        assert unverified <= sourced, sorted(unverified - sourced)
