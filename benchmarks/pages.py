"""Every page of the dashboard (dashboard.access.PAGES) and the queries its default view runs — recorded by
opening the page itself (Streamlit's AppTest, signed in as a role that may see it), not listed by hand, so
that a new page, or a new query on a page, is benchmarked without anyone remembering to add it.

The detail pages (task, agency, official) open on a real record of the warehouse: the task with the longest
hand-over chain among the open overdue ones, the agency and the official that lead the most tasks.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import one

# a page that reads no warehouse table (the audit log is a file): its default view runs no query
NO_WAREHOUSE = frozenset({"audit"})


@dataclass
class PageView:
    page: str
    role: str
    query: dict[str, str]  # the URL's query (?id=… for a detail page)
    # (page whose access the query checks — a detail page's sections read as the page they come from —,
    # query name, parameters), in the order the page asks
    calls: list[tuple[str, str, dict]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)


def view_role(page: str) -> str:
    """The first role (in dashboard.access.ROLE_PAGES order) allowed to see the page."""
    from dashboard.access import ROLE_PAGES

    return next(role for role, pages in ROLE_PAGES.items() if page in pages)


def detail_ids(db: Path) -> dict[str, dict[str, str]]:
    """The URL query of each detail page: a real task, agency and official of the warehouse."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        task = one(
            con,
            "select s.task_id from task_status s join task_handover_summary h using (task_id) "
            "order by s.status = 'open_overdue' desc, h.holder_count desc, s.task_id limit 1",
        )
        agency = one(
            con, "select owner_agency_id from task_status group by all order by count(*) desc, 1 limit 1"
        )
        official = one(
            con,
            "select lead_official_id from task_status where lead_official_id is not null "
            "group by all order by count(*) desc, 1 limit 1",
        )
    finally:
        con.close()
    return {"task": {"id": str(task)}, "agency": {"id": str(agency)}, "official": {"id": str(official)}}


def quiet_streamlit() -> None:
    """Silences Streamlit's bare-mode warnings ("missing ScriptRunContext", "No runtime found", "Session state
    does not function…") in the benchmark's output, not in the product: the pages are opened by AppTest and
    their queries timed outside a script run, where Streamlit warns on every call. Streamlit re-applies its
    `logger.level` option to all its loggers whenever it parses its config (AppTest does, page after page),
    so the option itself is set, not only the loggers' levels."""
    os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"  # read by every parse of the config, the first included
    from streamlit import config, logger

    config.set_option("logger.level", "error")
    logger.set_log_level("error")
    logging.getLogger("streamlit").setLevel(logging.ERROR)


def record_views(db: Path, pages: list[str] | None = None, timeout: float = 600) -> list[PageView]:
    """Opens every page of dashboard.access.PAGES (or `pages`) on `db` as AppTest does — signed in, its
    default view, detail pages on a real record — and records each query it asks dashboard.data for."""
    quiet_streamlit()  # first: the dashboard's cached functions warn when they are defined
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import data
    from dashboard.access import PAGES, User
    from dashboard.accounts import add_user
    from dashboard.session_store import STORE

    chosen = list(PAGES) if pages is None else pages
    unknown = [p for p in chosen if p not in PAGES]
    if unknown:
        raise ValueError(f"not pages of dashboard.access.PAGES: {unknown}")
    ids = detail_ids(db)
    work = Path(tempfile.mkdtemp(prefix="congvu-bench-pages-"))
    saved = {
        k: os.environ.get(k) for k in ("CONGVU_DB", "CONGVU_USERS", "CONGVU_AUDIT", "CONGVU_BCRYPT_ROUNDS")
    }
    os.environ.update(
        CONGVU_DB=str(db),
        CONGVU_USERS=str(work / "users.toml"),
        CONGVU_AUDIT=str(work / "audit.jsonl"),
        CONGVU_BCRYPT_ROUNDS="4",
    )
    original = data.query_as
    views: list[PageView] = []
    recording: list[PageView] = []

    def recorded(role: str | None, page: str, name: str, params: dict | None = None):  # type: ignore[no-untyped-def]
        if recording:
            call = (page, name, dict(params or {}))
            if call not in recording[0].calls:
                recording[0].calls.append(call)
        return original(role, page, name, params)

    data.query_as = recorded  # type: ignore[assignment]
    try:
        data.clear_cache()
        st.cache_data.clear()
        for page in chosen:
            role = view_role(page)
            view = PageView(page, role, ids.get(page, {}))
            add_user(work / "users.toml", f"bench-{role}", role, "bench-mat-khau")
            at = AppTest.from_file(str(Path(data.__file__).parent / "app.py"), default_timeout=timeout)
            at.session_state["auth_session"] = STORE.create(
                User(f"bench-{role}", role), now=time.time()
            ).session_id
            at.run()
            for key, value in view.query.items():
                at.query_params[key] = value
            recording[:] = [view]
            at.switch_page(PAGES[page].file).run()
            recording.clear()
            view.exceptions = [str(e.value) for e in at.exception]
            views.append(view)
    finally:
        data.query_as = original  # type: ignore[assignment]
        data.clear_cache()
        shutil.rmtree(work, ignore_errors=True)
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
    return views
