"""Page queries that read the columns the marts now carry (task titles, key flags, officials' names and ranks;
list columns as text) give the same rows, in the same order, with the same values as the joins they replace —
on the session's demo warehouse, each with every row (a download) and with a filter and a limit (what the
screen shows)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from dashboard.data import QUERIES_DIR

# the queries as they were: the task's title and key flag joined from task_status for the rows picked
SHIFTING_FLAGS_BEFORE = """
with picked as (
    select * from wh.shifting_flags
    where ($kinds is null or list_contains($kinds, kind))
        and ($agencies is null or list_contains($agencies, agency_id))
    order by occurred_on desc nulls last, flag_id
    limit $limit
)
select
    f.flag_id, f.kind, f.agency_id, a.name as agency_name, f.task_id, t.title as task_title, t.is_key,
    f.consultation_id, f.occurred_on, f.evidence, f.event_id
from picked f
left join wh.stg_agencies a on a.agency_id = f.agency_id
left join wh.task_status t on t.task_id = f.task_id
order by occurred_on desc nulls last, flag_id
"""

CONSULTATIONS_BEFORE = """
with picked as (
    select * exclude (task_title) from wh.consultation_status
    where ($agencies is null or list_contains($agencies, consulted_agency_id))
        and ($statuses is null or list_contains($statuses, status)) and (not $deemed_only or deemed_agreed)
    order by sent_on desc, consultation_id
    limit $limit
)
select
    c.*, ra.name as lbl_requesting_agency_name, ca.name as lbl_consulted_agency_name,
    t.title as lbl_task_title
from picked c
left join wh.stg_agencies ra on ra.agency_id = c.requesting_agency_id
left join wh.stg_agencies ca on ca.agency_id = c.consulted_agency_id
left join wh.task_status t on t.task_id = c.task_id
order by sent_on desc, consultation_id
"""

PERSONNEL_BEFORE = """
select
    r.*, o.full_name as lbl_official_name, o.position as lbl_position, o.category as lbl_category,
    a.name as lbl_agency_name
from wh.personnel_review r
left join wh.stg_officials o on o.official_id = r.official_id
left join wh.stg_agencies a on a.agency_id = r.agency_id
order by
    case r.severity when 'high' then 0 when 'medium' then 1 else 2 end, a.name, o.full_name, r.official_id
"""

# the officials page's period scorecard as its query computed it on every view before the mart carried it
# (official_period_scorecard): the tasks each official led due in [$start, $end] (without a deadline: assigned
# in it), the actions with a shifting flag in it; every loaded official
OFFICIALS_OF_PERIOD_BEFORE = """
with
led as (
    select lead_official_id as official_id,
        count(*) as tasks_led,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'open_overdue') as open_overdue,
        count(*) filter (where is_key and completed_on is not null) as key_tasks_done,
        count(*) filter (where completed_early) as early_completions
    from wh.task_status
    where lead_official_id is not null and coalesce(due_on, assigned_on) between $start and $end
    group by all
),
shifting as (
    select official_id, count(distinct event_id) as shifting_actions
    from wh.shifting_flags
    where official_id is not null and event_id is not null and occurred_on between $start and $end
    group by all
)
select o.official_id, o.agency_id,
    coalesce(l.tasks_led, 0) as tasks_led, coalesce(l.done_on_time, 0) as done_on_time,
    coalesce(l.done_late, 0) as done_late, coalesce(l.open_overdue, 0) as open_overdue,
    coalesce(l.key_tasks_done, 0) as key_tasks_done, coalesce(l.early_completions, 0) as early_completions,
    coalesce(s.shifting_actions, 0) as shifting_actions
from wh.stg_officials o
left join led l using (official_id)
left join shifting s using (official_id)
"""

# the agencies' rank, the evasive answer and the no-deadline share as the page queries computed them before
# the marts carried them (metrics defined once, in the marts)
AGENCY_ADDED = "no_deadline_share, min_tasks, enough_data, rank_position"
AGENCIES_BEFORE = f"""
with
scorecard as (select * exclude ({AGENCY_ADDED}) from wh.agency_scorecard),
minimum as (
    select coalesce(
        (select try_cast(value as integer) from wh.settings where key = 'fairness.min_tasks_for_rate'), 5
    ) as min_tasks
)
select
    s.*, s.no_deadline / nullif(s.tasks_total, 0) as no_deadline_share, m.min_tasks,
    s.tasks_due >= m.min_tasks and s.on_time_rate is not null as enough_data,
    case when s.tasks_due >= m.min_tasks and s.on_time_rate is not null then
        rank() over (
            partition by s.tasks_due >= m.min_tasks and s.on_time_rate is not null
            order by s.on_time_rate_low desc, s.on_time_rate desc
        )
    end as rank_position
