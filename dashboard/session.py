"""The signed-in user of this browser session: `current_user()`, `require_page(page)`, sign-in/out.

The user lives in `st.session_state` (server side; a reload of the browser tab signs out). A session
ends after `CONGVU_SESSION_TIMEOUT_MINUTES` (default 30) minutes without any interaction.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from dashboard import audit
from dashboard.access import User, can_view
from dashboard.i18n import t

USER_KEY = "auth_user"
EXPIRED_KEY = "auth_expired"
DEFAULT_TIMEOUT_MINUTES = 30.0


__all__ = ["User", "check_page", "current_user", "require_page", "sign_in", "sign_out", "touch"]


def timeout_seconds() -> float:
    return 60.0 * float(os.environ.get("CONGVU_SESSION_TIMEOUT_MINUTES", DEFAULT_TIMEOUT_MINUTES))


def sign_in(user: User) -> None:
    now = time.time()
    st.session_state[USER_KEY] = {
        "name": user.name,
        "role": user.role,
        "signed_in_at": now,
        "last_active": now,
    }
    st.session_state.pop(EXPIRED_KEY, None)


def sign_out() -> None:
    st.session_state.pop(USER_KEY, None)


def current_user() -> User | None:
    """The signed-in user, or None (anonymous, or the session ended after inactivity)."""
    record = st.session_state.get(USER_KEY)
    if not record:
        return None
    return User(name=record["name"], role=record["role"])


def touch() -> User | None:
    """Called once per script run by app.py: ends an idle session, else records the activity."""
    record = st.session_state.get(USER_KEY)
    if not record:
        return None
    now = time.time()
    if now - float(record.get("last_active", now)) > timeout_seconds():
        sign_out()
        st.session_state[EXPIRED_KEY] = True
        audit.log_event(record["name"], "session_expired")
        return None
    record["last_active"] = now
    return current_user()


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
