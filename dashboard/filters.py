"""The pages' filters: multiselects of agencies and codes, checkboxes — each kept in the URL — and how a
choice becomes a query parameter or a row filter. Each remembers its choice in words for the page's files
(dashboard/documents.py: `filters_text` names it by its widget key).

Every list a page offers goes through `multiselect` or `select` here, never st.multiselect/st.selectbox
directly (a test checks), because Streamlit's own lists speak English and search with exact diacritics:
- placeholders are ours ("Tất cả", "Chọn…"), never "Choose an option"/"Choose options";
- the "Select all" / "Select N matches" row is off (`select_all=False`: Streamlit has no way to word it);
- typing inside Streamlit's list is off (`filter_mode=None`): its matching is an in-order subsequence of
  the label's characters, case-folded only ("cong thuong" finds nothing in "Sở Công Thương"), and a
  search that finds nothing shows its English "No results", which takes no parameter. A list of
  SEARCH_FROM or more options gets our own search box instead, matched on the server by `fold`
  (diacritics, đ and case removed): "cong thuong" finds "Sở Công Thương". Short lists are read whole.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import documents, fmt, url_state
from dashboard.i18n import t

# options from which a list gets a search box (shorter lists are read at a glance)
SEARCH_FROM = 10


def fold(text: object) -> str:
    """Text for searching without diacritics: "Sở Công Thương" → "so cong thuong" (đ → d, case and
    spacing folded)."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.casefold().split())


def matches(query: str, label: object) -> bool:
    """Every word of the query occurs in the label, both folded: "cong thuong" matches "Sở Công Thương",
    "thuong cong" too; an empty query matches everything."""
    text = fold(label)
    return all(word in text for word in fold(query).split())


def _searched(label: str, options: list, format_func: Callable[[Any], str], key: str, keep: list) -> list:
    """The options whose label matches the page's search box (shown above lists of SEARCH_FROM or more);
    the options in `keep` (already chosen) stay, so that narrowing the list never drops a choice."""
    if len(options) < SEARCH_FROM:
        return options
    query = st.text_input(
        t("filter.search", what=label[:1].lower() + label[1:]),
        key=f"{key}_search",
        placeholder=t("filter.search_hint"),
    )
    if not query.strip():
        return options
    found = [o for o in options if o not in keep and matches(query, format_func(o))]
    if not found:  # our words, and the whole list stays (an empty list would show Streamlit's "No results")
        st.caption(t("filter.no_match", query=query.strip()))
        return options
    # said, not only done: the list below is closed, and the reader sees that the search has been applied
    st.caption(t("filter.found", found=len(found), total=len(options), query=query.strip()))
    return [o for o in options if o in keep or o in found]


def multiselect(
    label: str,
    options: Iterable[Any],
    *,
    key: str,
    format_func: Callable[[Any], str] = str,
    placeholder: str | None = None,
    **kwargs: Any,  # passed on to st.multiselect (help, max_selections, default, on_change)
) -> list:
    """st.multiselect in the page's language, with a search box without diacritics on long lists."""
    options = list(options)
    before = st.session_state[key] if key in st.session_state else kwargs.get("default")
    kept = [o for o in (before or []) if o in options]
    shown = _searched(label, options, format_func, key, kept)
    return st.multiselect(
        label,
        shown,
        format_func=format_func,
        key=key,
        placeholder=t("filter.all") if placeholder is None else placeholder,
        select_all=False,
        filter_mode=None,
        disabled=kwargs.pop("disabled", False) or not shown,  # an empty list would say "No results"
        **kwargs,
    )


def select(
    label: str,
    options: Iterable[Any],
    *,
    key: str | None = None,
    format_func: Callable[[Any], str] = str,
    placeholder: str | None = None,
    **kwargs: Any,  # passed on to st.selectbox (index, help, on_change, label_visibility)
) -> Any:
    """st.selectbox in the page's language (its placeholder is ours), with a search box without
    diacritics on long lists."""
    options = list(options)
    current = st.session_state.get(key) if key else None
    shown = _searched(label, options, format_func, key, [current]) if key else options
    if kwargs.get("index") not in (None, 0) and shown is not options:
        kwargs["index"] = shown.index(options[kwargs["index"]]) if options[kwargs["index"]] in shown else 0
    return st.selectbox(
        label,
        shown,
        format_func=format_func,
        key=key,
        placeholder=t("filter.choose") if placeholder is None else placeholder,
        filter_mode=None,
        disabled=kwargs.pop("disabled", False) or not shown,
        **kwargs,
    )


def date_range(label: str, first: dt.date, last: dt.date, *, key: str) -> tuple[dt.date, dt.date]:
    """A period as two dates, "from" and "to" (dd/mm/yyyy), between first and last. Not one range
    st.date_input: its calendar offers English presets ("Past Week", "Past Month"…) that take no
    parameter; a single date input has none. Dates given the wrong way round are swapped."""
    st.markdown(f"**{fmt.md_text(label)}**")
    left, right = st.columns(2)
    with left:
        start = st.date_input(
            t("filter.from"),
            value=first,
            min_value=first,
            max_value=last,
            format="DD/MM/YYYY",
            key=f"{key}_from",
        )
    with right:
        end = st.date_input(
            t("filter.to"), value=last, min_value=first, max_value=last, format="DD/MM/YYYY", key=f"{key}_to"
        )
    low, high = start or first, end or last
    return (low, high) if low <= high else (high, low)


def agency_filter(
    df: pd.DataFrame, id_col: str, label_col: str, key: str, param: str | None = "agency"
) -> list[str]:
    """Multiselect of the agencies present in df (shown by name and id); returns the chosen ids. The choice is
    kept in the URL under `param` (`?agency=SXD`) and restored from it."""
    pairs = df[[id_col, label_col]].dropna().drop_duplicates().sort_values(label_col)
    names = dict(zip(pairs[id_col], pairs[label_col], strict=True))
    if param:
        url_state.restore_list(key, param, names)
    chosen = multiselect(t("filter.agency"), list(names), format_func=lambda a: names.get(a, a), key=key)
    if param:
        url_state.publish(param, chosen)
    documents.remember(key, t("filter.agency"), [names.get(a, a) for a in chosen])
    return chosen


def code_filter(label: str, codes: Iterable[object], format_func, key: str, param: str | None = None) -> list:
    """Multiselect of codes shown by their labels; kept in the URL under `param` when given."""
    options = [c for c in dict.fromkeys(codes) if c is not None and not (isinstance(c, float) and c != c)]
    if param:
        url_state.restore_list(key, param, options)
    chosen = multiselect(label, options, format_func=format_func, key=key)
    if param:
        url_state.publish(param, chosen)
    documents.remember(key, label, [format_func(c) for c in chosen])
    return chosen


def flag_filter(label: str, key: str, param: str, *, toggle: bool = False) -> bool:
    """A checkbox (or toggle) kept in the URL as `?param=1`."""
    url_state.restore_flag(key, param)
    ticked = bool((st.toggle if toggle else st.checkbox)(label, key=key))
    url_state.publish(param, ticked)
    documents.remember(key, label, ticked)
    return ticked


def choice(values: Iterable[object]) -> list | None:
    """A multiselect's choice as a query parameter: the chosen values, or None (SQL NULL = all)."""
    return list(values) or None


def chosen(df: pd.DataFrame, column: str, values: list) -> pd.DataFrame:
    """Rows whose column is among the chosen values (no choice = every row)."""
    return df[df[column].isin(values)] if values else df