from scorecard s
cross join minimum m
order by rank_position nulls last, name, agency_id
"""

CONSULTATION_COUNTS_BEFORE = """
select
    c.consulted_agency_id, any_value(a.name) as consulted_agency_name, c.status, c.deemed_agreed,
    coalesce(c.effective_response in ('generic', 'deflect'), false) as evasive, count(*) as consultations
from wh.consultation_status c
left join wh.stg_agencies a on a.agency_id = c.consulted_agency_id
group by all
order by all
"""

NO_DEADLINE_BEFORE = """
select agency_id, name, kind, tasks_total, no_deadline,
    no_deadline / nullif(tasks_total, 0) as no_deadline_share
from wh.agency_scorecard
where tasks_total > 0
order by no_deadline_share desc nulls last, no_deadline desc, agency_id
"""


@pytest.fixture(scope="module")
def wh(demo_warehouse: Path):
    con = duckdb.connect(":memory:")
    con.execute("attach $path as wh (read_only)", {"path": str(demo_warehouse)})
    yield con
    con.close()


def page_query(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
    """A page query as the page runs it; these checks are over the whole record (no period: NULL bounds)."""
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    bounds = {k: None for k in ("start", "end") if f"${k}" in sql and k not in params}
    return con.execute(sql, {**params, **bounds}).df()


def busiest(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    return con.execute(sql).fetchone()[0]


@pytest.mark.parametrize(
    "params",
    [
        {"kinds": None, "agencies": None, "limit": None},
        {"kinds": None, "agencies": None, "limit": 1000},
        {"kinds": ["ping_pong", "consultation_deemed_agreed"], "agencies": None, "limit": 300},
        {"kinds": None, "agencies": "busiest", "limit": 200},
    ],
    ids=["download", "first-page", "two-kinds", "one-agency"],
)
def test_shifting_flags_are_the_rows_the_task_status_join_gave(wh, params: dict) -> None:
    if params["agencies"] == "busiest":
        agency = busiest(
            wh, "select agency_id from wh.shifting_flags group by all order by count(*) desc limit 1"
        )
        params = {**params, "agencies": [agency]}
    before = wh.execute(SHIFTING_FLAGS_BEFORE, params).df()
    after = page_query(wh, "shifting_flags", params)
    assert len(before) > 0
    assert before["task_title"].notna().any() and before["is_key"].fillna(False).any()
    assert_frame_equal(after, before)


@pytest.mark.parametrize(
    "params",
    [
        {"agencies": None, "statuses": None, "deemed_only": False, "limit": None},
        {"agencies": None, "statuses": None, "deemed_only": False, "limit": 1000},
        {
            "agencies": None,
            "statuses": ["unanswered_overdue", "answered_late"],
            "deemed_only": True,
            "limit": 250,
        },
        {"agencies": "busiest", "statuses": None, "deemed_only": False, "limit": 100},
    ],
    ids=["download", "first-page", "deemed", "one-agency"],
)
def test_consultations_are_the_rows_the_task_status_join_gave(wh, params: dict) -> None:
    if params["agencies"] == "busiest":
        agency = busiest(
            wh,
            "select consulted_agency_id from wh.consultation_status "
            "group by all order by count(*) desc limit 1",
        )
        params = {**params, "agencies": [agency]}
    before = wh.execute(CONSULTATIONS_BEFORE, params).df()
    after = page_query(wh, "consultations_status", params)
    assert len(before) > 0 and before["lbl_task_title"].notna().any()
    assert "task_title" not in after  # the mart's title comes once, under the label the page reads
    assert_frame_equal(after, before)


def test_personnel_review_lists_come_as_the_text_the_page_showed(wh) -> None:
    before = wh.execute(PERSONNEL_BEFORE).df()
    after = page_query(wh, "personnel_review", {})
    assert len(before) > 0
    assert list(after.columns) == list(before.columns)
    for column in ("reason_codes", "rule_ids", "records"):
        # what fmt.joined made of the list cell ("a; b", NULL elements left out), now made in SQL
        shown = ["; ".join(str(v) for v in cell if v is not None) for cell in before.pop(column)]
        assert after.pop(column).fillna("").tolist() == shown
    assert_frame_equal(after, before)


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        ("year", dt.date(2026, 1, 1), None),  # the default: the year of as_of, up to as_of
        ("quarter", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("month", dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    ],
)
def test_officials_list_reads_the_counts_and_rank_the_page_computed_on_every_view(
    wh, kind, start, end
) -> None:
    # issue 16: the officials page (and the agency page's people) counted every official's tasks of the period
    # and ranked them in their own query; official_period_scorecard keeps them, defined once
    as_of = wh.execute("select as_of from wh.build_params").fetchone()[0]
    end = min(end or as_of, as_of)
    before = wh.execute(OFFICIALS_OF_PERIOD_BEFORE, {"start": start, "end": end}).df()
    minimum = wh.execute(
        "select value::integer from wh.settings where key = 'fairness.min_tasks_for_rate'"
    ).fetchone()[0]
    params = {"period_kind": kind, "period_start": start, "agencies": None, "enough_only": False}
    after = page_query(wh, "officials_list", {**params, "limit": None})
    assert len(after) == len(before) > 0
    counts = list(before.columns)
    assert_frame_equal(
        after[counts].sort_values("official_id", ignore_index=True),
        before.sort_values("official_id", ignore_index=True),
        check_dtype=False,
    )
    due = after["done_on_time"] + after["done_late"] + after["open_overdue"]
    assert (after["tasks_due"] == due).all()
    assert (after["enough_data"] == (due >= minimum)).all()
    assert not after["enough_data"].all()
    # both sides of the minimum in a year and a quarter (in a month of the demo, nobody leads enough)
    assert after["enough_data"].any() == (kind != "month")
    # ranked first, on the lower bound of the rate, then key tasks done, then early completions
    ranked = after[after["enough_data"]]
    assert after["rank_position"].notna().tolist() == after["enough_data"].tolist()
    assert after.index[after["enough_data"]].tolist() == list(range(len(ranked)))
    expected = (
        ranked[["on_time_rate_low", "key_tasks_done", "early_completions"]]
        .apply(tuple, axis=1)
        .rank(method="min", ascending=False)
    )
    assert ranked["rank_position"].tolist() == expected.astype(int).tolist()
    if ranked.empty:
        return
    # an agency and a limit: the same rows and ranks, the first ones
    agency = ranked["agency_id"].iloc[0]
    first = page_query(
        wh, "officials_list", {**params, "agencies": [agency], "enough_only": True, "limit": 3}
    )
    mine = ranked[ranked["agency_id"] == agency].head(3)
    assert first["official_id"].tolist() == mine["official_id"].tolist()
    assert first["rank_position"].tolist() == mine["rank_position"].tolist()


def test_agencies_scorecard_is_what_ranking_on_every_view_gave(wh) -> None:
    before = wh.execute(AGENCIES_BEFORE).df()
    after = page_query(wh, "agencies_scorecard", {})
    # the name of the agency that carries the work now (2025 reorganisation) is one column added since
    current = dict(zip(after["agency_id"], after.pop("current_name"), strict=True))
    assert current["SKHDT"] == "Sở Tài chính" and current["STC"] == "Sở Tài chính"
    # and the flags not dismissed (issue 13), the mart's last column
    assert after.columns[-1] == "shifting_flags_upheld"
    after = after.drop(columns=["shifting_flags_upheld"])
    assert len(before) > 0
    assert before["rank_position"].notna().any() and before["no_deadline_share"].notna().any()
    assert_frame_equal(after, before[list(after.columns)])  # current_agency_id is the mart's last column now


def test_consultation_counts_read_the_marts_evasive_as_the_page_defined_it(wh) -> None:
    before = wh.execute(CONSULTATION_COUNTS_BEFORE).df()
    sql = (QUERIES_DIR / "consultations_counts.sql").read_text(encoding="utf-8")
    after = wh.execute(f"select * from ({sql}) order by all", {"start": None, "end": None}).df()
    assert before["evasive"].any() and not before["evasive"].all()
    assert_frame_equal(after, before)
    # and the same answers the consultation_evasive flags are raised on, one to one
    (mismatch,) = wh.execute(
        "select count(*) from wh.consultation_status c full join "
        "(select consultation_id from wh.shifting_flags where kind = 'consultation_evasive') f "
        "using (consultation_id) where c.evasive is distinct from (f.consultation_id is not null)"
    ).fetchone()
    assert mismatch == 0


def test_no_deadline_share_is_the_marts_and_what_the_page_computed(wh) -> None:
    before = wh.execute(NO_DEADLINE_BEFORE).df()
    after = page_query(wh, "quality_no_deadline", {})
    assert len(before) > 0 and (before["no_deadline_share"] > 0).any()
    assert_frame_equal(after, before)


OFFICIAL_FLAGS_BEFORE = """
select *
from wh.shifting_flags
where official_id = $official_id or event_official_id = $official_id
order by occurred_on desc nulls last, flag_id
"""


def test_official_flags_in_two_pushed_filters_are_the_flags_of_the_or(wh) -> None:
    # issue 16: the official page's flags read every flag's evidence through an OR of two columns (0.6 s at
    # province scale); the union of two filters gives the same rows, each once, in the same order
    both = busiest(
        wh,
        "select official_id from wh.shifting_flags where official_id = event_official_id "
        "group by all order by count(*) desc, 1 limit 1",
    )
    either = busiest(
        wh,
        "select event_official_id from wh.shifting_flags where event_official_id is not null "
        "and event_official_id is distinct from official_id group by all order by count(*) desc, 1 limit 1",
    )
    for official in (both, either):
        before = wh.execute(OFFICIAL_FLAGS_BEFORE, {"official_id": official}).df()
        assert len(before) > 0
        after = page_query(wh, "official_flags", {"official_id": official})
        # only the columns the official page shows (issue 16: each column read for an official's flags, spread
        # over the whole mart, cost as much as finding them)
        assert list(after.columns) == ["flag_id", "kind", "task_id", "occurred_on", "evidence"]
        assert_frame_equal(after, before[list(after.columns)])


GAMING_SIGNALS_BEFORE = """
select
    g.signal_id, g.kind, g.agency_id, g.agency_name, g.official_id, o.full_name, g.task_id, g.task_title,
    g.occurred_on, g.evidence
