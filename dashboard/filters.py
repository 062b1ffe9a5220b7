"""The pages' filters: multiselects of agencies and codes, checkboxes — each kept in the URL — and how a
choice becomes a query parameter or a row filter. Each remembers its choice in words for the page's files
(dashboard/documents.py: `filters_text` names it by its widget key)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from dashboard import documents, url_state
from dashboard.i18n import t


def agency_filter(
    df: pd.DataFrame, id_col: str, label_col: str, key: str, param: str | None = "agency"
) -> list[str]:
    """Multiselect of the agencies present in df (shown by name and id); returns the chosen ids. The choice is
    kept in the URL under `param` (`?agency=SXD`) and restored from it."""
    pairs = df[[id_col, label_col]].dropna().drop_duplicates().sort_values(label_col)
    names = dict(zip(pairs[id_col], pairs[label_col], strict=True))
    if param:
        url_state.restore_list(key, param, names)
    chosen = st.multiselect(
        t("filter.agency"),
        list(names),
        format_func=lambda a: names.get(a, a),
        key=key,
        placeholder=t("filter.all"),
    )
    if param:
        url_state.publish(param, chosen)
    documents.remember(key, t("filter.agency"), [names.get(a, a) for a in chosen])
    return chosen


def code_filter(label: str, codes: Iterable[object], format_func, key: str, param: str | None = None) -> list:
    """Multiselect of codes shown by their labels; kept in the URL under `param` when given."""
    options = [c for c in dict.fromkeys(codes) if c is not None and not (isinstance(c, float) and c != c)]
    if param:
        url_state.restore_list(key, param, options)
    chosen = st.multiselect(label, options, format_func=format_func, key=key, placeholder=t("filter.all"))
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
