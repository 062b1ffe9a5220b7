"""The signed-in user of this browser tab: `resolve()` once per script run, `require_page(page)`, sign-in/out.

Who is signed in is decided on the server, by the session record (dashboard/session_store.py) named by the
signed, HttpOnly cookie `congvu_session` — so a reload, a second tab or a bookmark keeps the user signed in,
and sign-out, expiry or a removed account end it everywhere. Within one tab the record's id is also kept in
`st.session_state` (server side), so the tab that signs in works before its cookie is set.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import streamlit as st

from dashboard import audit
from dashboard.access import User, can_view
from dashboard.i18n import t
from dashboard.session_store import COOKIE, STORE, idle_seconds, unsign

USER_KEY = "auth_user"
SESSION_KEY = "auth_session"
EXPIRED_KEY = "auth_expired"
DEFAULT_USERS = Path("data/users.toml")
GRANT_PATH = "/_congvu/session"
SIGN_OUT_PATH = "/_congvu/sign-out"

__all__ = ["User", "check_page", "current_user", "require_page", "resolve", "sign_in", "sign_out"]


def watch_seconds() -> float:
    """How often an open page checks that its session still lives (a quarter of the idle limit, 5–60 s)."""
    return max(5.0, min(60.0, idle_seconds() / 4))


def users_path() -> Path:
    return Path(os.environ.get("CONGVU_USERS") or DEFAULT_USERS)


def _session_id() -> str | None:
    known = st.session_state.get(SESSION_KEY)
    if known:
        return known
    try:
        cookie = st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind this run (AppTest, a bare script)
        cookie = None
    return unsign(cookie)


def resolve(*, touch: bool = True) -> User | None:
    """The user of this run: the live session record's account with its current role, or None. A session
    that ended (idle, 12 h, account removed) is audited once and leaves the "expired" note for the form."""
    session_id = _session_id()
    found = STORE.lookup(session_id, users_path(), touch=touch)
    if found.user is None:
        had_user = USER_KEY in st.session_state
        st.session_state.pop(USER_KEY, None)
        st.session_state.pop(SESSION_KEY, None)
        if found.ended:
            audit.log_event(found.name, "session_expired", details={"reason": found.ended})
        if found.ended or had_user:
            st.session_state[EXPIRED_KEY] = True
        return None
    st.session_state[SESSION_KEY] = session_id
    st.session_state[USER_KEY] = {"name": found.user.name, "role": found.user.role}
    return found.user


def current_user() -> User | None:
    """The user resolved at the start of this run (None when anonymous)."""
    record = st.session_state.get(USER_KEY)
    return User(name=record["name"], role=record["role"]) if record else None


def session_id() -> str | None:
    return st.session_state.get(SESSION_KEY)


def sign_in(user: User) -> str:
    """Opens a server-side session for `user` in this tab; returns the URL that sets its cookie."""
    record = STORE.create(user)
    st.session_state[SESSION_KEY] = record.session_id
    st.session_state[USER_KEY] = {"name": user.name, "role": user.role}
    st.session_state.pop(EXPIRED_KEY, None)
    return f"{GRANT_PATH}?{urllib.parse.urlencode({'grant': record.grant, 'next': return_to()})}"


def sign_out() -> None:
    STORE.revoke(st.session_state.pop(SESSION_KEY, None))
    st.session_state.pop(USER_KEY, None)


def return_to() -> str:
    """Where to go after signing in: the `next` query parameter when it is a path of this site, else /."""
    target = st.query_params.get("next") or "/"
    return safe_path(target)


def safe_path(target: str) -> str:
    """A local path (never //host or scheme://): open redirects are refused."""
    parts = urllib.parse.urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return "/"
    return target


def redirect(url: str) -> None:
    """Sends the browser to `url` (a full page load: how a cookie gets set or cleared)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = url
    ctx.enqueue(message)


def check_page(page: str) -> User:
    """The current user if their role may view `page`; PermissionError otherwise."""
    user = current_user()
    if user is None or not can_view(user.role, page):
        raise PermissionError(f"role {user.role if user else 'anonymous'!r} may not view page {page!r}")
    return user


def require_page(page: str) -> User:
    """First call of every page: shows an error and stops the script unless the role may view `page`."""
    try:
        return check_page(page)
    except PermissionError:
        st.error(t("access_denied"))
        st.stop()
        raise  # st.stop() raises; this keeps type checkers honest
