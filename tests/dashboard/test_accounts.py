"""Local accounts: only bcrypt hashes are stored; five failures lock an account for five minutes."""

from __future__ import annotations

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


def test_unknown_user_is_refused_without_a_lockout_entry(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    accounts.add_user(users, "lan", "board", "right-password")
    for _ in range(6):
        result = accounts.authenticate(users, "nobody", "whatever")
        assert not result.ok and not result.locked and result.account is None
    assert not accounts.lockout_file(users).exists()


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
