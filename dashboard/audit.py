"""The append-only audit log: one JSON object a line, in a file of its own (it survives rebuilds).

Recorded: sign-ins, failed sign-ins (and lockouts), sign-outs, views of the pages that name people
(with their filters), every download, and every decision recorded or refused (pipelines/decisions).
Path: env var CONGVU_AUDIT (set by `congvu serve`).
Lines are only ever appended (O_APPEND, under an exclusive lock so concurrent sessions never interleave),
to a file only its owner (and group) may read (0640). Stored text is capped (MAX_FIELD characters a
field), and `congvu audit list` escapes control characters, so a typed name cannot forge a line. A
damaged line is reported and skipped, never a reason to lose the rest of the log.

The audit fails closed: `append_event` raises AuditUnavailable when the line cannot be written, and the
dashboard then refuses sign-in and pages (dashboard/app.py); `congvu serve` refuses to start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import sys
from pathlib import Path

from dashboard.access import User

DEFAULT_AUDIT = Path("data/audit.jsonl")

ACTIONS = {
    "sign_in": ("đăng nhập", "sign-in"),
    "sign_in_failed": ("đăng nhập sai", "failed sign-in"),
    "account_locked": ("khoá tài khoản", "account locked"),
    "sign_out": ("đăng xuất", "sign-out"),
    "session_expired": ("hết phiên", "session expired"),
    "page_view": ("xem trang", "page view"),
    "download": ("tải xuống", "download"),
    "server_start": ("khởi động máy chủ", "server start"),
    "plan_inspections": ("lập kế hoạch kiểm tra đột xuất", "surprise-inspection plan"),
    "decision": ("ghi quyết định", "decision"),
    "decision_refused": ("quyết định bị từ chối", "decision refused"),
}


MAX_FIELD = 200  # characters kept of one stored text (a user name, a filter value)


class AuditUnavailable(OSError):
    """The audit line could not be written: whatever was to be logged must not happen."""


def audit_path() -> Path:
    return Path(os.environ.get("CONGVU_AUDIT") or DEFAULT_AUDIT)


def append_event(
    path: Path, user: str, action: str, page: str | None = None, details: dict | None = None
) -> dict:
    event = {
        "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "user": capped(user),
        "action": action,
        "page": capped(page),
        "details": capped(details or {}),
    }
    line = (json.dumps(event, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.write(fd, line) != len(line):
                raise OSError("short write")
        finally:
            os.close(fd)
    except OSError as exc:
        raise AuditUnavailable(f"cannot write the audit log {path}: {exc}") from exc
    return event


def capped(value: object, depth: int = 0) -> object:
    """Text cut to MAX_FIELD characters, in lists and dicts too (at most 100 items, 3 levels deep)."""
    if isinstance(value, str):
        return value if len(value) <= MAX_FIELD else value[: MAX_FIELD - 1] + "…"
    if depth >= 3:
        return capped(json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, dict):
        return {capped(str(k)): capped(v, depth + 1) for k, v in list(value.items())[:100]}
    if isinstance(value, (list, tuple)):
        return [capped(v, depth + 1) for v in list(value)[:100]]
    return value


def writable(path: Path | None = None) -> bool:
    """Whether the audit log can be opened for appending (a full disk shows only when a line is written)."""
    path = path or audit_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        os.close(fd)
    except OSError:
        return False
    return True


def log_event(
    user: User | str | None, action: str, page: str | None = None, details: dict | None = None
) -> dict:
    """Appends one event for `user`: the signed-in User, or a bare name (the name typed in a failed
    sign-in); None is recorded as "anonymous"."""
    name = user.name if isinstance(user, User) else (user or "anonymous")
    return append_event(audit_path(), name, action, page, details)


def read_events(path: Path) -> list[dict]:
    return read_log(path)[0]


def read_log(path: Path) -> tuple[list[dict], list[int]]:
    """The events of the log, and the numbers of the lines that are damaged (skipped)."""
    if not path.exists():
        return [], []
    events, damaged = [], []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                event = json.loads(raw.decode("utf-8"))
                if not isinstance(event, dict) or not isinstance(event.get("time"), str):
                    raise ValueError("not an event")
                dt.datetime.fromisoformat(event["time"])
            except (ValueError, UnicodeDecodeError):
                damaged.append(number)
                continue
            events.append(event)
    return events, damaged


_CONTROL = {i: f"\\x{i:02x}" for i in (*range(0x20), 0x7F)} | {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def printable(value: object) -> str:
    """Text for a terminal: control characters (newline, tab, escape sequences) shown as escapes."""
    text = str(value)
    text = "".join(f"\\u{ord(c):04x}" if 0x80 <= ord(c) < 0xA0 or c in "\u2028\u2029" else c for c in text)
    return text.translate(_CONTROL)


def format_details(details: object) -> str:
    if not details:
        return ""
    if not isinstance(details, dict):
        return str(details)

    def text(value: object) -> str:
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False, default=str)
        return str(value)

    return "; ".join(f"{key}={text(value)}" for key, value in details.items())


def format_time(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso)
    return moment.strftime("%d/%m/%Y %H:%M:%S")


def audit_list_command(args: argparse.Namespace) -> int:
    """`congvu audit list`: one event a line — time, user, action, page, details (tab-separated)."""
    path = Path(args.audit)
    if not path.exists():
        print(f"Chưa có nhật ký truy cập tại {path} (no audit log yet).", file=sys.stderr)
        return 0
    events, damaged = read_log(path)
    for event in events:
        action = str(event.get("action", ""))
        action_text = ACTIONS.get(action, (action, action))[1]
        details = event.get("details") or {}
        print(
            "\t".join(
                printable(field)
                for field in (
                    format_time(event["time"]),
                    str(event.get("user", "")),
                    action_text,
                    event.get("page") or "-",
                    format_details(details if isinstance(details, dict) else {"value": details}),
                )
            )
        )
    if damaged:
        lines = ", ".join(str(n) for n in damaged[:20]) + (" …" if len(damaged) > 20 else "")
        print(
            f"Nhật ký truy cập {path}: bỏ qua {len(damaged)} dòng hỏng (damaged lines skipped): {lines}",
            file=sys.stderr,
        )
        return 3
    return 0
