"""Helpers shared by the analysis pages: column labels, exports, code labels, filters.

Nothing here computes a metric: it formats, labels and guards what the marts hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import fmt, i18n, url_state
from dashboard import nav_text as _nav_text  # noqa: F401  (registers the detail pages' strings)
from dashboard import page_text as _page_text  # noqa: F401  (registers the pages' strings)
from dashboard.access import User
from dashboard.data import export_as, run_query
from dashboard.i18n import lang, t
from dashboard.labels import label as _label
from dashboard.labels import labels as domain_labels

# rows a filtered table shows at most; the count above it and the downloads cover every filtered row
ROW_LIMIT = 1000


def code_label(prefix: str, code: object) -> str:
    """The page string `<prefix>.<code>` (e.g. status.open_overdue), else the code itself: labels.label, the
    one lookup of these keys."""
    return "" if code is pd.NA else _label(prefix, code)


def headers(df: pd.DataFrame, columns: dict[str, str]) -> dict[str, str]:
    """column → translated header for the columns present in df, in the order given (`columns` maps a
    column to a string key). Columns a table may only gain later are simply absent until they exist."""
    return {column: t(key) for column, key in columns.items() if column in df.columns}


def export_frame(df: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """What is on screen, for CSV/XLSX: the shown columns under their headers, dates dd/mm/yyyy,
    yes/no in words."""
    out = pd.DataFrame(index=df.index)
    for column, header in labels.items():
        if column not in df.columns:
            continue
        values = df[column]
        if column.endswith("_link"):  # a detail-page link (dashboard.links): the file holds its label
            from dashboard.links import label_of

            out[header] = values.map(label_of)
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            out[header] = values.map(fmt.date)
        elif pd.api.types.is_bool_dtype(values.dtype):
            out[header] = values.map(lambda v: "" if pd.isna(v) else (t("yes") if v else t("no")))
        else:
            out[header] = values
    return out.reset_index(drop=True)


def rate_text(
    df: pd.DataFrame,
    min_n: int,
    *,
    rate: str = "on_time_rate",
    low: str = "on_time_rate_low",
    high: str = "on_time_rate_high",
    n: str = "tasks_due",
) -> pd.Series:
    """The fairness rule on screen: "82,5% (74,1–88,6%; n = 40)" or "Không đủ dữ liệu (n = 3)"."""
    return pd.Series(
        [
            fmt.rate_with_interval(r, lo, hi, k, min_n)
            for r, lo, hi, k in zip(df[rate], df[low], df[high], df[n], strict=True)
        ],
        index=df.index,
        dtype="string",
    )


def with_agency_label(df: pd.DataFrame, *, id_col: str, name_col: str, out: str) -> pd.DataFrame:
    from dashboard.components import agency_label

    df[out] = [agency_label(name, aid) for name, aid in zip(df[name_col], df[id_col], strict=True)]
    return df


def with_person_label(
    df: pd.DataFrame, *, id_col: str = "official_id", name_col: str = "full_name", out: str = "official"
) -> pd.DataFrame:
    from dashboard.components import person_label

    df[out] = [person_label(name, oid) for name, oid in zip(df[name_col], df[id_col], strict=True)]
    return df


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
    return chosen


def code_filter(label: str, codes: Iterable[object], format_func, key: str, param: str | None = None) -> list:
    """Multiselect of codes shown by their labels; kept in the URL under `param` when given."""
    options = [c for c in dict.fromkeys(codes) if c is not None and not (isinstance(c, float) and c != c)]
    if param:
        url_state.restore_list(key, param, options)
    chosen = st.multiselect(label, options, format_func=format_func, key=key, placeholder=t("filter.all"))
    if param:
        url_state.publish(param, chosen)
    return chosen


def flag_filter(label: str, key: str, param: str, *, toggle: bool = False) -> bool:
    """A checkbox (or toggle) kept in the URL as `?param=1`."""
    url_state.restore_flag(key, param)
    ticked = bool((st.toggle if toggle else st.checkbox)(label, key=key))
    url_state.publish(param, ticked)
    return ticked


def choice(values: Iterable[object]) -> list | None:
    """A multiselect's choice as a query parameter: the chosen values, or None (SQL NULL = all)."""
    return list(values) or None


