"""Links from a code or a name to its page: `/task?id=…`, `/agency?id=…`, `/official?id=…`.

A table cell holds the page's relative URL with the label as its fragment
(`task?id=NV0001#NV0001%20%E2%80%94%20L%E1%BA%ADp...`); `link_column` shows the label (Streamlit's LinkColumn
decodes the fragment it extracts) and a click opens the page in a new tab. Within the session, `open_button`
switches page with the id as a query parameter. Nothing here reads data.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig  # what st.column_config.* return

from dashboard import page_text as _page_text  # noqa: F401  (registers the strings of links and detail pages)
from dashboard.access import PAGES, User, can_view
from dashboard.fmt import md_text

# page → the url_path of the detail page (access.PAGES) and the query parameter carrying the id
DETAIL_PAGES = {"task": "task", "agency": "agency", "official": "official"}
LABEL_PATTERN = r"#(.+)$"


def url(kind: str, code: object, label: object = None) -> str | None:
    """The relative URL of a detail page with the label in its fragment; None for a missing code."""
    if code is None or code is pd.NA or (isinstance(code, float) and code != code) or str(code) == "":
        return None
    text = (
        str(code)
        if label is None or label is pd.NA or (isinstance(label, float) and label != label)
        else label
    )
    return f"{DETAIL_PAGES[kind]}?id={quote(str(code), safe='')}#{quote(str(text) or str(code), safe='')}"


def add(
    df: pd.DataFrame, kind: str, id_col: str, label_col: str | None = None, out: str | None = None
) -> str:
    """Adds the link column `out` (default `<id_col>_link`) to df; returns its name."""
    out = out or f"{id_col}_link"
    labels = df[label_col] if label_col else df[id_col]
    df[out] = pd.Series(
        [url(kind, code, text) for code, text in zip(df[id_col], labels, strict=True)],
        index=df.index,
        dtype="object",
    )
    return out


def label_of(link: object) -> str:
    """The label a link shows (its decoded fragment); "" for no link."""
    if not isinstance(link, str) or "#" not in link:
        return ""
    return unquote(link.split("#", 1)[1])


def link_column(header: str) -> ColumnConfig:
    return st.column_config.LinkColumn(header, display_text=LABEL_PATTERN)


def open_button(kind: str, code: object, label: str, *, key: str) -> None:
    """A button that opens the detail page of `code` in this session (no new sign-in)."""
    if code is None or (isinstance(code, float) and code != code):
        return
    spec = PAGES[DETAIL_PAGES[kind]]
    if st.button(label, key=key, icon=":material/open_in_new:"):
        st.switch_page(spec.file, query_params={"id": str(code)})


def selected_row(event: object, rows: pd.DataFrame) -> pd.Series | None:
    """The row chosen in a table with `on_select="rerun"`, or None."""
    picked = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if not picked or picked[0] >= len(rows):
        return None
    return rows.iloc[picked[0]]


def plain(text: object) -> str:
    """Data shown inside markdown (headings, link labels, captions) as text only (fmt.md_text), with
    an empty cell as an empty string."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    return md_text(text)


def page_link(user: User | None, kind: str, code: object, label: object, *, icon: str | None = None) -> None:
    """An in-session link to a detail page (no new tab, no new sign-in), only for roles that may open it."""
    if code is None or code is pd.NA or (isinstance(code, float) and code != code):
        return
    spec = PAGES[DETAIL_PAGES[kind]]
    if user is None or not can_view(user.role, spec.url_path) or not spec.path.exists():
        st.markdown(plain(label))
        return
    st.page_link(spec.file, label=plain(label), icon=icon, query_params={"id": str(code)})


def follow_chart(
    event: object, kind: str, codes_by_label: dict[str, object], *, axis: str = "y", **params: str
) -> None:
    """After a click on a bar or point of a chart drawn with `on_select="rerun"`: opens the detail page of the
    clicked category (its label on `axis` → its code), with `params` (e.g. the period) in the URL."""
    points = list(getattr(getattr(event, "selection", None), "points", []) or [])
    code = codes_by_label.get(str(points[0].get(axis))) if points else None
    if code is not None:
        st.switch_page(PAGES[DETAIL_PAGES[kind]].file, query_params={"id": str(code), **params})
