"""Who may see what: the pages, the roles and the role → pages map (plain data, unit-tested).

`dashboard/app.py` registers with `st.navigation` only the pages of the signed-in role, and the query
layer (`dashboard/data.py`) checks `can_view` again before it runs a page's query.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DASHBOARD_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class User:
    """Who is asking: the signed-in account's name and role. Passed explicitly to the query layer and the
    audit log (datasette's `actor`); only dashboard/session.py knows where it comes from."""

    name: str
    role: str


@dataclass(frozen=True)
class PageSpec:
    url_path: str
    title_vi: str
    title_en: str
    audience: str  # folder under app_pages/: shared, home_affairs, inspectorate, board, admin
    names_people: bool = False
    icon: str = ""
    hidden: bool = False  # a detail page (task, agency, official): reached by its links, not from the menu

    @property
    def file(self) -> str:
        """The page file relative to dashboard/ (the form `st.Page` and `AppTest.switch_page` take)."""
        return f"app_pages/{self.audience}/{self.url_path.replace('-', '_')}.py"

    @property
    def path(self) -> Path:
        return DASHBOARD_DIR / self.file

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_vi


def _pages(*specs: PageSpec) -> dict[str, PageSpec]:
    return {spec.url_path: spec for spec in specs}


PAGES: dict[str, PageSpec] = _pages(
    PageSpec("overview", "Tổng quan", "Overview", "shared", icon=":material/dashboard:"),
    PageSpec("overdue", "Nhiệm vụ quá hạn", "Overdue tasks", "inspectorate", icon=":material/schedule:"),
    PageSpec(
        "shifting",
        "Đùn đẩy trách nhiệm",
        "Responsibility shifting",
        "inspectorate",
        names_people=True,  # the flags' evidence names the officials who handed work on
        icon=":material/swap_horiz:",
    ),
    PageSpec("agencies", "Cơ quan", "Agencies", "shared", icon=":material/account_balance:"),
    PageSpec(
        "officials",
        "Cán bộ, công chức",
        "Officials",
        "home_affairs",
        names_people=True,
        icon=":material/badge:",
    ),
    PageSpec("consultations", "Xin ý kiến", "Consultations", "inspectorate", icon=":material/forum:"),
    PageSpec("inspections", "Thanh tra công vụ", "Inspections", "inspectorate", icon=":material/policy:"),
    PageSpec(
        "inspection-risk",
        "Kiểm tra đột xuất theo rủi ro",
        "Surprise inspections by risk",
        "inspectorate",
        icon=":material/crisis_alert:",
    ),
    PageSpec(
        "gaming-signals",
        "Dấu hiệu làm đẹp hồ sơ",
        "Gaming signals",
        "inspectorate",
        names_people=True,
        icon=":material/report:",
    ),
    PageSpec(
        "discipline", "Kỷ luật", "Discipline", "inspectorate", names_people=True, icon=":material/gavel:"
    ),
    PageSpec("grading", "Xếp loại", "Grading", "home_affairs", icon=":material/grading:"),
    PageSpec(
        "personnel",
        "Rà soát nhân sự",
        "Personnel review",
        "home_affairs",
        names_people=True,
        icon=":material/person_search:",
    ),
    PageSpec(
        "commendation",
        "Thi đua, khen thưởng",
        "Commendation",
        "board",
        names_people=True,
        icon=":material/military_tech:",
    ),
    PageSpec(
        "to-decide",
        "Việc cần xử lý",
        "To decide",
        "shared",
        names_people=True,
        icon=":material/task_alt:",
    ),
    PageSpec("data-quality", "Chất lượng dữ liệu", "Data quality", "shared", icon=":material/fact_check:"),
    PageSpec("audit", "Nhật ký truy cập", "Audit log", "admin", icon=":material/history:"),
    PageSpec("task", "Nhiệm vụ", "Task", "shared", names_people=True, icon=":material/task:", hidden=True),
    PageSpec("agency", "Hồ sơ cơ quan", "Agency", "shared", icon=":material/apartment:", hidden=True),
    PageSpec(
        "official",
        "Hồ sơ cán bộ",
        "Official",
        "shared",
        names_people=True,
        icon=":material/person:",
        hidden=True,
    ),
)

ROLES: tuple[str, ...] = ("home_affairs", "inspectorate", "board", "admin")

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "home_affairs": ("Sở Nội vụ", "Department of Home Affairs"),
    "inspectorate": ("Thanh tra thành phố", "City Inspectorate"),
    "board": ("Hội đồng Thi đua – Khen thưởng", "Emulation-Commendation Board"),
    "admin": ("Quản trị hệ thống", "Administrator"),
}

ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "home_affairs": tuple(p for p in PAGES if p != "audit"),
    "inspectorate": (
        "task",
        "agency",
        "official",
        "overview",
        "overdue",
        "shifting",
        "agencies",
        "officials",
        "consultations",
        "inspections",
        "inspection-risk",
        "gaming-signals",
        "discipline",
        "personnel",
        "to-decide",
        "data-quality",
    ),
    "board": (
        "overview",
        "agencies",
        "grading",
        "commendation",
        "to-decide",
        "data-quality",
        "agency",
        "official",
    ),
    "admin": ("overview", "data-quality", "audit"),
}

