"""Local accounts: a TOML users file with bcrypt hashes and roles, and the sign-in lockout.

users file (`congvu users add NAME --role ROLE [--users FILE]` writes it):

    [users.lan]
    role = "board"
    password_hash = "$2b$12$..."

Only the bcrypt hash is stored, never the password. Five failed sign-ins in a row for one account lock
it for five minutes; the counters live in `<users file>.lockout.json` beside it, so they survive a
restart of the dashboard. The bcrypt cost is 12, or `CONGVU_BCRYPT_ROUNDS` (tests use 4).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import getpass
import json
import os
import re
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import bcrypt

from dashboard.access import ROLES

MAX_FAILURES = 5
LOCK_SECONDS = 5 * 60
MIN_PASSWORD_LENGTH = 8
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
DEFAULT_ROUNDS = 12


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    account: Account | None = None
    locked_until: float | None = None  # epoch seconds, when the account is locked

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


def bcrypt_rounds() -> int:
    return max(4, min(16, int(os.environ.get("CONGVU_BCRYPT_ROUNDS", DEFAULT_ROUNDS))))


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=bcrypt_rounds())).decode("ascii")


class UsersFileError(ValueError):
    """The users file exists but cannot be read; the message says what is wrong, in Vietnamese."""


def load_accounts(users_file: Path) -> dict[str, Account]:
    if not Path(users_file).exists():
        return {}
    try:
        data = tomllib.loads(Path(users_file).read_text(encoding="utf-8"))
        users = data.get("users", {})
        return {
            name: Account(name=name, role=entry["role"], password_hash=entry["password_hash"])
            for name, entry in users.items()
            if entry.get("role") in ROLES and entry.get("password_hash")
        }
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError, AttributeError, TypeError) as exc:
        raise UsersFileError(
            f"Tệp tài khoản {users_file} không đọc được (users file unreadable): {exc}. Sửa tệp, hoặc tạo "
            "lại bằng `congvu users add TÊN --role VAI_TRÒ`."
        ) from exc


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def save_accounts(users_file: Path, accounts: dict[str, Account]) -> None:
    lines = ["# congvu dashboard accounts: bcrypt hashes only (congvu users add NAME --role ROLE)", ""]
    for name in sorted(accounts):
        account = accounts[name]
        lines += [
            f"[users.{_toml_string(name)}]",
            f"role = {_toml_string(account.role)}",
            f"password_hash = {_toml_string(account.password_hash)}",
            "",
        ]
    users_file = Path(users_file)
    users_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = users_file.with_name(f".{users_file.name}.tmp-{os.getpid()}")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, users_file)


def add_user(users_file: Path, name: str, role: str, password: str) -> Account:
    if not NAME_PATTERN.match(name):
        raise ValueError(
            "tên đăng nhập chỉ gồm chữ không dấu, số và . _ @ - (name: letters, digits, . _ @ -)"
        )
    if role not in ROLES:
        raise ValueError(f"vai trò không hợp lệ (unknown role) {role!r}; dùng một trong {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự (password too short)")
    accounts = load_accounts(users_file)
    accounts[name] = Account(name=name, role=role, password_hash=hash_password(password))
    save_accounts(users_file, accounts)
    return accounts[name]


# --- lockout --------------------------------------------------------------------------------------


def lockout_file(users_file: Path) -> Path:
    users_file = Path(users_file)
    return users_file.with_name(users_file.name + ".lockout.json")


@contextlib.contextmanager
def _lockout_state(users_file: Path) -> Iterator[dict]:
    """The lockout counters, read and written back under an exclusive lock (sessions run in threads)."""
    path = lockout_file(users_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            state = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except json.JSONDecodeError:
            state = {}
        yield state
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        os.replace(tmp, path)


def locked_until(users_file: Path, name: str, now: float | None = None) -> float | None:
    now = time.time() if now is None else now
    path = lockout_file(users_file)
    if not path.exists():
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8")).get(name, {})
    except json.JSONDecodeError:
        return None
    until = entry.get("locked_until")
    return until if until and until > now else None


_DUMMY_HASH = bcrypt.hashpw(b"congvu-no-such-user", bcrypt.gensalt(rounds=4))


def authenticate(users_file: Path, name: str, password: str, now: float | None = None) -> SignInResult:
    """Checks a password; counts failures per existing account and locks it after MAX_FAILURES."""
    now = time.time() if now is None else now
    account = load_accounts(users_file).get(name)
    if account is None:
        bcrypt.checkpw(password.encode("utf-8"), _DUMMY_HASH)  # similar work for unknown names
        return SignInResult(ok=False)
    until = locked_until(users_file, name, now)
    if until is not None:
        return SignInResult(ok=False, account=account, locked_until=until)
    ok = bcrypt.checkpw(password.encode("utf-8"), account.password_hash.encode("ascii"))
    with _lockout_state(users_file) as state:
        entry = state.get(name, {})
        if ok:
            state.pop(name, None)
            return SignInResult(ok=True, account=account)
        if entry.get("locked_until") and entry["locked_until"] <= now:
            entry = {}  # the previous lock has run out: count afresh
        failures = int(entry.get("failures", 0)) + 1
        entry = {"failures": failures, "last_failure": now}
        if failures >= MAX_FAILURES:
            entry["locked_until"] = now + LOCK_SECONDS
        state[name] = entry
    return SignInResult(ok=False, account=account, locked_until=entry.get("locked_until"))


# --- CLI ------------------------------------------------------------------------------------------


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu (password): ")
    second = getpass.getpass("Nhập lại mật khẩu (repeat): ")
    if first != second:
        raise ValueError("hai lần nhập mật khẩu không khớp (passwords differ)")
    return first


def users_add_command(args: argparse.Namespace) -> int:
    """`congvu users add NAME --role ROLE [--users FILE] [--password-stdin]`."""
    try:
        password = _read_password(args.password_stdin)
        existed = args.name in load_accounts(args.users)
        add_user(args.users, args.name, args.role, password)
    except ValueError as exc:
        print(f"Không thêm được tài khoản (account not saved): {exc}", file=sys.stderr)
        return 2
    except (OSError, tomllib.TOMLDecodeError) as exc:
        print(f"Không ghi được tệp tài khoản {args.users} (cannot write users file): {exc}", file=sys.stderr)
        return 1
    verb = "Đã cập nhật" if existed else "Đã thêm"
    print(f"{verb} tài khoản {args.name} (vai trò {args.role}) trong {args.users}.")
    return 0