def limited_table(
    user: User,
    page: str,
    query: str,
    params: dict,
    total: int,
    prepare: Callable[[pd.DataFrame], pd.DataFrame],
    columns: dict[str, str],
    *,
    basename: str,
    key: str,
    table_key: str | None = None,
    **table_kwargs: Any,  # passed on to components.table (on_select, selection_mode)
) -> tuple[pd.DataFrame, object]:
    """A filtered table: the first ROW_LIMIT rows of `query` (its SQL filters by `params` and takes
    `$limit` rows in its own order), labelled by `prepare` (no st.* calls: it may run on a download's
    thread), under "1.000 / 273.545 rows" when the filters match more (`total`, counted by the page's
    aggregates); CSV/XLSX downloads hold every filtered row — the query without its limit, run only
    when a button is clicked. Returns the rows shown and the table's selection event."""
    from dashboard.components import downloads, table

    rows = prepare(run_query(user, page, query, {**params, "limit": ROW_LIMIT}))
    labels = headers(rows, columns)
    if total > len(rows):
        st.caption(t("ui.rows_limited", shown=fmt.number(len(rows)), total=fmt.number(total)))
    event = table(rows, labels, key=table_key or f"{key}_table", **table_kwargs)
    if total > len(rows):
        downloads(
            user, _full_rows(user, page, query, params, prepare, labels), basename, page, key=key, rows=total
        )
    else:
        downloads(user, export_frame(rows, labels), basename, page, key=key)
    return rows, event


def _full_rows(
    user: User,
    page: str,
    query: str,
    params: dict,
    prepare: Callable[[pd.DataFrame], pd.DataFrame],
    labels: dict,
) -> Callable[[], pd.DataFrame]:
    """Every row of a filtered query, for a download made at click time on Streamlit's download thread
    (no session there): the role and the language are taken now, and the access check runs then."""
    role, language = user.role, lang()

    def make() -> pd.DataFrame:
        with i18n.language(language):
            return export_frame(prepare(export_as(role, page, query, {**params, "limit": None})), labels)

    return make


def chosen(df: pd.DataFrame, column: str, values: list) -> pd.DataFrame:
    """Rows whose column is among the chosen values (no choice = every row)."""
    return df[df[column].isin(values)] if values else df


def plotly_separators() -> str:
    return ".," if lang() == "en" else ",."


def as_list(value: object) -> list:
    """A list cell (DuckDB LIST → numpy array or list) as a Python list; anything missing → []."""
    if value is None or value is pd.NA:
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [v for v in value if v is not None]
    if isinstance(value, float) and value != value:
        return []
    return [value]


def joined(value: object) -> str:
    """A list cell (e.g. criteria met) as one line "a; b; c"; text stays text; missing → ""."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value if v is not None)
    return "" if isinstance(value, float) and value != value else str(value)


def labelled(values: pd.Series, domain: str) -> pd.Series:
    """Codes of one enumerated domain → their labels in the current language (one lookup table per call)."""
    table = domain_labels(domain)
    return values.map(lambda code: "" if pd.isna(code) else table.get(str(code), str(code))).astype("string")


def code_labelled(values: pd.Series, prefix: str) -> pd.Series:
    """Codes → page strings `<prefix>.<code>` (see code_label)."""
    table = {code: code_label(prefix, code) for code in values.dropna().unique()}
    return values.map(lambda code: "" if pd.isna(code) else table[code]).astype("string")


def left_labels(has_left: pd.Series) -> pd.Series:
    """ "đã nghỉ / đã chuyển công tác" where an official has left (official_service.has_left), else ""."""
    text = t("ui.has_left")
    return has_left.map(lambda v: text if v is True or v == 1 else "").astype("string")


def people_rows(user: User, page: str, query: str) -> tuple[pd.DataFrame, int]:
    """A page that names people: its rows with person, agency and position labels, and the minimum n its
    mart judged the rates with (its column min_tasks). An empty answer is still an audited view; the page
    then shows its empty state and stops."""
    from dashboard.components import audit_view, empty_state

    rows = run_query(user, page, query)
    if rows.empty:
        audit_view(user, page, {}, rows=0)
        empty_state()
        st.stop()
    return people_labels(rows), int(rows["min_tasks"].iloc[0])


def people_labels(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of a people query (lbl_official_name, agency_id, lbl_agency_name, lbl_position, lbl_category) with
    the person, agency, post ("Chức vụ": the position read as a post) and category ("Ngạch") as shown."""
    rows = with_person_label(rows, name_col="lbl_official_name")
    rows = with_agency_label(rows, id_col="agency_id", name_col="lbl_agency_name", out="agency")
    rows["position_label"] = labelled(rows["lbl_position"], "post")
    if "lbl_category" in rows:
        rows["category_label"] = labelled(rows["lbl_category"], "category")
    return rows
