"""Local accounts: a TOML users file with bcrypt hashes and roles, and the sign-in lockout.

users file (`congvu users add NAME --role ROLE [--users FILE]` writes it):

    [users.lan]
    role = "board"
    password_hash = "$2b$12$..."

Only the bcrypt hash is stored, never the password. Five failed sign-ins in a row for one name lock
it for five minutes — whether or not an account of that name exists: an unknown name gets the same
message, the same bcrypt work (against a dummy hash of the same cost) and the same counting, so sign-in
answers do not tell which names exist. The counters live in `<users file>.lockout.json` beside it (0600),
so they survive a restart of the dashboard. One address may fail ADDRESS_MAX_FAILURES times in
ADDRESS_WINDOW seconds; then it is refused without a password check until the window has passed.
bcrypt reads at most 72 bytes: longer passwords are refused when an account is made and simply fail at
sign-in. The bcrypt cost is 12, or `CONGVU_BCRYPT_ROUNDS` (tests use 4).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import fcntl
import functools
import getpass
import json
import os
import re
import sys
import threading
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
MAX_PASSWORD_BYTES = 72  # what bcrypt reads
ADDRESS_MAX_FAILURES = 20
ADDRESS_WINDOW = 15 * 60
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
DEFAULT_ROUNDS = 12


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str  # "" for an account that signs in only through single sign-on
    sso: str = ""  # the identity (e-mail or subject) the organisation's identity provider vouches for


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    account: Account | None = None
    locked_until: float | None = None  # epoch seconds, when the name is locked
    throttled: bool = False  # too many failures from this address

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


def bcrypt_rounds() -> int:
    return max(4, min(16, int(os.environ.get("CONGVU_BCRYPT_ROUNDS", DEFAULT_ROUNDS))))


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=bcrypt_rounds())).decode("ascii")


class UsersFileError(ValueError):
    """The users file exists but cannot be used; `reason_vi` says why, in Vietnamese."""

    def __init__(self, path: Path, reason_vi: str, detail: str) -> None:
        super().__init__(
            f"Tệp tài khoản {path} không đọc được (users file unreadable): {reason_vi} ({detail}). Sửa tệp, "
            "hoặc tạo lại bằng `congvu users add TÊN --role VAI_TRÒ`."
        )
        self.reason_vi = reason_vi


def load_accounts(users_file: Path) -> dict[str, Account]:
    path = Path(users_file)
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise UsersFileError(path, "tệp không phải văn bản UTF-8", str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"dòng {found[1]}, cột {found[2]}" if found else "không rõ vị trí"
        raise UsersFileError(path, f"sai cú pháp TOML ở {where}", str(exc)) from exc
    except OSError as exc:
        raise UsersFileError(path, "không đọc được tệp", str(exc)) from exc
    if not isinstance(data.get("users", {}), dict):
        raise UsersFileError(path, "mục [users] phải là bảng tài khoản", "users is not a table")
    return {
        name: Account(
            name=name,
            role=entry["role"],
            password_hash=str(entry.get("password_hash") or ""),
            sso=str(entry.get("sso") or ""),
        )
        for name, entry in data.get("users", {}).items()
        if isinstance(entry, dict)
        and entry.get("role") in ROLES
        and (entry.get("password_hash") or entry.get("sso"))
    }


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
            *([f"sso = {_toml_string(account.sso)}"] if account.sso else []),
            "",
        ]
    users_file = Path(users_file)
    users_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = users_file.with_name(f".{users_file.name}.tmp-{os.getpid()}")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, users_file)


def add_user(users_file: Path, name: str, role: str, password: str | None, sso: str = "") -> Account:
    """Adds or updates an account: a password (bcrypt-hashed), an SSO identity, or both."""
    if not NAME_PATTERN.match(name):
        raise ValueError(
            "tên đăng nhập chỉ gồm chữ không dấu, số và . _ @ - (name: letters, digits, . _ @ -)"
        )
    if role not in ROLES:
        raise ValueError(f"vai trò không hợp lệ (unknown role) {role!r}; dùng một trong {', '.join(ROLES)}")
    if password is None:
        if not sso:
            raise ValueError("cần mật khẩu hoặc --sso (a password or --sso is needed)")
    elif len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự (password too short)")
    elif len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise ValueError(
            f"mật khẩu dài quá {MAX_PASSWORD_BYTES} byte (password longer than {MAX_PASSWORD_BYTES} bytes)"
        )
    accounts = load_accounts(users_file)
    accounts[name] = Account(
        name=name, role=role, password_hash=hash_password(password) if password else "", sso=sso.strip()
    )
    save_accounts(users_file, accounts)
    return accounts[name]


def sso_account(users_file: Path, identity: str | None) -> Account | None:
    """The account whose `sso` identity is `identity` (compared without case), or None."""
    wanted = (identity or "").strip().casefold()
    if not wanted:
        return None
    found = [a for a in load_accounts(users_file).values() if a.sso and a.sso.casefold() == wanted]
    return found[0] if len(found) == 1 else None  # an identity claimed twice opens nothing


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
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=1)
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


@functools.lru_cache(maxsize=4)
def _dummy_hash(rounds: int) -> bytes:
    """A hash of the same cost as the accounts' hashes, checked when there is no account to check."""
    return bcrypt.hashpw(b"congvu-no-such-user", bcrypt.gensalt(rounds=rounds))


