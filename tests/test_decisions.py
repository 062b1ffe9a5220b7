"""The decision layer (issue 13, contract §4): who decides what, the append-only store, stable flag ids,
`congvu decide` / `decisions list` / `build --decisions`, and what each decision changes in the marts.

A small input as of 30/06/2026 (Decree 335/2025 and Decree 152/2025 in force):
- E1: SXD transfers its own task T3 to STC → transfer_within_authority held against SXD;
- E2: STC transfers its own task T4 to SNV → transfer_within_authority held against STC;
- T1: O1's task due 10/02/2026, done 20/02/2026 → done late (the objective-cause case);
- O2 graded excellent for 2026 → proposed base emulation fighter; O4 leads key task T5, overdue > 30 days
  → personnel_review.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.build import build
from pipelines.decisions import policy, store
from pipelines.decisions.record import decide
from pipelines.decisions.subjects import lookup
from tests.builders import TASK_HEADER, query, write_inputs

AS_OF = "2026-06-30"
TASKS = (
    TASK_HEADER
    + """
T1,Báo cáo quý I,city_pc,SXD,O1,agency,2026-01-05,2026-02-10,2026-02-20,false
T2,Báo cáo tháng 1,city_pc,SXD,O1,agency,2026-01-05,2026-02-15,2026-02-14,false
T3,Cấp phép khu A,city_pc,SXD,O1,agency,2026-01-10,2026-05-30,2026-05-20,false
T4,Quyết toán cầu B,city_pc,STC,O3,agency,2026-01-10,2026-05-30,2026-05-25,false
T5,Đề án nhà ở xã hội,city_pc,SNV,O4,agency,2026-01-10,2026-03-01,,true
"""
)
EVENTS = """\
event_id,task_id,occurred_on,kind,from_agency_id,to_agency_id,official_id,reason,new_due_on
E1,T3,2026-02-01,transfer,SXD,STC,O1,other,
E2,T4,2026-03-01,transfer,STC,SNV,O3,other,
"""
RATINGS = """\
official_id,year,grade
O2,2026,excellent
O4,2026,good
"""


def inputs(folder: Path, events: str = EVENTS) -> Path:
    return write_inputs(folder, {"tasks": TASKS, "task_events": events, "annual_ratings": RATINGS})


def congvu(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A built warehouse, a users file with one account per role, and paths for the store and audit log."""
    from dashboard.accounts import add_user

    root = tmp_path_factory.mktemp("decisions")
    folder = inputs(root / "input")
    db = root / "wh.duckdb"
    build(folder, db, as_of=_date(AS_OF))
    users = root / "users.toml"
    for name, role in (("thanhtra", "inspectorate"), ("noivu", "home_affairs"), ("hoidong", "board")):
        add_user(users, name, role, "mat-khau-dai-1")
    return {"root": root, "input": folder, "db": db, "users": users}


def _date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def flag_of(db: Path, event_id: str) -> str:
    (row,) = query(db, "select flag_id from shifting_flags where event_id = $e", {"e": event_id})
    return row["flag_id"]


def decide_cli(site: dict[str, Path], store_path: Path, by: str, *args: str) -> subprocess.CompletedProcess:
    return congvu(
        "decide", "--db", str(site["db"]), "--decisions", str(store_path), "--users", str(site["users"]),
        "--audit", str(store_path.with_suffix(".audit.jsonl")), "--by", by, *args,
    )  # fmt: skip


# --- who decides what -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "kind", "outcome", "fields", "refused_with"),
    [
        ("inspectorate", "flag", "confirmed", {}, None),
        ("inspectorate", "flag", "dismissed", {}, "cần ghi lý do"),
        ("inspectorate", "flag", "dismissed", {"reason": "  "}, "cần ghi lý do"),
        ("inspectorate", "flag", "explained", {"reason": "x"}, "cần số, ký hiệu văn bản"),
        ("inspectorate", "explanation", "received", {"document_ref": "12/BC-SXD"}, "cần ghi lý do"),
        ("inspectorate", "explanation", "received", {"document_ref": "12/BC-SXD", "reason": "tóm tắt"}, None),
        ("board", "flag", "confirmed", {}, "không được quyết định"),
        ("admin", "review", "reminder", {}, "không được quyết định"),
        ("home_affairs", "objective_cause", "certified", {}, "cần số, ký hiệu văn bản"),
        ("home_affairs", "objective_cause", "refused", {}, None),
        ("home_affairs", "review", "fired", {}, "Kết quả không hợp lệ"),
        ("inspectorate", "candidate", "approved", {"vote_share": 0.95}, "không được quyết định"),
        ("board", "candidate", "approved", {}, "cần tỷ lệ phiếu"),
        ("board", "candidate", "rejected", {}, None),
        ("board", "candidate", "deferred", {}, None),
        ("board", "candidate", "approved", {"vote_share": 1.5}, "trong khoảng 0–1"),
    ],
)
def test_policy_table(role, kind, outcome, fields, refused_with) -> None:
    if refused_with is None:
        policy.check(role=role, subject_kind=kind, outcome=outcome, **fields)
    else:
        with pytest.raises(policy.Refused, match=refused_with):
            policy.check(role=role, subject_kind=kind, outcome=outcome, **fields)


