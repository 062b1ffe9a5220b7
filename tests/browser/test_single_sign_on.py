"""Single sign-on end to end: Debian's chromium, `congvu serve --sso FILE`, and a real OpenID Connect
provider (oidc-provider-mock) started by the test. The identity the provider vouches for maps to a role
through the users file (`sso = "..."`); an identity nobody was given access to is refused and audited."""

from __future__ import annotations

import contextlib
import importlib.util
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.launcher import free_port, serving
from dashboard import accounts, audit
from tests.browser.test_journeys import SIGN_IN_TITLE, TIMEOUT, heading

if importlib.util.find_spec("oidc_provider_mock") is None:  # a dev dependency (pyproject.toml)
    pytest.skip("oidc-provider-mock is not installed", allow_module_level=True)


@pytest.fixture
def sso_dashboard(demo_warehouse: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    users, audit_log = tmp_path / "users.toml", tmp_path / "audit.jsonl"
    accounts.add_user(users, "lan", "inspectorate", None, sso="lan@haiphong.gov.vn")
    port, provider_port = free_port(), free_port()
    with _provider(provider_port, tmp_path):
        sso = tmp_path / "sso.toml"
        sso.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "congvu"\n'
            'client_secret = "congvu-secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        with serving(
            demo_warehouse, users, audit_log, tmp_path / "serve.log", args=("--sso", str(sso)), port=port
        ) as url:
            yield url, audit_log


@contextlib.contextmanager
def _provider(port: int, work: Path) -> Iterator[None]:
    """oidc-provider-mock in a process of its own (its Authlib warnings are not this test's errors)."""
    log = (work / "provider.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/.well-known/openid-configuration") as r:
                    if r.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((work / "provider.log").read_text()) from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def _through_the_provider(page: Page, url: str, identity: str) -> None:
    page.goto(url)
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Đăng nhập bằng tài khoản cơ quan (SSO)").click()
    page.locator('input[name="sub"]').last.fill(identity)
    page.get_by_role("button", name="Authorize").click()


def test_an_identity_from_the_provider_signs_in_with_its_role(page: Page, sso_dashboard) -> None:
    url, audit_log = sso_dashboard
    _through_the_provider(page, url, "lan@haiphong.gov.vn")
    expect(heading(page, "Tổng quan")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Đăng nhập: lan")).to_be_visible(timeout=TIMEOUT)
    page.goto(f"{url}/discipline")  # the inspectorate's page, and the session cookie survives the load
    expect(heading(page, "Kỷ luật")).to_be_visible(timeout=TIMEOUT)
    (event,) = [e for e in audit.read_events(audit_log) if e["action"] == "sign_in"]
    assert (event["user"], event["details"]) == ("lan", {"role": "inspectorate", "via": "sso"})
    page.get_by_role("button", name="Đăng xuất").click()
    # RP-initiated logout: the provider confirms, then sends the browser back to the sign-in form
    page.get_by_role("button", name="End session").click()
    expect(heading(page, SIGN_IN_TITLE)).to_be_visible(timeout=TIMEOUT)
    signed_out = [e for e in audit.read_events(audit_log) if e["action"] == "sign_out"]
    assert [e["user"] for e in signed_out] == ["lan"]


def test_an_identity_without_an_account_is_refused(page: Page, sso_dashboard) -> None:
    url, audit_log = sso_dashboard
    _through_the_provider(page, url, "stranger@example.org")
    expect(page.get_by_text("chưa được cấp quyền")).to_be_visible(timeout=TIMEOUT)
    expect(heading(page, "Tổng quan")).to_have_count(0)
    failed = [e for e in audit.read_events(audit_log) if e["action"] == "sign_in_failed"]
    assert [(e["user"], e["details"]) for e in failed] == [("stranger@example.org", {"via": "sso"})]
