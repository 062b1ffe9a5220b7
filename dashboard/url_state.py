"""A page's filter state in its URL (`st.query_params`), restored from it, and a "Sao chép liên kết" control.

A filter widget is bound to one query parameter: before the widget is drawn, `restore` gives it the URL's
value when the session holds none yet (a deep link, a bookmark, a colleague's link); after it is drawn,
`publish` writes its value back, so the address bar always shows the view. Lists are repeated parameters
(`?agency=SXD&agency=STC`; commas are read too). Values a widget does not offer are dropped, never passed
to the widget. Nothing here reads data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlencode, urlsplit

import streamlit as st

from dashboard.i18n import t

TRUE_WORDS = ("1", "true", "yes", "co", "có")


def values(param: str) -> list[str]:
    """Every value of a query parameter, commas split: `?agency=SXD,STC&agency=SNV` → [SXD, STC, SNV]."""
    found: list[str] = []
    for raw in st.query_params.get_all(param):
        found.extend(v.strip() for v in str(raw).split(",") if v.strip())
    return found


def value(param: str) -> str | None:
    found = st.query_params.get_all(param)
    return str(found[0]).strip() if found else None


def restore_list(key: str, param: str, options: Iterable[object]) -> None:
    """Before a multiselect: its URL choice (offered values only, in the URL's order) when the session has
    none."""
    if key in st.session_state or param not in st.query_params:
        return
    by_text = {str(o): o for o in options}
    st.session_state[key] = [by_text[v] for v in dict.fromkeys(values(param)) if v in by_text]


def restore_one(key: str, param: str, options: Sequence[object] | None = None) -> None:
    """Before a selectbox or text input: its URL value (only an offered one) when the session has none."""
    if key in st.session_state or param not in st.query_params:
        return
    raw = value(param)
    if options is None:
        st.session_state[key] = raw
        return
    by_text = {str(o): o for o in options}
    if raw in by_text:
        st.session_state[key] = by_text[raw]


def restore_flag(key: str, param: str) -> None:
    """Before a checkbox or toggle: `?param=1` (or true/yes/có) ticks it when the session has no value."""
    if key in st.session_state or param not in st.query_params:
        return
    st.session_state[key] = (value(param) or "").lower() in TRUE_WORDS


def publish(param: str, current: object) -> None:
    """Writes a widget's value to the URL: a list as repeated values, True as 1; empty or False removes it."""
    if (
        current is None
        or current is False
        or current == ""
        or (isinstance(current, list | tuple) and not current)
    ):
        if param in st.query_params:
            del st.query_params[param]
        return
    if current is True:
        text: str | list[str] = "1"
    elif isinstance(current, list | tuple):
        text = [str(v) for v in current]
    else:
        text = str(current)
    existing = st.query_params.get_all(param)
    if (existing if isinstance(text, list) else existing[:1]) != (text if isinstance(text, list) else [text]):
        st.query_params[param] = text


def page_url(url_path: str) -> str:
    """The full address of this page with its current filters, as a colleague would open it."""
    try:
        origin = urlsplit(st.context.url or "")
        base = f"{origin.scheme}://{origin.netloc}" if origin.netloc else ""
    except (AttributeError, RuntimeError, ValueError):
        base = ""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    path = "/" + "/".join(p for p in (prefix, url_path) if p)
    query = urlencode(
        [(k, v) for k in st.query_params for v in st.query_params.get_all(k)], doseq=False, safe=","
    )
    return base + path + (f"?{query}" if query else "")


def copy_link(url_path: str) -> None:
    """ "Sao chép liên kết": the page's address with its filters, in a box with a copy button."""
    with st.popover(t("ui.copy_link"), icon=":material/link:"):
        st.caption(t("ui.copy_link_help"))
        st.code(page_url(url_path), language=None, wrap_lines=True)
