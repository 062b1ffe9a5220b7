"""Server-side session records behind the signed session cookie, and the audited downloads they hold.

A sign-in creates a record (random id) and a one-time grant; the browser trades the grant at
`/_congvu/session` for the cookie `congvu_session = <id>.<HMAC-SHA256>` (HttpOnly, SameSite=Strict,
Secure over TLS, set by dashboard/web.py). Every request and every script run looks the record up:

- idle expiry (CONGVU_SESSION_TIMEOUT_MINUTES, default 30) and absolute expiry (CONGVU_SESSION_MAX_HOURS,
  default 12) end it; sign-out revokes it — a copied cookie then opens nothing;
- the account is re-read from the users file each time: a removed account is out at once, a changed role
  applies at the next click.

Records live in the memory of the one dashboard process (Streamlit runs the web routes and the scripts in
one process): a restart of `congvu serve` signs everyone out, which is the safe direction.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.access import User, can_view
from dashboard.accounts import load_accounts

COOKIE = "congvu_session"
GRANT_SECONDS = 120.0
DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_MAX_HOURS = 12.0
# a secret per process: records do not outlive the process either (CONGVU_SESSION_SECRET for several)
_SECRET = (os.environ.get("CONGVU_SESSION_SECRET") or secrets.token_hex(32)).encode("utf-8")


def idle_seconds() -> float:
    return 60.0 * float(os.environ.get("CONGVU_SESSION_TIMEOUT_MINUTES") or DEFAULT_IDLE_MINUTES)


def max_seconds() -> float:
    return 3600.0 * float(os.environ.get("CONGVU_SESSION_MAX_HOURS") or DEFAULT_MAX_HOURS)


def sign(session_id: str) -> str:
    mac = hmac.new(_SECRET, session_id.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{session_id}.{mac}"


def unsign(value: str | None) -> str | None:
    """The session id of a cookie value whose signature holds, else None."""
    if not value or value.count(".") != 1:
        return None
    session_id, mac = value.split(".")
    if not session_id.isalnum() or len(session_id) > 128:
        return None
    expected = hmac.new(_SECRET, session_id.encode("ascii"), hashlib.sha256).hexdigest()
    return session_id if hmac.compare_digest(mac, expected) else None


@dataclass(frozen=True)
class Download:
    """A file a page offers: made only when the browser asks for it, after its audit line is written."""

    page: str
    file_name: str
    kind: str  # csv | xlsx | docx
    rows: int
    make: Callable[[], bytes]
    details: dict = field(default_factory=dict)  # more for the audit line (a report's kind and period)


@dataclass
class Record:
    session_id: str
    name: str
    role: str
    created: float
    last_active: float
    grant: str | None = None
    grant_expires: float = 0.0
    downloads: dict[str, Download] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookup:
    user: User | None
    ended: str | None = None  # why a known record ended now: expired | account_removed
    name: str | None = None  # the account of the record that ended


class SessionStore:
    def __init__(self) -> None:
        self._records: dict[str, Record] = {}
        self._lock = threading.Lock()

    def create(self, user: User, now: float | None = None) -> Record:
        now = time.time() if now is None else now
        record = Record(
            session_id=secrets.token_hex(24),
            name=user.name,
            role=user.role,
            created=now,
            last_active=now,
            grant=secrets.token_urlsafe(24),
            grant_expires=now + GRANT_SECONDS,
        )
        with self._lock:
            self._records[record.session_id] = record
        return record

    def redeem(self, grant: str, now: float | None = None) -> Record | None:
        """The record a one-time grant belongs to (the grant is spent), or None."""
        now = time.time() if now is None else now
        with self._lock:
            for record in self._records.values():
                if record.grant and hmac.compare_digest(record.grant, grant):
                    record.grant = None
                    return record if now <= record.grant_expires else None
        return None

    def lookup(
        self, session_id: str | None, users_file: Path, *, touch: bool = True, now: float | None = None
    ) -> Lookup:
        """The user of a live session (current role from the users file); ends expired ones."""
        if not session_id:
            return Lookup(None)
        now = time.time() if now is None else now
        with self._lock:
            record = self._records.get(session_id)
            if record is None:
                return Lookup(None)
            if now - record.last_active > idle_seconds() or now - record.created > max_seconds():
                del self._records[session_id]
                return Lookup(None, ended="expired", name=record.name)
        account = load_accounts(users_file).get(record.name)
        if account is None:
            self.revoke(session_id)
            return Lookup(None, ended="account_removed", name=record.name)
        with self._lock:
            record.role = account.role
            if touch:
                record.last_active = now
        return Lookup(User(name=record.name, role=account.role))

    def record(self, session_id: str) -> Record | None:
        with self._lock:
            return self._records.get(session_id)

    def revoke(self, session_id: str | None) -> Record | None:
        with self._lock:
            return self._records.pop(session_id, None) if session_id else None

    def offer_download(self, session_id: str, download: Download) -> str | None:
        """Registers a file for this session; returns the token of its URL (None without a live record)."""
        token = secrets.token_urlsafe(18)
        with self._lock:
            record = self._records.get(session_id)
            if record is None:
                return None
            # one token per file of a page: a rerun replaces the previous offer instead of piling up
            same = (download.page, download.file_name)
            stale = [t for t, d in record.downloads.items() if (d.page, d.file_name) == same]
            for old in stale:
                del record.downloads[old]
            record.downloads[token] = download
        return token

    def download(self, session_id: str, token: str) -> tuple[User, Download] | None:
        with self._lock:
            record = self._records.get(session_id)
            offer = record.downloads.get(token) if record else None
            if record is None or offer is None or not can_view(record.role, offer.page):
                return None
            return User(name=record.name, role=record.role), offer


STORE = SessionStore()
