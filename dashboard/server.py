"""`congvu serve` and the serving end of `congvu demo`: run Streamlit on dashboard/app.py.

The warehouse, users file, audit log and decision store reach the Streamlit process as CONGVU_DB,
CONGVU_USERS, CONGVU_AUDIT and CONGVU_DECISIONS (default: decisions.sqlite beside the warehouse).
Production flags: no tracebacks in the browser, viewer toolbar, no usage statistics,
no file watcher, headless.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from dashboard.access import ROLES, role_label

APP = Path(__file__).resolve().parent / "app.py"


def streamlit_command(port: int, address: str) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.address", address,
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
        "--client.showErrorDetails", "none",
        "--client.toolbarMode", "viewer",
        "--theme.base", "light",
    ]  # fmt: skip


def streamlit_env(db: Path, users: Path, audit: Path, decisions: Path | None = None) -> dict[str, str]:
    from pipelines.decisions.store import default_path

    env = dict(os.environ)
    env.update(
        CONGVU_DB=str(Path(db).resolve()),
        CONGVU_USERS=str(Path(users).resolve()),
        CONGVU_AUDIT=str(Path(audit).resolve()),
        CONGVU_DECISIONS=str(Path(decisions).resolve() if decisions else default_path(db)),
    )
    return env


def serve(
    db: Path,
    users: Path,
    audit: Path,
    port: int = 8501,
    address: str = "127.0.0.1",
    decisions: Path | None = None,
) -> int:
    """Serves until interrupted. Returns Streamlit's exit code (2 when the warehouse is missing)."""
    db, users, audit = Path(db), Path(users), Path(audit)
    if not db.exists():
        print(
            f"Không có kho dữ liệu {db} — chạy `congvu build` trước (no warehouse; run congvu build).",
            file=sys.stderr,
        )
        return 2
    if not users.exists():
        print(
            f"Chưa có tệp tài khoản {users}: tạo bằng `congvu users add TÊN --role VAI_TRÒ --users {users}` "
            "(no users file yet; nobody can sign in).",
            file=sys.stderr,
        )
    audit.parent.mkdir(parents=True, exist_ok=True)
    print(
        f"Bảng điều khiển (dashboard): http://{address}:{port}  — Ctrl+C để dừng (to stop)",
        file=sys.stderr,
        flush=True,
    )
    process = subprocess.Popen(
        streamlit_command(port, address), env=streamlit_env(db, users, audit, decisions)
    )
    # `kill` of congvu serve stops the dashboard too, instead of leaving an orphaned Streamlit behind
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=10)
        return 130


def create_demo_accounts(users: Path) -> dict[str, str]:
    """One account per role (named after the role) with a fresh random password; returns name → password."""
    from dashboard.accounts import add_user

    passwords = {}
    for role in ROLES:
        password = secrets.token_urlsafe(12)
        add_user(users, role, role, password)
        passwords[role] = password
    return passwords


def serve_demo(db: Path, workdir: Path, port: int = 8501) -> int:
    """Creates demo accounts in workdir/users.toml, prints their passwords once, then serves."""
    workdir = Path(workdir)
    users = workdir / "users.toml"
    passwords = create_demo_accounts(users)
    lines = ["", "Tài khoản demo (demo accounts) — mật khẩu chỉ hiện một lần (passwords shown once):"]
    for role, password in passwords.items():
        lines.append(f"  {role:<14} mật khẩu (password): {password}   — {role_label(role)}")
    lines.append("")
    print("\n".join(lines), flush=True)
    return serve(db=db, users=users, audit=workdir / "audit.jsonl", port=port, address="127.0.0.1")