# Navigation sections, in order: the audience folder → (Vietnamese, English) section label.
SECTIONS: dict[str, tuple[str, str]] = {
    "shared": ("Chung", "General"),
    "inspectorate": ("Thanh tra", "Inspection"),
    "home_affairs": ("Nội vụ", "Home affairs"),
    "board": ("Thi đua – Khen thưởng", "Emulation and commendation"),
    "admin": ("Quản trị", "Administration"),
}


# Sections of the detail pages → the list pages that show the same records: a role sees a section when it may
# see one of them, and the section's data is read on behalf of the first of them it may see (so the query
# layer checks the same right). Order matters only for that choice.
SECTIONS_OF_DETAIL: dict[str, tuple[str, ...]] = {
    "task.record": ("overdue", "shifting"),
    "task.flags": ("shifting",),
    "agency.record": ("agencies",),
    "agency.flags": ("shifting",),
    "agency.worst": ("shifting",),
    "agency.people": ("officials",),
    "agency.risk": ("inspection-risk",),
    "agency.gaming": ("gaming-signals",),
    "task.gaming": ("gaming-signals",),
    "official.record": ("officials", "commendation"),
    "official.tasks": ("officials", "overdue"),
    "official.flags": ("shifting",),
    "official.ratings": ("grading", "commendation", "personnel"),
    "official.discipline": ("discipline",),
    "official.candidacy": ("commendation",),
    "official.review": ("personnel",),
}


# The periodic reports of `congvu report` → the page whose records each holds: a role gets a report when it
# may see that page (the tasks report: overdue tasks and shifting findings, for the Inspectorate and Home
# Affairs; the proposal list: the Board and Home Affairs; the review list, which names officials: Home Affairs
# and the Inspectorate). The download is checked and audited on behalf of that page.
REPORT_PAGES: dict[str, str] = {"tasks": "overdue", "commendation": "commendation", "review": "personnel"}


def reports_for(role: str | None) -> list[str]:
    """The report kinds `role` may download, in the order of REPORT_PAGES."""
    return [kind for kind, page in REPORT_PAGES.items() if can_view(role, page)]


def section_page(role: str | None, section: str) -> str | None:
    """The list page on whose behalf `role` reads a detail page's section, or None when it may not see it."""
    return next((page for page in SECTIONS_OF_DETAIL[section] if can_view(role, page)), None)


def can_view(role: str | None, page: str) -> bool:
    return role is not None and page in ROLE_PAGES.get(role, ())


def pages_for(role: str) -> list[PageSpec]:
    """The role's pages in the order of PAGES (the navigation order within each section)."""
    allowed = set(ROLE_PAGES.get(role, ()))
    return [spec for name, spec in PAGES.items() if name in allowed]


def role_label(role: str, lang: str = "vi") -> str:
    vi, en = ROLE_LABELS.get(role, (role, role))
    return en if lang == "en" else vi
