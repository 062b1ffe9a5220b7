"""The append-only audit log: one JSON object a line, in a file of its own (it survives rebuilds).

Recorded: sign-ins, failed sign-ins (and lockouts), sign-outs, views of the pages that name people
(with their filters) and every download. Path: env var CONGVU_AUDIT (set by `congvu serve`).
Lines are only ever appended (O_APPEND, under an exclusive lock so concurrent sessions never interleave).
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
    "plan_inspections": ("lập kế hoạch kiểm tra đột xuất", "surprise-inspection plan"),
}


def audit_path() -> Path:
    return Path(os.environ.get("CONGVU_AUDIT") or DEFAULT_AUDIT)


def append_event(
    path: Path, user: str, action: str, page: str | None = None, details: dict | None = None
) -> dict:
    event = {
        "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "user": user,
        "action": action,
        "page": page,
        "details": details or {},
    }
    line = (json.dumps(event, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
    finally:
        os.close(fd)
    return event


def log_event(
    user: User | str | None, action: str, page: str | None = None, details: dict | None = None
) -> dict:
    """Appends one event for `user`: the signed-in User, or a bare name (the name typed in a failed
    sign-in); None is recorded as "anonymous"."""
    name = user.name if isinstance(user, User) else (user or "anonymous")
    return append_event(audit_path(), name, action, page, details)


def read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    events = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                events.append(json.loads(line))
    return events


def format_details(details: dict | None) -> str:
    if not details:
        return ""

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
    try:
        events = read_events(path)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"Nhật ký truy cập {path} bị hỏng (damaged audit log): {exc}", file=sys.stderr)
        return 2
    for event in events:
        action = event.get("action", "")
        action_text = ACTIONS.get(action, (action, action))[1]
        print(
            "\t".join(
                [
                    format_time(event["time"]),
                    str(event.get("user", "")),
                    action_text,
                    event.get("page") or "-",
                    format_details(event.get("details")),
                ]
            )
        )
    return 0
