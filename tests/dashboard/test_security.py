"""The defences of issue 11 that need no browser: sessions on the server, the audit failing closed,
neutralised exports, escaped text, the audit log's damaged lines, and `congvu serve` refusing to start
unsafely. Real files, real AppTest runs, the real `congvu` command."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from dashboard import accounts, audit, downloads, fmt, session, session_store
from dashboard.access import User
from dashboard.session_store import STORE, SessionStore
from pipelines.cells import neutralise, neutralise_frame
from tests.dashboard.conftest import new_app, sign_in_state, signed_in, titles

ROOT = Path(__file__).resolve().parents[2]
CONGVU = [sys.executable, "-m", "pipelines.cli"]
SIGN_IN_TITLE = "Đăng nhập hệ thống theo dõi công vụ"
AUDIT_DOWN = "Không ghi được nhật ký truy cập"


# --- sessions on the server ------------------------------------------------------------------------------


def test_a_session_ends_after_idle_time_and_after_twelve_hours(tmp_path: Path, monkeypatch) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "right-password")
    monkeypatch.setenv("CONGVU_SESSION_TIMEOUT_MINUTES", "30")
    store = SessionStore()
    record = store.create(User("lan", "board"), now=0.0)
    for minute in range(1, 12 * 60, 29):  # active every 29 minutes: alive until the 12th hour
        assert store.lookup(record.session_id, users, now=minute * 60.0).user == User("lan", "board")
    ended = store.lookup(record.session_id, users, now=12 * 3600.0 + 1)
    assert ended.user is None and ended.ended == "expired" and ended.name == "lan"
    idle = store.create(User("lan", "board"), now=0.0)
    assert store.lookup(idle.session_id, users, now=31 * 60.0).ended == "expired"
    assert store.lookup(idle.session_id, users, now=31 * 60.0).user is None  # gone for good


def test_the_account_is_read_again_on_every_lookup(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "inspectorate", "right-password")
    store = SessionStore()
    record = store.create(User("lan", "inspectorate"))
    accounts.add_user(users, "lan", "board", "right-password")
    assert store.lookup(record.session_id, users).user == User("lan", "board")
    accounts.save_accounts(users, {})
    assert store.lookup(record.session_id, users).ended == "account_removed"
    assert store.lookup(record.session_id, users).user is None


def test_the_cookie_is_signed_and_the_grant_is_spent_once() -> None:
    store = SessionStore()
    record = store.create(User("lan", "board"))
    value = session_store.sign(record.session_id)
    assert session_store.unsign(value) == record.session_id
    assert session_store.unsign(value[:-1] + ("0" if value[-1] != "0" else "1")) is None
    assert session_store.unsign(record.session_id) is None  # an id without its signature
    assert record.grant and store.redeem(record.grant) is record
    assert store.redeem(record.grant) is None
    late = store.create(User("lan", "board"), now=0.0)
    assert late.grant and store.redeem(late.grant, now=session_store.GRANT_SECONDS + 1) is None


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/personnel?agency=SXD", "/personnel?agency=SXD"), ("//evil.example/x", "/"),
     ("https://evil.example", "/"), ("personnel", "/"), ("/\\evil.example", "/")],
)  # fmt: skip
def test_return_to_stays_on_this_site(target: str, safe: str) -> None:
    assert session.safe_path(target) == safe


def test_a_removed_account_is_signed_out_at_the_next_run(demo_warehouse: Path, app_env) -> None:
    paths = app_env(demo_warehouse)
    at = signed_in("inspectorate", name="lan")
    assert "Tổng quan" in titles(at)
    accounts.add_user(paths["users"], "lan", "board", "test-password-1")
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/inspectorate/discipline.py")  # the new role's pages only
    accounts.save_accounts(paths["users"], {})
    at.run()
    assert titles(at) == [SIGN_IN_TITLE]
    event = audit.read_events(paths["audit"])[-1]
    assert (event["user"], event["action"], event["details"]) == (
        "lan",
        "session_expired",
        {"reason": "account_removed"},
    )


def test_sign_out_revokes_the_record(demo_warehouse: Path, app_env) -> None:
    app_env(demo_warehouse)
    at = new_app()
    session_id = sign_in_state(at, "admin", "minh")
    at.run()
    at.button(key="sign_out_button").click().run()
    assert titles(at) == [SIGN_IN_TITLE]
    assert STORE.record(session_id) is None  # a copy of the cookie opens nothing


# --- the audit fails closed ------------------------------------------------------------------------------


def test_an_unwritable_audit_refuses_sign_in(demo_warehouse: Path, app_env, monkeypatch, tmp_path) -> None:
    paths = app_env(demo_warehouse)
    accounts.add_user(paths["users"], "lan", "board", "right-password")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CONGVU_AUDIT", str(blocker / "audit.jsonl"))  # its folder cannot exist
    at = new_app().run()
    assert AUDIT_DOWN in at.error[0].value
    assert not at.text_input  # no sign-in form


def test_a_full_disk_refuses_sign_in_and_personal_pages(demo_warehouse: Path, app_env, monkeypatch) -> None:
    paths = app_env(demo_warehouse)
    accounts.add_user(paths["users"], "lan", "board", "right-password")
    monkeypatch.setenv("CONGVU_AUDIT", "/dev/full")  # opens, but every write fails
    at = new_app().run()
    at.text_input(key="sign_in_name").input("lan")
    at.text_input(key="sign_in_password").input("right-password")
    at.button[0].click().run()
    assert any(AUDIT_DOWN in e.value for e in at.error)
    assert "auth_session" not in at.session_state  # no session was opened
    personal = new_app()
    sign_in_state(personal, "home_affairs")
    personal.run()
    personal.switch_page("app_pages/home_affairs/personnel.py").run()
    assert any(AUDIT_DOWN in e.value for e in personal.error)
    assert not personal.dataframe  # the page's rows were not left on screen


def test_congvu_serve_refuses_to_start_without_a_writable_audit(tmp_path: Path, demo_warehouse: Path) -> None:
    done = _serve(tmp_path, demo_warehouse, "--audit", "/dev/full")
    assert done.returncode == 3 and "không khởi động" in done.stderr


def test_congvu_serve_refuses_plain_http_beyond_this_computer(tmp_path: Path, demo_warehouse: Path) -> None:
    done = _serve(tmp_path, demo_warehouse, "--address", "0.0.0.0")
    assert done.returncode == 3 and "--insecure" in done.stderr


def test_congvu_serve_explains_a_damaged_users_file(tmp_path: Path, demo_warehouse: Path) -> None:
    (tmp_path / "users.toml").write_text("[users.lan\nrole = 'board'\n", encoding="utf-8")
    done = _serve(tmp_path, demo_warehouse)
    assert (
        done.returncode == 2 and "Tệp tài khoản" in done.stderr and "sai cú pháp TOML ở dòng 1" in done.stderr
    )


def test_congvu_serve_checks_the_single_sign_on_file(tmp_path: Path, demo_warehouse: Path) -> None:
    sso = tmp_path / "sso.toml"
    sso.write_text('[auth]\nclient_id = "congvu"\n', encoding="utf-8")
    done = _serve(tmp_path, demo_warehouse, "--sso", str(sso))
    assert done.returncode == 3 and "thiếu redirect_uri, cookie_secret" in done.stderr


def _serve(tmp_path: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    args = ["serve", "--db", str(db), "--users", str(tmp_path / "users.toml"), "--port", "1"]
    if "--audit" not in extra:
        args += ["--audit", str(tmp_path / "audit.jsonl")]
    return subprocess.run([*CONGVU, *args, *extra], capture_output=True, text=True, cwd=ROOT, timeout=60)


# --- exports: no formula leaves as a formula -------------------------------------------------------------

EVIL = pd.DataFrame(
    {
        "Người dùng": ['=HYPERLINK("https://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\tx", "lan"],
        "Số dòng": [-5, 3, 0, 1, 2, 4],
    }
)


def test_neutralise_prefixes_formula_starts_and_leaves_numbers() -> None:
    assert [neutralise(v) for v in EVIL["Người dùng"]] == [
        '\'=HYPERLINK("https://evil.example","x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "lan",
    ]
    assert neutralise(-5) == -5 and neutralise("\rx") == "'\rx"
    assert neutralise_frame(EVIL)["Số dòng"].tolist() == [-5, 3, 0, 1, 2, 4]


def test_dashboard_csv_and_xlsx_hold_no_formula(tmp_path: Path) -> None:
    text = downloads.to_csv(EVIL).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert all(not v.startswith(("=", "+", "-", "@", "\t")) for v in back["Người dùng"])
    assert back["Người dùng"][0].startswith("'=HYPERLINK")
    assert back["Số dòng"].tolist() == [-5, 3, 0, 1, 2, 4]
    book = openpyxl.load_workbook(io.BytesIO(downloads.to_xlsx(EVIL)))
    cells = [row for row in book.active.iter_rows(min_row=2, values_only=False)]
    assert all(name.data_type == "s" for name, _ in cells)  # text, never a formula ("f")
    assert cells[0][0].value.startswith("'=HYPERLINK")
    assert [count.value for _, count in cells] == [-5, 3, 0, 1, 2, 4]  # numbers stay numbers


def test_report_xlsx_cells_are_neutralised(tmp_path: Path) -> None:
    from pipelines.reports.model import Column
    from pipelines.reports.xlsx import _write

    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    _write(sheet, 0, 0, Column("name", "Tên"), {"name": "=1+1"}, None)
    _write(sheet, 0, 1, Column("n", "Số", kind="int"), {"n": -3}, None)
    book.close()
    first, second = next(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert (first, second) == ("'=1+1", -3)


# --- text stays text ---------------------------------------------------------------------------------------


def test_md_text_leaves_no_markdown_alive() -> None:
    shown = fmt.md_text("![x](https://evil.example/p.png) $x^2$ <b>b</b> :red[a]\n# h")
    assert "\n" not in shown
    assert not re.search(r"(?<!\\)[!\[\]()$<>:#^]", shown)  # every mark that means something is escaped
    assert shown.replace("\\", "") == "![x](https://evil.example/p.png) $x^2$ <b>b</b> :red[a] # h"


def test_stored_fields_are_capped(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    audit.append_event(log, "a" * 5000, "sign_in_failed", None, {"filters": {"q": ["b" * 5000] * 500}})
    (event,) = audit.read_events(log)
    assert len(event["user"]) == audit.MAX_FIELD
    assert len(event["details"]["filters"]["q"]) == 100
    assert len(log.read_text(encoding="utf-8")) < 30_000
    assert log.stat().st_mode & 0o777 == 0o640


def test_audit_list_escapes_control_characters_and_skips_damaged_lines(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    audit.append_event(log, "x\n01/01/2026 00:00:00\tadmin\tsign-in", "sign_in_failed")
    with log.open("a", encoding="utf-8") as handle:
        handle.write('{"time": "2026-01-01T00:00:00+07:00", "user": "half\n')  # a damaged line
    audit.append_event(log, "lan", "sign_in", details={"role": "board"})
    done = subprocess.run([*CONGVU, "audit", "list", "--audit", str(log)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)  # fmt: skip
    lines = done.stdout.splitlines()
    assert len(lines) == 2  # one line per event: the typed newline did not forge a third
    assert "x\\n01/01/2026 00:00:00\\tadmin\\tsign-in" in lines[0]
    assert lines[1].split("\t")[1] == "lan"
    assert "bỏ qua 1 dòng hỏng (damaged lines skipped): 2" in done.stderr and done.returncode == 3


def test_the_admin_page_reports_a_damaged_line_and_shows_the_rest(demo_warehouse: Path, app_env) -> None:
    paths = app_env(demo_warehouse)
    audit.append_event(paths["audit"], "lan", "sign_in", details={"role": "board"})
    with paths["audit"].open("a", encoding="utf-8") as handle:
        handle.write("not json\n")
    audit.append_event(paths["audit"], "lan", "download", "overview", {"file": "a.csv", "rows": 3})
    at = signed_in("admin")
    at.switch_page("app_pages/admin/audit.py").run()
    assert not at.exception
    assert any("1 dòng nhật ký bị hỏng" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 2


def test_the_websocket_message_that_clears_shared_caches_is_dropped() -> None:
    import asyncio
    import concurrent.futures

    from streamlit.proto.BackMsg_pb2 import BackMsg

    from dashboard.web import Guard

    clear, rerun = BackMsg(), BackMsg()
    clear.clear_cache = True
    rerun.rerun_script.query_string = ""
    incoming = [{"type": "websocket.receive", "bytes": m.SerializeToString()} for m in (clear, rerun)]

    async def receive() -> dict:
        return incoming.pop(0)

    # a thread of its own: after the browser tests, Playwright's sync API keeps an event loop running in the
    # test thread for the rest of the session, and asyncio.run refuses to start inside a running loop
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        passed = pool.submit(asyncio.run, Guard._without_clear_cache(receive)()).result()
    assert BackMsg.FromString(passed["bytes"]).WhichOneof("type") == "rerun_script"


def test_files_with_personal_data_are_not_world_readable(demo_warehouse: Path) -> None:
    assert demo_warehouse.stat().st_mode & 0o777 == 0o640


def test_a_session_watch_interval_follows_the_idle_limit(monkeypatch) -> None:
    monkeypatch.setenv("CONGVU_SESSION_TIMEOUT_MINUTES", "0.1")
    assert session.watch_seconds() == 5.0
    monkeypatch.setenv("CONGVU_SESSION_TIMEOUT_MINUTES", "30")
    assert session.watch_seconds() == 60.0


def test_only_the_administrator_sees_the_servers_input_folder(demo_warehouse: Path, app_env) -> None:
    app_env(demo_warehouse)
    shown = {}
    for role in ("home_affairs", "admin"):
        at = signed_in(role)
        at.switch_page("app_pages/shared/data_quality.py").run()
        assert not at.exception
        shown[role] = "input_dir" in at.dataframe[0].value.columns
    assert shown == {"home_affairs": False, "admin": True}