from wh.gaming_signals g
left join wh.stg_officials o using (official_id)
where ($kinds is null or list_contains($kinds, g.kind))
    and ($agencies is null or list_contains($agencies, g.agency_id))
    and ($start is null or g.occurred_on >= $start) and ($end is null or g.occurred_on <= $end)
order by g.occurred_on desc, g.signal_id
limit $limit
"""


@pytest.mark.parametrize("limit", [None, 100])
def test_gaming_signals_picked_first_then_named_are_the_rows_of_the_join(wh, limit) -> None:
    # issue 16: the list named every signal before taking its first rows; picking first gives the same rows
    params = {
        "kinds": None,
        "agencies": None,
        "start": dt.date(2000, 1, 1),
        "end": dt.date(2100, 1, 1),
        "limit": limit,
    }
    before = wh.execute(GAMING_SIGNALS_BEFORE, params).df()
    assert len(before) >= 100 and before["full_name"].notna().any()
    assert_frame_equal(page_query(wh, "gaming_signals", params), before)


def test_official_tasks_reads_only_what_the_official_page_shows(wh) -> None:
    # issue 16: the official page read every column of task_status for each task the official led (thousands
    # at province scale, most of the page's time) to show eight of them
    busiest_official = busiest(
        wh,
        "select lead_official_id from wh.task_status where lead_official_id is not null "
        "group by all order by count(*) desc, 1 limit 1",
    )
    rows = page_query(wh, "official_tasks", {"official_id": busiest_official})
    shown = [
        "task_id",
        "title",
        "is_key",
        "due_on",
        "completed_on",
        "status",
        "days_overdue",
        "transfer_count",
    ]
    assert list(rows.columns) == shown
    plain = wh.execute(
        "select task_id from wh.task_status where lead_official_id = $o "
        "order by due_on desc nulls last, task_id",
        {"o": busiest_official},
    ).fetchall()
    assert rows["task_id"].tolist() == [r[0] for r in plain] and len(plain) > 0


# the commendation page's two lists as they read every column of the mart (issue 16: sorting 30,000 whole
# rows, each with its reasons sentence and two criteria lists, to keep a thousand)
COMMENDATION_CANDIDATES_BEFORE = """
with
candidates as (
    select c.*,
        case when c.eligible then 'eligible' when c.insufficient_data then 'insufficient_data'
            else 'not_eligible' end as standing
    from wh.commendation_candidates c
),
final as (
    select c.*, o.full_name as lbl_official_name, o.position as lbl_position, o.category as lbl_category,
        a.name as lbl_agency_name
    from candidates c
    left join wh.stg_officials o on o.official_id = c.official_id
    left join wh.stg_agencies a on a.agency_id = c.agency_id
    where ($start is null or c.year >= year($start)) and ($end is null or c.year <= year($end))
        and ($agencies is null or list_contains($agencies, c.agency_id))
        and ($standings is null or list_contains($standings, c.standing))
        and ($titles is null or not coalesce(c.eligible, false) or list_contains($titles, c.proposed_title))
)
select * from final
order by
    case when $sort = 'score' then score end desc nulls last,
    case when $sort = 'rate' then on_time_rate_low end desc nulls last,
    case when $sort = 'agency' then lbl_agency_name end,
    case when $sort = 'name' then lbl_official_name end,
    eligible desc nulls last, score desc nulls last, lbl_agency_name, lbl_official_name, official_id
