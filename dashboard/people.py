"""Pages that name people: the audit line of their view (first, before any row is drawn) and their rows with
person, agency, post and category labels."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from dashboard import audit
from dashboard.access import User
from dashboard.data import run_query
from dashboard.labels import labelled, with_agency_label, with_person_label
from dashboard.tables import empty_state


def audit_view(user: User, page: str, filters: dict | None = None, rows: int | None = None) -> None:
    """Logs a view of a page that names people, with its filters and the number of rows it shows — once
    per distinct filter set. Call it before the rows are drawn: when the line cannot be written
    (AuditUnavailable) the page stops there."""
    filters = filters or {}
    fingerprint = json.dumps([filters, rows], sort_keys=True, ensure_ascii=False, default=str)
    key = f"_audit_view_{page}"
    if st.session_state.get(key) == fingerprint:
        return
    st.session_state[key] = fingerprint
    details: dict[str, object] = {"filters": filters}
    if rows is not None:
        details["rows"] = rows
    audit.log_event(user, "page_view", page=page, details=details)


def people_rows(user: User, page: str, query: str, params: dict | None = None) -> tuple[pd.DataFrame, int]:
    """A page that names people: its rows with person, agency and position labels, and the minimum n its
    mart judged the rates with (its column min_tasks). An empty answer is still an audited view; the page
    then shows its empty state and stops."""

    rows = run_query(user, page, query, params)
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