@pytest.mark.parametrize(
    ("share", "required", "ok"), [(0.85, 0.8, True), (0.8, 0.8, True), (0.75, 0.8, False), (0.85, 0.9, False)]
)
def test_council_vote_share(share: float, required: float, ok: bool) -> None:
    def run() -> None:
        policy.check(
            role="board",
            subject_kind="candidate",
            outcome="approved",
            vote_share=share,
            required_share=required,
        )

    if ok:
        run()
    else:
        with pytest.raises(policy.Refused, match="thấp hơn mức"):
            run()


def test_only_the_deciding_role_gets_outcomes() -> None:
    assert [o.code for o in policy.outcomes_for("inspectorate", "flag")] == [
        "confirmed",
        "dismissed",
        "explained",
    ]
    assert policy.outcomes_for("board", "flag") == ()
    assert {k.code for k in policy.kinds_for("home_affairs")} == {"objective_cause", "review"}


# --- the store --------------------------------------------------------------------------------------------
def test_store_is_append_only_and_the_latest_supersedes(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    first = store.record(path, store.Decision("flag", "F1", "confirmed", "a", "inspectorate"))
    second = store.record(path, store.Decision("flag", "F1", "dismissed", "b", "inspectorate", reason="r"))
    assert second > first
    con = sqlite3.connect(path)
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("update decisions set outcome = 'confirmed'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("delete from decisions")
    con.close()
    rows = store.history(path)
    assert [r["outcome"] for r in rows] == ["confirmed", "dismissed"]
    assert store.current(rows)[("flag", "F1")]["decision_id"] == second


def test_a_failing_audit_writes_no_decision(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"

    def broken(_id: int, _at: str) -> None:
        raise OSError("disk full")

    with pytest.raises(store.StoreUnavailable, match="CHƯA được lưu"):
        store.record(
            path, store.Decision("flag", "F1", "confirmed", "a", "inspectorate"), before_commit=broken
        )
    assert store.history(path) == []


@pytest.mark.parametrize("breakage", ["parent_is_a_file", "not_a_database"])
def test_an_unwritable_store_is_a_clear_error(tmp_path: Path, breakage: str) -> None:
    if breakage == "parent_is_a_file":
        (tmp_path / "blocker").write_text("x")
        path = tmp_path / "blocker" / "decisions.sqlite"
    else:
        path = tmp_path / "decisions.sqlite"
        path.write_bytes(b"this is not an SQLite file " * 100)
    with pytest.raises(store.StoreUnavailable, match="Không ghi được vào kho quyết định"):
        store.record(path, store.Decision("flag", "F1", "confirmed", "a", "inspectorate"))


def test_backup_copies_a_store_in_use(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    store.record(path, store.Decision("review", "O1", "reminder", "a", "home_affairs"))
    store.backup(path, tmp_path / "copy.sqlite")
    assert [r["subject_id"] for r in store.history(tmp_path / "copy.sqlite")] == ["O1"]


# --- stable flag ids --------------------------------------------------------------------------------------
def test_flag_ids_are_the_same_in_two_builds_and_change_only_with_their_records(tmp_path: Path) -> None:
    def ids(folder: Path, name: str) -> dict[str, str]:
        db = tmp_path / name
        build(folder, db, as_of=_date(AS_OF))
        return {
            r["event_id"]: r["flag_id"] for r in query(db, "select event_id, flag_id from shifting_flags")
        }

    same = inputs(tmp_path / "a")
    first, second = ids(same, "1.duckdb"), ids(same, "2.duckdb")
    assert first == second and set(first) == {"E1", "E2"}
    moved = inputs(tmp_path / "b", EVENTS.replace("E1,T3,2026-02-01", "E1,T3,2026-02-03"))
    third = ids(moved, "3.duckdb")
    assert third["E2"] == first["E2"]
    assert third["E1"] != first["E1"] and third["E1"].startswith("transfer_within_authority:E1:")


# --- congvu decide, decisions list, build --decisions -----------------------------------------------------
def test_decide_refusals_exit_2_with_one_line(site: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    flag = flag_of(site["db"], "E2")
    cases = [
        (("thanhtra", "flag", flag, "dismissed"), "cần ghi lý do"),
        (("hoidong", "flag", flag, "confirmed"), "không được quyết định"),
        (("nobody", "flag", flag, "confirmed"), "Không có tài khoản"),
        (("thanhtra", "flag", "transfer_within_authority:E9:0000000000", "confirmed"), "Không tìm thấy"),
        (("noivu", "objective_cause", "T2", "certified", "--document", "1/QĐ"), "không chậm"),
        (("hoidong", "candidate", "O2/2026", "approved", "--vote-share", "0.75"), "thấp hơn mức 80%"),
    ]
    for (by, *args), message in cases:
        result = decide_cli(site, path, by, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert result.stdout == ""
    assert store.history(path) == []
    refused = path.with_suffix(".audit.jsonl").read_text(encoding="utf-8").count('"decision_refused"')
    assert refused == len(cases) - 1  # an unknown account is refused before anyone is known to audit


def test_decide_prints_the_id_audits_and_lists(site: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    result = decide_cli(site, path, "hoidong", "candidate", "O2/2026", "approved", "--vote-share", "0.85")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    audit_text = path.with_suffix(".audit.jsonl").read_text(encoding="utf-8")
    assert '"action": "decision"' in audit_text and '"decision_id": 1' in audit_text
    reads = tmp_path / "reads.audit.jsonl"
    listing = congvu("decisions", "list", "--decisions", str(path), "--format", "csv", "--audit", str(reads))
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    assert lines[0].startswith("decision_id,decided_at,decided_by,role,subject_kind,subject_id,outcome")
    assert ",hoidong,board,candidate,O2/2026,approved,0.85," in lines[1]
    only_flags = ("--subject-kind", "flag", "--by", "thanhtra")
    assert (
        congvu("decisions", "list", "--decisions", str(path), *only_flags, "--audit", str(reads)).stdout == ""
    )
    # the listing names who decided about whom: each read is in the audit log, with what it printed
    events = [json.loads(line) for line in reads.read_text(encoding="utf-8").splitlines()]
    assert [(e["action"], e["details"]["rows"], e["details"]["subject_kind"]) for e in events] == [
        ("decisions_list", 1, None),
        ("decisions_list", 0, "flag"),
    ]
    assert events[1]["user"] == "thanhtra" and events[0]["user"]  # the OS user when --by is not given


def test_decisions_list_prints_nothing_when_the_audit_log_cannot_be_written(
    site: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "d.sqlite"
    assert (
        decide_cli(
            site, path, "hoidong", "candidate", "O2/2026", "approved", "--vote-share", "0.85"
        ).returncode
        == 0
    )
    listing = congvu("decisions", "list", "--decisions", str(path), "--audit", str(tmp_path))  # a folder
    assert listing.returncode == 2
    assert listing.stdout == "" and "nhật ký truy cập" in listing.stderr


def test_unwritable_store_makes_decide_exit_2(site: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("x")
    result = decide_cli(site, tmp_path / "blocker" / "d.sqlite", "noivu", "review", "O4", "reminder")
    assert result.returncode == 2
    assert "Không ghi được vào kho quyết định" in result.stderr and "CHƯA được lưu" in result.stderr


def test_a_dismissed_flag_survives_a_rebuild_and_leaves_the_upheld_count(site, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    build(site["input"], db, as_of=_date(AS_OF))
    before = query(
        db, "select shifting_flags, shifting_flags_upheld from agency_scorecard where agency_id = 'STC'"
    )
    assert before == [{"shifting_flags": 1, "shifting_flags_upheld": 1}]
    flag = flag_of(db, "E2")
    path = store.default_path(db)  # build finds decisions.sqlite beside the warehouse by itself
    local = {**site, "db": db}
    explained = ("--document", "45/BC-STC", "--reason", "Sở Tài chính giải trình")
    assert decide_cli(local, path, "thanhtra", "explanation", flag, "received", *explained).returncode == 0
    dismissed = ("--reason", "Việc thuộc thẩm quyền Sở Nội vụ")
    assert decide_cli(local, path, "thanhtra", "flag", flag, "dismissed", *dismissed).returncode == 0
    build(site["input"], db, as_of=_date(AS_OF))
    (row,) = query(
        db, "select flag_id, decision, decided_by, decided_on from shifting_flags where event_id = 'E2'"
    )
    assert (row["flag_id"], row["decision"], row["decided_by"]) == (flag, "dismissed", "thanhtra")
    after = query(
        db, "select shifting_flags, shifting_flags_upheld from agency_scorecard where agency_id = 'STC'"
    )
    assert after == [{"shifting_flags": 1, "shifting_flags_upheld": 0}]
    (rate,) = query(
        db,
        "select shifting_flags, shifting_flags_upheld, tasks_flagged from agency_shifting_rate "
        "where agency_id = 'STC'",
    )
    assert rate == {"shifting_flags": 1, "shifting_flags_upheld": 0, "tasks_flagged": 0}
    (official,) = query(
        db,
        "select shifting_actions, shifting_actions_upheld from official_scorecard where official_id = 'O3'",
    )
    assert official == {"shifting_actions": 1, "shifting_actions_upheld": 0}
    kinds = query(
        db, "select subject_kind, outcome, decisions_count from decision_current order by subject_kind"
    )
    assert kinds == [
        {"subject_kind": "explanation", "outcome": "received", "decisions_count": 1},
        {"subject_kind": "flag", "outcome": "dismissed", "decisions_count": 1},
    ]
    assert len(query(db, "select * from decisions")) == 2
    assert query(db, "select * from decision_orphans") == []


def test_a_certified_objective_cause_removes_the_late_product_penalty(site, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    build(site["input"], db, as_of=_date(AS_OF))
    sql = (
        "select products_due, products_on_time, products_late, products_excused, progress_points_pct "
        "from official_period_scores "
        "where official_id = 'O1' and period_kind = 'month' and period_start = '2026-02-01'"
    )
    assert query(db, sql) == [
        {
            "products_due": 2,
            "products_on_time": 1,
            "products_late": 1,
            "products_excused": 0,
            "progress_points_pct": 87.5,
        }
    ]
    path = store.default_path(db)
    result = decide_cli({**site, "db": db}, path, "noivu", "objective_cause", "T1", "certified",
                        "--document", "15/QĐ-UBND", "--reason", "Chờ ý kiến Bộ Xây dựng")  # fmt: skip
    assert result.returncode == 0, result.stderr
    build(site["input"], db, as_of=_date(AS_OF))
    assert query(db, sql) == [
        {
            "products_due": 2,
            "products_on_time": 1,
            "products_late": 0,
            "products_excused": 1,
            "progress_points_pct": 100.0,
        }
    ]
    (task,) = query(db, "select status, decision, decision_by from task_status where task_id = 'T1'")
    assert task == {"status": "done_late", "decision": "certified", "decision_by": "noivu"}


def test_candidate_and_review_decisions_appear_in_their_lists(site, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    build(site["input"], db, as_of=_date(AS_OF))
    path, local = store.default_path(db), {**site, "db": db}
    (candidate,) = query(db, "select proposed_title, vote_share_required from commendation_candidates "
                             "where official_id = 'O2'")  # fmt: skip
    assert candidate == {"proposed_title": "base_emulation_fighter", "vote_share_required": 0.8}
    assert (
        decide_cli(
            local, path, "hoidong", "candidate", "O2/2026", "approved", "--vote-share", "0.85"
        ).returncode
        == 0
    )
    assert decide_cli(local, path, "noivu", "review", "O4", "reminder").returncode == 0
    build(site["input"], db, as_of=_date(AS_OF))
    assert query(db, "select decision, decided_by from commendation_candidates where official_id = 'O2'") == [
        {"decision": "approved", "decided_by": "hoidong"}
    ]
    assert query(db, "select decision from personnel_review where official_id = 'O4'") == [
        {"decision": "reminder"}
    ]


def test_decisions_whose_subject_is_gone_are_kept_as_orphans(site, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    build(site["input"], db, as_of=_date(AS_OF))
    flag = flag_of(db, "E1")
    assert (
        decide_cli(
            {**site, "db": db}, store.default_path(db), "thanhtra", "flag", flag, "confirmed"
        ).returncode
        == 0
    )
    build(
        inputs(tmp_path / "later", EVENTS.replace("E1,T3,2026-02-01", "E1,T3,2026-02-03")),
        db,
        as_of=_date(AS_OF),
    )
    orphans = query(db, "select subject_kind, subject_id, outcome from decision_orphans")
    assert orphans == [{"subject_kind": "flag", "subject_id": flag, "outcome": "confirmed"}]
    assert len(query(db, "select * from decisions")) == 1


def test_a_named_store_that_is_missing_is_unusable_input(site, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    result = congvu("build", "--input", str(site["input"]), "--db", str(db), "--as-of", AS_OF,
                    "--decisions", str(tmp_path / "nope.sqlite"))  # fmt: skip
    assert result.returncode == 2 and "decision store not found" in result.stderr
    assert not db.exists()


# --- concurrency ------------------------------------------------------------------------------------------
WRITERS, EACH = 8, 25


def _write_many(args: tuple[str, str, int]) -> list[int]:
    path, audit_path, writer = args
    subject = lookup(Path(path).parent / "wh.duckdb", "review", "O4")
    return [
        decide(
            store_path=Path(path),
            audit_path=Path(audit_path),
            user=f"u{writer}",
            role="home_affairs",
            subject_kind="review",
            subject_id="O4",
            outcome="reminder",
            subject=subject,
            reason=f"writer {writer} decision {i}",
        )  # fmt: skip
        for i in range(EACH)
    ]


def test_eight_processes_deciding_at_once_lose_nothing(site, tmp_path: Path) -> None:
    import multiprocessing
    import shutil

    shutil.copy(site["db"], tmp_path / "wh.duckdb")
    path, audit_path = tmp_path / "decisions.sqlite", tmp_path / "audit.jsonl"
    with multiprocessing.get_context("spawn").Pool(WRITERS) as pool:
        ids = pool.map(_write_many, [(str(path), str(audit_path), w) for w in range(WRITERS)])
    flat = [i for chunk in ids for i in chunk]
    assert len(flat) == len(set(flat)) == WRITERS * EACH
    rows = store.history(path)
    assert len(rows) == WRITERS * EACH
    assert {r["reason"] for r in rows} == {
        f"writer {w} decision {i}" for w in range(WRITERS) for i in range(EACH)
    }
    assert audit_path.read_text(encoding="utf-8").count('"action": "decision"') == WRITERS * EACH


def test_eight_threads_deciding_at_once_lose_nothing(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "decisions.sqlite"

    def write(writer: int) -> list[int]:
        return [
            store.record(
                path, store.Decision("flag", f"F{writer}", "confirmed", f"u{writer}", "inspectorate")
            )
            for _ in range(EACH)
        ]

    with ThreadPoolExecutor(WRITERS) as pool:
        ids = [i for chunk in pool.map(write, range(WRITERS)) for i in chunk]
    assert sorted(ids) == list(range(1, WRITERS * EACH + 1))
    assert len(store.history(path)) == WRITERS * EACH


def test_a_rebuild_while_decisions_are_written_loses_nothing(site, tmp_path: Path) -> None:
    import threading

    db = tmp_path / "wh.duckdb"
    build(site["input"], db, as_of=_date(AS_OF))
    path = store.default_path(db)
    started, stop = threading.Event(), threading.Event()
    written: list[int] = []

    def writer() -> None:
        while not stop.is_set() or len(written) < 20:
            written.append(
                store.record(path, store.Decision("review", "O4", "reminder", "noivu", "home_affairs"))
            )
            started.set()

    thread = threading.Thread(target=writer)
    thread.start()
    started.wait()
    build(site["input"], db, as_of=_date(AS_OF))  # reads the store while the writer keeps writing
    stop.set()
    thread.join()
    in_build = [r["decision_id"] for r in query(db, "select decision_id from decisions order by decision_id")]
    assert in_build == list(range(1, len(in_build) + 1))  # a consistent snapshot: a prefix of the history
    assert [r["decision_id"] for r in store.history(path)] == written == list(range(1, len(written) + 1))
    build(site["input"], db, as_of=_date(AS_OF))
    assert len(query(db, "select * from decisions")) == len(written)
