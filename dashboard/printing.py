"""Printing a page (Ctrl+P): print CSS that leaves out the sidebar, the widgets and Streamlit's chrome, and a
"Bản in" (print view) switch under which every table is drawn as a static HTML table of all its rows.

Why this and not a PDF made on the server:
- it prints what the reader sees and has checked — the KPI cards, the charts, the captions with the period and
  the filters — from the same run of the page, so paper and screen cannot disagree; a server PDF would be a
  second rendering of every page (and a second place to keep in step with each page);
- no new dependency on the server (a PDF needs a headless browser or a PDF layout library there) and the
  browser's own print engine handles Vietnamese text, A4 and page breaks;
- no new path for personal data: the rows are already on the reader's screen, shown by an audited page view;
  a PDF made on the server would be one more file to audit. Files to send remain the audited downloads (XLSX
  documents, .docx reports).
st.dataframe draws its cells on a canvas and prints only the ~10 rows in view: under "Bản in",
dashboard/tables.table draws `static_frame(...)` with st.table instead — every row on screen (at most
tables.ROW_LIMIT; the "1.000 / N rows" note prints with it, and the download holds all N).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard import fmt, url_state
from dashboard.i18n import t

KEY = "print_view"
PARAM = "print"

# In print: no sidebar, header, toolbar or decoration; no widget, button, link to a download or expander of
# controls; the main column takes the page's width. On screen nothing changes.
CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stCheckbox"],
  [data-testid="stToggle"], [data-testid="stRadio"], [data-testid="stDateInput"], [data-testid="stTextInput"],
  [data-testid="stNumberInput"], [data-testid="stSlider"], [data-testid="stButton"],
  [data-testid="stDownloadButton"], [data-testid="stPopover"], [data-testid="stPageLink"],
  [data-testid="stSegmentedControl"], [data-testid="stButtonGroup"], [data-testid="stExpander"],
  [data-testid="stElementToolbar"], [data-testid="stForm"],
  .element-container:has(a[href*="/_congvu/download/"]), a[href*="/_congvu/download/"] {
    display: none !important;
  }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"], section.main, .block-container {
    margin-left: 0 !important; padding: 0 !important; max-width: 100% !important; width: 100% !important;
  }
  [data-testid="stTable"] table { font-size: 9pt; }
  [data-testid="stTable"] tr { break-inside: avoid; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"] { break-inside: avoid; }
}
</style>
"""


def style() -> None:
    """The print CSS (once per run of a signed-in page)."""
    st.html(CSS)


def control() -> None:
    """The sidebar switch "Bản in", kept in the URL (`?print=1`), with how to print."""
    url_state.restore_flag(KEY, PARAM)
    on = st.sidebar.toggle(t("print.view"), key=KEY, help=t("print.help"))
    url_state.publish(PARAM, on)
    if on:
        st.sidebar.caption(t("print.hint"))


def print_view() -> bool:
    return bool(st.session_state.get(KEY))


def static_frame(df: pd.DataFrame, labels: dict[str, str] | None, links: Sequence[str]) -> pd.DataFrame:
    """The table as text, as the grid shows it: headers, dates dd/mm/yyyy, numbers and percentages in the
    page's language, yes/no in words, a link by its label, an empty cell empty."""
    from dashboard.links import label_of

    order = [c for c in labels if c in df.columns] if labels else list(df.columns)
    out = pd.DataFrame(index=df.index)
    for column in order:
        values = df[column]
        dtype = values.dtype
        if column in links:
            shown = values.map(label_of)
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            present = values.dropna()
            timed = bool((present.dt.normalize() != present).any())
            shown = values.map(fmt.datetime if timed else fmt.date)
        elif pd.api.types.is_bool_dtype(dtype):
            shown = values.map(lambda v: "" if pd.isna(v) else (t("yes") if v else t("no")))
        elif column.endswith(("_rate", "_rate_low", "_rate_high", "_share")):
            shown = values.map(lambda v: "" if pd.isna(v) else fmt.percent(v))
        elif pd.api.types.is_numeric_dtype(dtype):
            plain = column == "year" or column.endswith(("_id", "_year", "row_number"))
            shown = values.map(lambda v, plain=plain: _number(v, plain))
        else:
            shown = values.map(_text)
        out[(labels or {}).get(column, column)] = shown
    return out.reset_index(drop=True)


def _number(value: object, plain: bool) -> str:
    """A count in the page's notation (1.234); an id, a year or a row number as it is; "" when missing."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    if plain and number.is_integer():
        return str(int(number))
    return fmt.number(number, 0 if number.is_integer() else 2)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return fmt.joined(value)
