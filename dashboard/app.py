"""Entry point of the dashboard: sign-in → role → `st.navigation` with only the role's pages → page.

Run by `congvu serve` (dashboard/server.py) with CONGVU_DB, CONGVU_USERS and CONGVU_AUDIT set.
Anonymous visitors get the sign-in form and nothing else; a URL of a page the role may not see is
not registered, so Streamlit answers "page not found" and shows the role's first page.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard import access, accounts, audit, data, fmt, session
from dashboard import page_text as _page_text  # noqa: F401  (registers every page's strings, once)
from dashboard.i18n import LANG_KEY, lang, t

DEFAULT_USERS = Path("data/users.toml")


def users_path() -> Path:
    return Path(os.environ.get("CONGVU_USERS") or DEFAULT_USERS)


def _language_switch() -> None:
    st.sidebar.segmented_control(
        t("language"),
        options=["vi", "en"],
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        default="vi",
        key=LANG_KEY,
    )
    if st.session_state.get(LANG_KEY) is None:  # a click on the selected option clears it
        st.session_state[LANG_KEY] = "vi"


def _sign_in_page() -> None:
    st.title(t("sign_in_title"))
    if st.session_state.get(session.EXPIRED_KEY):
        st.info(t("session_expired"))
    try:
        known = accounts.load_accounts(users_path())
    except accounts.UsersFileError as exc:  # a broken file is named, not shown as a generic error
        st.error(str(exc))
        st.stop()
    if not known:
        st.warning(t("no_users"))
    with st.form("sign_in_form"):
        name = st.text_input(t("username"), key="sign_in_name")
        password = st.text_input(t("password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("sign_in"), type="primary")
    st.caption(t("sign_in_help"))
    if not submitted:
        return
    name = name.strip()
    result = accounts.authenticate(users_path(), name, password)
    if result.ok and result.account is not None:
        session.sign_in(session.User(name=result.account.name, role=result.account.role))
        audit.log_event(result.account.name, "sign_in", details={"role": result.account.role})
        st.rerun()
    if result.locked_until is not None:  # locked
        minutes = max(1, math.ceil((result.locked_until - time.time()) / 60))
        audit.log_event(name, "sign_in_failed", details={"locked": True})
        st.error(t("account_locked", minutes=minutes))
    else:
        audit.log_event(name, "sign_in_failed")
        st.error(t("sign_in_failed"))


def _sign_out(user: session.User) -> None:
    audit.log_event(user, "sign_out")
    session.sign_out()


def _navigation(user: session.User) -> StreamlitPage:
    language = lang()
    sections: dict[str, list] = {}
    for spec in access.pages_for(user.role):
        if not spec.path.exists():  # a typo or a lost file must not quietly hide a page from a role
            raise FileNotFoundError(f"page {spec.url_path!r}: no file {spec.path}")
        section = access.SECTIONS[spec.audience][1 if language == "en" else 0]
        sections.setdefault(section, []).append(
            st.Page(spec.file, title=spec.title(language), url_path=spec.url_path, icon=spec.icon or None)
        )
    return st.navigation(sections, expanded=True)


def _sidebar(user: session.User) -> None:
    with st.sidebar:
        st.markdown(t("signed_in_as", name=user.name, role=access.role_label(user.role, lang())))
        st.button(
            t("sign_out"), on_click=_sign_out, args=(user,), icon=":material/logout:", key="sign_out_button"
        )


def main() -> None:
    st.set_page_config(page_title="congvu", page_icon=":material/account_balance:", layout="wide")
    _language_switch()
    user = session.touch()
    if user is None:
        st.navigation(
            [st.Page(_sign_in_page, title=t("sign_in"), url_path="sign-in")], position="hidden"
        ).run()
        return
    page = _navigation(user)
    _sidebar(user)
    st.title(page.title)
    state = data.warehouse_state()
    if state in ("missing", "unreadable"):
        st.error(t(f"warehouse_{state}", path=data.db_path()), icon=":material/error:")
        st.stop()
    info = data.build_info()
    st.caption(t("as_of", date=fmt.date(info.get("as_of"))))
    if state == "empty":
        st.warning(t("warehouse_empty"), icon=":material/warning:")
    page.run()


main()