def _cost_of(password_hash: str) -> int:
    try:
        return int(password_hash.split("$")[2])
    except (IndexError, ValueError):
        return bcrypt_rounds()


def _check(password: str, account: Account | None) -> bool:
    """One bcrypt check, always of the same cost: against the account's hash, or a dummy one when there is
    no account, the name is locked or the password is longer than bcrypt reads."""
    secret = password.encode("utf-8")
    usable = account is not None and bool(account.password_hash) and len(secret) <= MAX_PASSWORD_BYTES
    if not usable:
        rounds = _cost_of(account.password_hash) if account and account.password_hash else bcrypt_rounds()
        bcrypt.checkpw(secret[:MAX_PASSWORD_BYTES], _dummy_hash(rounds))
        return False
    assert account is not None
    return bcrypt.checkpw(secret, account.password_hash.encode("ascii"))


_address_failures: dict[str, collections.deque[float]] = {}
_address_lock = threading.Lock()


def _address_throttled(address: str | None, now: float) -> bool:
    if not address:
        return False
    with _address_lock:
        failures = _address_failures.get(address)
        while failures and failures[0] <= now - ADDRESS_WINDOW:
            failures.popleft()
        return failures is not None and len(failures) >= ADDRESS_MAX_FAILURES


def _address_failed(address: str | None, now: float) -> None:
    if address:
        with _address_lock:
            _address_failures.setdefault(address, collections.deque()).append(now)


def authenticate(
    users_file: Path, name: str, password: str, now: float | None = None, address: str | None = None
) -> SignInResult:
    """Checks a password. Failures are counted per name (known or not) and per address; a name locks after
    MAX_FAILURES, an address is throttled after ADDRESS_MAX_FAILURES within ADDRESS_WINDOW."""
    now = time.time() if now is None else now
    if _address_throttled(address, now):
        return SignInResult(ok=False, throttled=True)
    account = load_accounts(users_file).get(name)
    key = name[:64]  # the counter's key: names longer than any account are cut, not stored whole
    until = locked_until(users_file, key, now)
    ok = _check(password, None if until is not None else account)
    if until is not None:
        _address_failed(address, now)
        return SignInResult(ok=False, locked_until=until)
    with _lockout_state(users_file) as state:
        entry = state.get(key, {})
        if ok:
            state.pop(key, None)
            return SignInResult(ok=True, account=account)
        if entry.get("locked_until") and entry["locked_until"] <= now:
            entry = {}  # the previous lock has run out: count afresh
        failures = int(entry.get("failures", 0)) + 1
        entry = {"failures": failures, "last_failure": now}
        if failures >= MAX_FAILURES:
            entry["locked_until"] = now + LOCK_SECONDS
        state[key] = entry
        # forget names whose last failure is older than a lock: unknown names must not pile up forever
        for stale in [k for k, e in state.items() if e.get("last_failure", now) < now - 24 * 3600]:
            del state[stale]
    _address_failed(address, now)
    return SignInResult(ok=False, locked_until=entry.get("locked_until"))


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
        sso = getattr(args, "sso", None) or ""
        password = None if sso and not args.password_stdin else _read_password(args.password_stdin)
        existed = args.name in load_accounts(args.users)
        add_user(args.users, args.name, args.role, password, sso=sso)
    except ValueError as exc:
        print(f"Không thêm được tài khoản (account not saved): {exc}", file=sys.stderr)
        return 2
    except (OSError, tomllib.TOMLDecodeError) as exc:
        print(f"Không ghi được tệp tài khoản {args.users} (cannot write users file): {exc}", file=sys.stderr)
        return 1
    verb = "Đã cập nhật" if existed else "Đã thêm"
    print(f"{verb} tài khoản {args.name} (vai trò {args.role}) trong {args.users}.")
    return 0
