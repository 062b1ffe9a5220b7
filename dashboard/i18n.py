"""Vietnamese and English strings. Vietnamese is the default; the sidebar switch sets `lang`.

`t(key, **fmt)` looks a key up in the current language (falling back to Vietnamese, then to the key).
Page strings live in dashboard/page_text.py, which registers them here once. Labels of coded values
(`<domain>.<code>` page strings, then the warehouse's `enum_terms`) are in dashboard/labels.py.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import streamlit as st

LANG_KEY = "lang"
# set by `language(...)` where no session is at hand (a download made on its own thread at click time)
_LANG_OVERRIDE: contextvars.ContextVar[str | None] = contextvars.ContextVar("congvu_lang", default=None)

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "app_title": "Công vụ Hải Phòng — theo dõi, đánh giá",
        "sign_in": "Đăng nhập",
        "sign_in_title": "Đăng nhập hệ thống theo dõi công vụ",
        "sign_in_help": "Dùng tài khoản do quản trị viên cấp. "
        "Sai mật khẩu 5 lần liên tiếp, tài khoản bị khoá 5 phút.",
        "username": "Tên đăng nhập",
        "password": "Mật khẩu",
        "sign_in_failed": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "account_locked": "Tài khoản tạm khoá do đăng nhập sai nhiều lần. Thử lại sau {minutes} phút.",
        "no_users": "Chưa có tài khoản nào. Tạo tài khoản bằng lệnh: congvu users add TÊN --role VAI_TRÒ",
        "session_expired": "Phiên làm việc đã kết thúc (hết hạn hoặc tài khoản đã thay đổi). "
        "Vui lòng đăng nhập lại.",
        "sign_out": "Đăng xuất",
        "signing_in": "Đăng nhập thành công, đang mở trang…",
        "sso_sign_in": "Đăng nhập bằng tài khoản cơ quan (SSO)",
        "sso_unknown": "Tài khoản {identity} chưa được cấp quyền vào hệ thống. Hãy liên hệ quản trị viên.",
        "signed_in_as": "Đăng nhập: **{name}** — {role}",
        "language": "Ngôn ngữ / Language",
        "access_denied": "Bạn không có quyền xem trang này.",
        "audit_unavailable": "Không ghi được nhật ký truy cập, nên hệ thống tạm ngừng đăng nhập và hiển thị "
        "dữ liệu. Hãy báo quản trị viên kiểm tra tệp nhật ký (ổ đĩa đầy hoặc không có quyền ghi).",
        "users_file_damaged": "Tệp tài khoản {path} bị lỗi: {reason}. Hãy báo quản trị viên sửa tệp "
        "(hoặc tạo lại bằng lệnh congvu users add).",
        "sign_in_throttled": "Có quá nhiều lần đăng nhập sai từ máy này. Vui lòng thử lại sau 15 phút.",
        "warehouse_missing": "Chưa có kho dữ liệu tại {path}. "
        "Hãy chạy `congvu build --input THƯ_MỤC --db {path}` "
        "rồi tải lại trang.",
        "warehouse_unreadable": "Không đọc được kho dữ liệu tại {path} (tệp hỏng hoặc không phải DuckDB). "
        "Hãy xây dựng lại bằng `congvu build`.",
        "warehouse_empty": "Kho dữ liệu chưa có nhiệm vụ nào (dữ liệu đầu vào trống hoặc mọi dòng bị loại). "
        "Xem trang Chất lượng dữ liệu để biết lý do.",
        "as_of": "Số liệu tính đến ngày {date}",
        "no_data": "Không có dữ liệu.",
        "no_data_filtered": "Không có dòng nào khớp bộ lọc.",
        "insufficient_data": "Không đủ dữ liệu (n = {n})",
        "download_csv": "Tải CSV",
        "download_xlsx": "Tải Excel",
        "section_kpis": "Chỉ số chính",
        "yes": "Có",
        "no": "Không",
        "task_status.done_on_time": "Hoàn thành đúng hạn",
        "task_status.done_late": "Hoàn thành quá hạn",
        "task_status.open_on_time": "Đang thực hiện trong hạn",
        "task_status.open_overdue": "Đang thực hiện quá hạn",
        "task_status.no_deadline": "Không có thời hạn",
    },
    "en": {
        "app_title": "Hai Phong public service — monitoring and assessment",
        "sign_in": "Sign in",
        "sign_in_title": "Sign in to the public-service monitor",
        "sign_in_help": "Use the account your administrator gave you. "
        "Five wrong passwords in a row lock the account "
        "for five minutes.",
        "username": "Username",
        "password": "Password",
        "sign_in_failed": "Wrong username or password.",
        "account_locked": "Account locked after too many failed sign-ins. Try again in {minutes} minutes.",
        "no_users": "No accounts yet. Create one with: congvu users add NAME --role ROLE",
        "session_expired": "Your session ended after inactivity. Please sign in again.",
        "sign_out": "Sign out",
        "signing_in": "Signed in, opening the page…",
        "sso_sign_in": "Sign in with your organisation account (SSO)",
        "sso_unknown": "The account {identity} has no access to this system. Ask the administrator.",
        "signed_in_as": "Signed in: **{name}** — {role}",
        "language": "Ngôn ngữ / Language",
        "access_denied": "You may not view this page.",
        "audit_unavailable": "The access log cannot be written, so sign-in and data are unavailable. "
        "Ask the administrator to check the log file (disk full or not writable).",
        "users_file_damaged": "The users file {path} is damaged: {reason}. Ask the administrator to fix it.",
        "sign_in_throttled": "Too many failed sign-ins from this computer. Try again in 15 minutes.",
        "warehouse_missing": "No warehouse at {path}. "
        "Run `congvu build --input FOLDER --db {path}` and reload.",
        "warehouse_unreadable": "Cannot read the warehouse at {path} (damaged or not a DuckDB file). "
        "Rebuild it "
        "with `congvu build`.",
        "warehouse_empty": "The warehouse holds no tasks (empty input or every row rejected). "
        "See the Data quality "
        "page for the reasons.",
        "as_of": "Figures as of {date}",
        "no_data": "No data.",
        "no_data_filtered": "No rows match the filters.",
        "insufficient_data": "Insufficient data (n = {n})",
        "download_csv": "Download CSV",
        "download_xlsx": "Download Excel",
        "section_kpis": "Key figures",
        "yes": "Yes",
        "no": "No",
        "task_status.done_on_time": "Done on time",
        "task_status.done_late": "Done late",
        "task_status.open_on_time": "Open, on time",
        "task_status.open_overdue": "Open, overdue",
        "task_status.no_deadline": "No deadline",
    },
}


def lang() -> str:
    value = _LANG_OVERRIDE.get() or st.session_state.get(LANG_KEY, "vi")
    return "en" if value == "en" else "vi"


@contextlib.contextmanager
def language(code: str) -> Iterator[None]:
    """Strings, labels and number formats in `code` within the block, whatever the session says."""
    token = _LANG_OVERRIDE.set(code)
    try:
        yield
    finally:
        _LANG_OVERRIDE.reset(token)


def register(strings: dict[str, dict[str, str]]) -> None:
    """Adds a page's own strings (keys should carry the page's prefix, e.g. "overdue.filter_source")."""
    for language, table in strings.items():
        STRINGS.setdefault(language, {}).update(table)


def t(key: str, **fmt: object) -> str:
    text = STRINGS[lang()].get(key) or STRINGS["vi"].get(key) or key
    return text.format(**fmt) if fmt else text
