"""`congvu serve` in the background and Debian's chromium, started the same way for the browser tests
(tests/browser/conftest.py) and the benchmark's first-render step (benchmarks/render.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# headless, and nothing that reaches the network on its own (updates, sync, QUIC probes)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1400, "height": 900}
STARTUP_SECONDS = 60
# a page is idle when the app is connected, its script has finished and nothing on screen is stale
IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"]');
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_accounts(users: Path, passwords: dict[str, str]) -> None:
    """One account per role, named after it, with a low bcrypt cost (signing in stays fast)."""
    from dashboard.accounts import add_user

    previous = os.environ.get("CONGVU_BCRYPT_ROUNDS")
    os.environ["CONGVU_BCRYPT_ROUNDS"] = "4"
    try:
        for role, password in passwords.items():
            add_user(users, role, role, password)
    finally:
        if previous is None:
            os.environ.pop("CONGVU_BCRYPT_ROUNDS")
        else:
            os.environ["CONGVU_BCRYPT_ROUNDS"] = previous


@contextlib.contextmanager
def serving(
    db: Path,
    users: Path,
    audit: Path,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    port: int | None = None,
) -> Iterator[str]:
    """`congvu serve` (with extra `args` and `env`) on `port` or a free one until the block ends; yields its
    URL once its health check answers. The server runs in its own process group, so that the Streamlit process
    it starts is stopped with it."""
    port = port or free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "serve", "--db", str(db), "--users", str(users),
             "--audit", str(audit), "--port", str(port), "--address", "127.0.0.1", *args],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, **(env or {})},
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, process, log)
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"congvu serve did not start: {log.read_text(encoding='utf-8')}")
        time.sleep(0.2)  # polling the health endpoint until the server answers, not a wait for a result
