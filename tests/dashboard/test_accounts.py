"""Local accounts: only bcrypt hashes are stored; five failures lock an account for five minutes."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import bcrypt
import pytest

from dashboard import accounts

CONGVU = [sys.executable, "-m", "pipelines.cli"]
ROOT = Path(__file__).resolve().parents[2]


def test_the_file_holds_a_hash_never_the_password(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "mật-khẩu-đủ-dài")
    text = users.read_text(encoding="utf-8")
    assert "mật-khẩu-đủ-dài" not in text
    stored = tomllib.loads(text)["users"]["lan"]
    assert stored["role"] == "board"
    assert stored["password_hash"].startswith("$2b$04$")  # bcrypt, with the tests' low cost
    assert bcrypt.checkpw("mật-khẩu-đủ-dài".encode(), stored["password_hash"].encode())
    assert oct(users.stat().st_mode & 0o777) == "0o600"


def test_adding_again_updates_role_and_password(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "first-password")
    accounts.add_user(users, "minh", "admin", "second-password")
    accounts.add_user(users, "lan", "inspectorate", "third-password")
    loaded = accounts.load_accounts(users)
    assert {name: a.role for name, a in loaded.items()} == {"lan": "inspectorate", "minh": "admin"}
    assert accounts.authenticate(users, "lan", "third-password").ok
    assert not accounts.authenticate(users, "lan", "first-password").ok


@pytest.mark.parametrize(
    ("name", "role", "password"),
    [("lan", "superuser", "long-enough"), ("lan", "board", "short"), ("lan doe", "board", "long-enough"),
     ("", "board", "long-enough")],
)  # fmt: skip
def test_bad_accounts_are_refused(tmp_path: Path, name: str, role: str, password: str) -> None:
    with pytest.raises(ValueError):
        accounts.add_user(tmp_path / "users.toml", name, role, password)
    assert not (tmp_path / "users.toml").exists()


def test_five_failures_lock_for_five_minutes_then_unlock(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "right-password")
    start = 1_800_000_000.0
    for attempt in range(4):
        result = accounts.authenticate(users, "lan", "wrong", now=start + attempt)
        assert not result.ok and not result.locked
    fifth = accounts.authenticate(users, "lan", "wrong", now=start + 4)
    assert not fifth.ok and fifth.locked and fifth.locked_until == start + 4 + 300
    # locked: even the right password is refused, and the lock is in the file beside the users file
    assert accounts.lockout_file(users).exists()
    during = accounts.authenticate(users, "lan", "right-password", now=start + 4 + 299)
    assert not during.ok and during.locked
    assert accounts.locked_until(users, "lan", now=start + 100) == start + 304
    # five minutes later the account opens again
    after = accounts.authenticate(users, "lan", "right-password", now=start + 4 + 301)
    assert after.ok and not after.locked
    assert accounts.locked_until(users, "lan", now=start + 400) is None


def test_a_success_resets_the_failure_count(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "right-password")
    for _ in range(4):
        accounts.authenticate(users, "lan", "wrong", now=100.0)
    assert accounts.authenticate(users, "lan", "right-password", now=101.0).ok
    for _ in range(4):
        assert not accounts.authenticate(users, "lan", "wrong", now=102.0).locked


def test_the_lock_is_per_account(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "right-password")
    accounts.add_user(users, "minh", "admin", "other-password")
    for _ in range(5):
        accounts.authenticate(users, "lan", "wrong", now=100.0)
    assert accounts.authenticate(users, "lan", "right-password", now=101.0).locked
    assert accounts.authenticate(users, "minh", "other-password", now=101.0).ok


def test_an_unknown_name_is_answered_exactly_like_a_known_one(tmp_path: Path, monkeypatch) -> None:
    """Same answers, same counting, same lock, and one bcrypt check of the accounts' cost each time (issue
    11: unknown names were refused fast, never locked, never counted)."""
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "right-password")
    costs: list[int] = []
    real_checkpw = bcrypt.checkpw
    monkeypatch.setattr(
        accounts.bcrypt,
        "checkpw",
        lambda secret, hashed: costs.append(int(hashed.split(b"$")[2])) or real_checkpw(secret, hashed),
    )
    answers = {}
    for name in ("lan", "nobody"):
        answers[name] = [accounts.authenticate(users, name, "wrong", now=100.0 + i) for i in range(6)]
    for known, unknown in zip(answers["lan"], answers["nobody"], strict=True):
        assert (known.ok, known.locked, known.locked_until - 0 if known.locked_until else None) == (
            unknown.ok,
            unknown.locked,
            unknown.locked_until,
        )
        assert known.account is None and unknown.account is None  # a refusal names no account
    assert [a.locked for a in answers["nobody"]] == [False] * 4 + [True] * 2
    assert accounts.locked_until(users, "nobody", now=106.0) == 104.0 + accounts.LOCK_SECONDS
    assert costs == [accounts.bcrypt_rounds()] * 12  # one check of the same cost per attempt, locked or not


def test_an_address_that_keeps_failing_is_throttled(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "right-password")
    for i in range(accounts.ADDRESS_MAX_FAILURES):
        assert not accounts.authenticate(
            users, f"guess{i}", "x", now=1000.0 + i, address="10.0.0.9"
        ).throttled
    refused = accounts.authenticate(users, "lan", "right-password", now=1030.0, address="10.0.0.9")
    assert not refused.ok and refused.throttled
    assert accounts.authenticate(users, "lan", "right-password", now=1030.0, address="10.0.0.8").ok
    later = 1000.0 + accounts.ADDRESS_WINDOW + accounts.ADDRESS_MAX_FAILURES
    assert accounts.authenticate(users, "lan", "right-password", now=later, address="10.0.0.9").ok


def test_passwords_longer_than_bcrypt_reads_are_handled(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    with pytest.raises(ValueError, match="72 byte"):
        accounts.add_user(users, "lan", "board", "ư" * 40)  # 80 bytes in UTF-8
    accounts.add_user(users, "lan", "board", "right-password")
    result = accounts.authenticate(users, "lan", "right-password" + "x" * 100)
    assert not result.ok and not result.locked  # refused and counted, no exception from bcrypt
    assert json.loads(accounts.lockout_file(users).read_text())["lan"]["failures"] == 1


def test_the_lockout_file_is_private(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "right-password")
    accounts.authenticate(users, "nobody", "wrong")
    assert accounts.lockout_file(users).stat().st_mode & 0o777 == 0o600
    assert users.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("text", "reason"),
    [("[users.lan\nrole = 1", "sai cú pháp TOML ở dòng 1"), ("users = 3\n", "mục [users] phải là bảng")],
)
def test_a_damaged_users_file_is_explained_in_vietnamese(tmp_path: Path, text: str, reason: str) -> None:
    users = tmp_path / "users.toml"
    users.write_text(text, encoding="utf-8")
    with pytest.raises(accounts.UsersFileError) as caught:
        accounts.load_accounts(users)
    assert caught.value.reason_vi.startswith(reason)


def _run(args: list[str], stdin: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "CONGVU_BCRYPT_ROUNDS": "4"}
    return subprocess.run([*CONGVU, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=60)  # fmt: skip


def test_cli_users_add_with_password_stdin(tmp_path: Path) -> None:
    users = tmp_path / "sub" / "users.toml"
    done = _run(["users", "add", "lan", "--role", "home_affairs", "--users", str(users), "--password-stdin"],
                "cli-password-1\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "lan" in done.stdout
    assert "cli-password-1" not in users.read_text(encoding="utf-8")
    assert accounts.authenticate(users, "lan", "cli-password-1").account.role == "home_affairs"

    again = _run(["users", "add", "lan", "--role", "admin", "--users", str(users), "--password-stdin"],
                 "cli-password-2\n")  # fmt: skip
    assert again.returncode == 0 and "cập nhật" in again.stdout
    assert accounts.authenticate(users, "lan", "cli-password-2").account.role == "admin"


def test_cli_refuses_a_short_password_and_an_unknown_role(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    short = _run(
        ["users", "add", "lan", "--role", "board", "--users", str(users), "--password-stdin"], "abc\n"
    )
    assert short.returncode == 2 and "mật khẩu" in short.stderr
    role = _run(
        ["users", "add", "lan", "--role", "king", "--users", str(users), "--password-stdin"], "long-pass\n"
    )
    assert role.returncode == 2 and "king" in role.stderr
    assert not users.exists()


def test_an_sso_identity_maps_to_one_account(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", None, sso="Lan@HaiPhong.gov.vn")
    accounts.add_user(users, "minh", "admin", "right-password")
    found = accounts.sso_account(users, "lan@haiphong.gov.vn")
    assert found is not None and (found.name, found.role) == ("lan", "board")
    assert accounts.sso_account(users, "minh") is None and accounts.sso_account(users, "") is None
    assert not accounts.authenticate(users, "lan", "").ok  # an SSO-only account has no password to guess
    accounts.add_user(users, "lan2", "admin", None, sso="lan@haiphong.gov.vn")
    assert accounts.sso_account(users, "lan@haiphong.gov.vn") is None  # claimed twice: opens nothing


def test_cli_users_add_with_sso_needs_no_password(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    done = _run(
        ["users", "add", "lan", "--role", "board", "--users", str(users), "--sso", "lan@hp.gov.vn"], ""
    )
    assert done.returncode == 0, done.stderr
    assert tomllib.loads(users.read_text())["users"]["lan"]["sso"] == "lan@hp.gov.vn"
