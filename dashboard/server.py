"""`congvu serve` and the serving end of `congvu demo`: run Streamlit on dashboard/web.py (the ASGI app
around dashboard/app.py).

The warehouse, users file, audit log and decision store reach the Streamlit process as CONGVU_DB,
CONGVU_USERS, CONGVU_AUDIT and CONGVU_DECISIONS (default: decisions.sqlite beside the warehouse).
Production flags: no tracebacks in the browser, no app menu (`toolbarMode minimal`: "viewer" still offers
Streamlit's English Print / Record screen / Settings / About), no table export from the browser
(downloads go through the audited route), no agent API, no usage statistics, no file watcher, headless.
Before starting it writes a `server_start` line to the audit log, and refuses to start when it cannot; it
refuses plain HTTP on an address other than this computer unless told `--insecure` (a TLS proxy in
front), and refuses a users file it cannot read.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from dashboard.access import ROLES, role_label

APP = Path(__file__).resolve().parent / "web.py"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


SSO_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def streamlit_command(
    port: int, address: str, tls: tuple[Path, Path] | None = None, sso: Path | None = None
) -> list[str]:
    secure = ["--server.sslCertFile", str(tls[0]), "--server.sslKeyFile", str(tls[1])] if tls else []
    if sso is not None:  # the single sign-on file is Streamlit's secrets file with its [auth] section
        secure += ["--secrets.files", str(Path(sso).resolve())]
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.address", address,
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
        "--client.showErrorDetails", "none",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
        "--client.disableDataExport", "true",
        "--server.enableAgentApi", "false",
        "--server.enableStaticServing", "false",
        *secure,
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
    tls: tuple[Path | None, Path | None] | None = None,
    insecure: bool = False,
    sso: Path | None = None,
) -> int:
    """Serves until interrupted. Returns Streamlit's exit code (2 when the warehouse is missing, 3 when the
    audit log cannot be written, the users file is damaged or plain HTTP would leave this computer)."""
    from dashboard import audit as audit_log
    from dashboard.accounts import UsersFileError, load_accounts

    db, users, audit = Path(db), Path(users), Path(audit)
    if tls is not None and (tls[0] is None or tls[1] is None):
        print("Cần cả --tls-cert và --tls-key (both --tls-cert and --tls-key are needed).", file=sys.stderr)
        return 3
    if tls is None and address not in LOOPBACK:
        if not insecure:
            print(
                f"Từ chối phục vụ HTTP không mã hoá trên {address}: "
                "dữ liệu cá nhân sẽ đi qua mạng ở dạng rõ. "
                "Dùng --tls-cert/--tls-key, hoặc --insecure khi đã có proxy TLS phía trước "
                "(refusing plain HTTP beyond this computer; see docs/security.md).",
                file=sys.stderr,
            )
            return 3
        print(
            f"CẢNH BÁO: phục vụ HTTP không mã hoá trên {address} (--insecure): chỉ dùng sau một proxy TLS "
            "(WARNING: plain HTTP beyond localhost).",
            file=sys.stderr,
        )
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
    if sso is not None:
        problem = sso_problem(Path(sso))
        if problem:
            print(
                f"Tệp đăng nhập một lần {sso} không dùng được: {problem} (SSO file unusable).",
                file=sys.stderr,
            )
            return 3
    try:
        load_accounts(users)
    except UsersFileError as exc:
        print(f"Tệp tài khoản {users} bị lỗi: {exc.reason_vi} (users file damaged: {exc}).", file=sys.stderr)
        return 3
    try:
        audit_log.append_event(audit, "congvu", "server_start", None, {"address": address, "port": port})
    except audit_log.AuditUnavailable as exc:
        print(
            f"Không ghi được nhật ký truy cập {audit} — không khởi động (the audit log is not writable, "
            f"refusing to start): {exc.__cause__ or exc}",
            file=sys.stderr,
        )
        return 3
    print(
        f"Bảng điều khiển (dashboard): {'https' if tls else 'http'}://{address}:{port}"
        "  — Ctrl+C để dừng (to stop)",
        file=sys.stderr,
        flush=True,
    )
    certificate = (Path(tls[0]), Path(tls[1])) if tls and tls[0] and tls[1] else None
    env = streamlit_env(db, users, audit, decisions)
    if sso is not None:
        env["CONGVU_SSO"] = "1"
    process = subprocess.Popen(streamlit_command(port, address, certificate, sso), env=env)
    # `kill` of congvu serve stops the dashboard too, instead of leaving an orphaned Streamlit behind
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=10)
        return 130


def sso_problem(path: Path) -> str | None:
    """What is wrong with a single sign-on file (in Vietnamese), or None."""
    import tomllib

    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return f"không đọc được tệp ({exc})"
    section = settings.get("auth")
    if not isinstance(section, dict):
        return "thiếu mục [auth]"
    missing = [key for key in SSO_KEYS if not section.get(key)]
    return f"mục [auth] thiếu {', '.join(missing)}" if missing else None


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
