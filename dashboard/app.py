"""Entry point of the dashboard: session → role → `st.navigation` with only the role's pages → page.

Run by `congvu serve` (dashboard/server.py, through the ASGI app of dashboard/web.py) with CONGVU_DB,
CONGVU_USERS and CONGVU_AUDIT set. Anonymous visitors get the sign-in form and nothing else; web.py sends a
page URL of an anonymous visitor to the form with `?next=` (they land there after signing in) and a page the
role may not see to the first page with `?denied=` (a Vietnamese "no permission" message, never Streamlit's
"page not found"). Nothing is shown while the audit log cannot be written.
"""

from __future__ import annotations

import math
import os
import time

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard import access, accounts, audit, data, fmt, phone, printing, session
from dashboard import page_text as _page_text  # noqa: F401  (registers every page's strings, once)
from dashboard.i18n import LANG_KEY, lang, t

users_path = session.users_path


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


def _missing_notice() -> None:
    """web.py sends a path that names no page here with `?missing=`: said in the page's language."""
    missing = st.query_params.get("missing")
    if missing:
        st.warning(t("ui.page_missing", page=fmt.md_text(missing)), icon=":material/search_off:")


def _sign_in_page() -> None:
    st.title(t("sign_in_title"))
    _missing_notice()
    if st.session_state.get(session.EXPIRED_KEY):
        st.info(t("session_expired"))
    try:
        known = accounts.load_accounts(users_path())
    except accounts.UsersFileError as exc:
        st.error(t("users_file_damaged", path=users_path(), reason=exc.reason_vi), icon=":material/error:")
        st.stop()
    if not known:
        st.warning(t("no_users"))
    sso_clicked = sso_enabled() and st.button(
        t("sso_sign_in"), type="primary", icon=":material/badge:", key="sso_sign_in"
    )
    if sso_clicked:
        st.login()
    with st.form("sign_in_form"):
        name = st.text_input(t("username"), key="sign_in_name")
        password = st.text_input(t("password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("sign_in"), type="primary")
    st.caption(t("sign_in_help"))
    if not submitted:
        return
    name = name.strip()
    result = accounts.authenticate(users_path(), name, password, address=st.context.ip_address or "local")
    if result.ok and result.account is not None:
        user = session.User(name=result.account.name, role=result.account.role)
        audit.log_event(user, "sign_in", details={"role": user.role})
        # the browser fetches its cookie, then lands on `next` (one full load: no page drawn twice)
        session.redirect(session.sign_in(user))
        st.info(t("signing_in"), icon=":material/login:")
        return
    if result.throttled:
        audit.log_event(name, "sign_in_failed", details={"throttled": True})
        st.error(t("sign_in_throttled"))
        return
    if result.locked_until is not None:  # locked
        minutes = max(1, math.ceil((result.locked_until - time.time()) / 60))
        audit.log_event(name, "sign_in_failed", details={"locked": True})
        st.error(t("account_locked", minutes=minutes))
    else:
        audit.log_event(name, "sign_in_failed")
        st.error(t("sign_in_failed"))


def sso_enabled() -> bool:
    """Single sign-on is on when `congvu serve --sso FILE` gave Streamlit an [auth] section."""
    return bool(os.environ.get("CONGVU_SSO"))


SSO_REFUSED_KEY = "sso_refused"


def _sso_identity() -> str | None:
    if not sso_enabled() or not st.user.is_logged_in:
        return None
    return str(st.user.get("email") or st.user.get("sub") or "") or None


def _sign_in_by_sso() -> bool:
    """After the identity provider sent the browser back: the account whose `sso` is that identity is
    signed in like a local one (session record, cookie, audit). Returns whether the run is handled."""
    identity = _sso_identity()
    if identity is None:
        return False
    account = accounts.sso_account(users_path(), identity)
    if account is None:
        if st.session_state.get(SSO_REFUSED_KEY) != identity:  # audited once, not at every rerun
            audit.log_event(identity, "sign_in_failed", details={"via": "sso"})
            st.session_state[SSO_REFUSED_KEY] = identity
        st.title(t("sign_in_title"))
        st.error(t("sso_unknown", identity=fmt.md_text(identity)), icon=":material/block:")
        if st.button(t("sign_out"), key="sso_refused_sign_out"):
            st.logout()  # forget the provider's identity here, so the form is offered again
        return True
    user = session.User(name=account.name, role=account.role)
    audit.log_event(user, "sign_in", details={"role": user.role, "via": "sso"})
    session.redirect(session.sign_in(user))
    st.info(t("signing_in"), icon=":material/login:")
    return True


def _sign_out(user: session.User) -> None:
    audit.log_event(user, "sign_out")
    session.sign_out()
    if _sso_identity() is not None:
        st.logout()  # Streamlit's identity cookie goes too (its redirect lands on the sign-in form)
    else:
        session.redirect(session.SIGN_OUT_PATH)  # clears the cookie in the browser too


def _navigation(user: session.User) -> StreamlitPage:
    language = lang()
    sections: dict[str, list] = {}
    for spec in access.pages_for(user.role):
        if not spec.path.exists():  # a typo or a lost file must not quietly hide a page from a role
            raise FileNotFoundError(f"page {spec.url_path!r}: no file {spec.path}")
        section = access.SECTIONS[spec.audience][1 if language == "en" else 0]
        sections.setdefault(section, []).append(
            st.Page(
                spec.file,
                title=spec.title(language),
                url_path=spec.url_path,
                icon=spec.icon or None,
                visibility="hidden" if spec.hidden else "visible",
            )
        )
    return st.navigation(sections, expanded=True)


def _sidebar(user: session.User) -> None:
    with st.sidebar:
        name = fmt.md_text(user.name)
        st.markdown(t("signed_in_as", name=name, role=access.role_label(user.role, lang())))
        st.button(
            t("sign_out"), on_click=_sign_out, args=(user,), icon=":material/logout:", key="sign_out_button"
        )
    printing.control()  # the print view (whole tables) and the print CSS
    printing.style()


@st.fragment(run_every=session.watch_seconds())
def _session_watch() -> None:
    """Ends the page when its session ends (idle, 12 h, revoked, account removed), without waiting for a
    click: the whole app reruns and shows the sign-in form instead of the personal content."""
    if session.resolve(touch=False) is None:
        st.rerun(scope="app")


def main() -> None:
    try:
        _main()
    except audit.AuditUnavailable:  # e.g. the disk filled up between the start check and this line
        st.error(t("audit_unavailable"), icon=":material/error:")


# Streamlit's typing hint under a text field ("Press Enter to apply", "Press Enter to submit form") is English
# and takes no parameter: hidden (our search boxes say "… rồi nhấn Enter" in their placeholder)
HIDE_ENGLISH_HINTS = '<style>[data-testid="InputInstructions"] { display: none; }</style>'


def _main() -> None:
    st.set_page_config(page_title="congvu", page_icon=":material/account_balance:", layout="wide")
    st.html(HIDE_ENGLISH_HINTS)
    _language_switch()
    if not audit.writable():
        st.error(t("audit_unavailable"), icon=":material/error:")
        st.stop()
    user = session.resolve()
    if user is None and _sign_in_by_sso():
        return
    if user is None:
        st.navigation(
            [st.Page(_sign_in_page, title=t("sign_in"), url_path="sign-in")], position="hidden"
        ).run()
        return
    page = _navigation(user)
    _sidebar(user)
    phone.install()
    _session_watch()
    denied = st.query_params.get("denied")
    if denied:
        st.error(t("access_denied"), icon=":material/block:")
    _missing_notice()
    st.title(page.title)
    state = data.warehouse_state()
    if state in ("missing", "unreadable"):
        st.error(t(f"warehouse_{state}", path=data.db_path()), icon=":material/error:")
        st.stop()
    info = data.build_info()
    st.caption(t("as_of", date=fmt.date(info.get("as_of"))))
    if state == "empty":
        st.warning(t("warehouse_empty"), icon=":material/warning:")
    body = st.empty()
    try:
        with body.container():
            page.run()
    except audit.AuditUnavailable:
        body.empty()  # nothing of the page stays on screen when its view could not be audited
        st.error(t("audit_unavailable"), icon=":material/error:")


main()