limit $limit
"""

COMMENDATION_PROPOSAL_BEFORE = """
select c.*, o.full_name as lbl_official_name, o.position as lbl_position, o.category as lbl_category,
    a.name as lbl_agency_name
from wh.commendation_candidates c
left join wh.stg_officials o on o.official_id = c.official_id
left join wh.stg_agencies a on a.agency_id = c.agency_id
where ($start is null or c.year >= year($start)) and ($end is null or c.year <= year($end))
    and ($agencies is null or list_contains($agencies, c.agency_id))
    and ($titles is null or list_contains($titles, c.proposed_title))
    and c.eligible
order by
    case c.proposed_title when 'city_emulation_fighter' then 0 when 'base_emulation_fighter' then 1
        when 'advanced_worker' then 2 else 3 end,
    c.rank nulls last, o.full_name, c.official_id
limit $limit
"""

# what the commendation page reads of a candidate: the columns it shows, the grounds panel of a picked row
# (dashboard/grounds.py show_candidate) and what they are labelled from (people_labels, fmt.rate_text, …)
COMMENDATION_READ = [
    "official_id", "agency_id", "year", "grade", "on_time_rate_low", "tasks_due", "key_tasks_done",
    "initiatives", "disciplined", "proposed_title", "reasons", "provisional", "on_time_rate",
    "on_time_rate_high", "early_completions", "criteria_met", "criteria_missed", "rank", "rule_set_id",
    "has_left", "min_tasks", "lbl_official_name", "lbl_position", "lbl_category", "lbl_agency_name",
]  # fmt: skip


def _evaluation_year(con: duckdb.DuckDBPyConnection) -> dict:
    (year,) = con.execute("select evaluation_year from wh.build_params").fetchone()
    return {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}


@pytest.mark.parametrize("sort", ["standing", "score", "rate", "agency", "name"])
@pytest.mark.parametrize(
    "picked",
    [
        {"agencies": None, "titles": None, "standings": None, "limit": None},
        {"agencies": None, "titles": None, "standings": None, "limit": 7},
        {"agencies": "busiest", "titles": None, "standings": ["eligible", "not_eligible"], "limit": 5},
        {"agencies": None, "titles": ["advanced_worker"], "standings": None, "limit": None},
    ],
    ids=["download", "first-rows", "one-agency", "one-title"],
)
def test_commendation_candidates_picked_narrow_are_the_rows_of_the_whole_mart(wh, sort, picked) -> None:
    # issue 16: the candidates are sorted on a few columns and read whole only for the rows kept; the same
    # rows in the same order with the same values, in every order the page offers
    params = {**picked, "sort": sort, **_evaluation_year(wh)}
    if params["agencies"] == "busiest":
        agency = busiest(
            wh, "select agency_id from wh.commendation_candidates group by all order by count(*) desc limit 1"
        )
        params["agencies"] = [agency]
    before = wh.execute(COMMENDATION_CANDIDATES_BEFORE, params).df()
    after = page_query(wh, "commendation_candidates", params)
    assert len(before) > 0 and before["criteria_met"].notna().any()
    assert list(after.columns) == COMMENDATION_READ[:-4] + ["standing", *COMMENDATION_READ[-4:]]
    assert_frame_equal(after, before[list(after.columns)])


@pytest.mark.parametrize(
    "picked",
    [
        {"agencies": None, "titles": None, "limit": None},
        {"agencies": None, "titles": None, "limit": 3},
        {"agencies": "busiest", "titles": ["advanced_worker", "base_emulation_fighter"], "limit": None},
    ],
    ids=["download", "first-rows", "one-agency"],
)
def test_commendation_proposal_picked_narrow_is_the_list_of_the_whole_mart(wh, picked) -> None:
    params = {**picked, **_evaluation_year(wh)}
    if params["agencies"] == "busiest":
        agency = busiest(
            wh,
            "select agency_id from wh.commendation_candidates where eligible "
            "group by all order by count(*) desc limit 1",
        )
        params["agencies"] = [agency]
    before = wh.execute(COMMENDATION_PROPOSAL_BEFORE, params).df()
    after = page_query(wh, "commendation_proposal", params)
    assert len(before) > 0
    assert list(after.columns) == COMMENDATION_READ
    assert_frame_equal(after, before[list(after.columns)])
