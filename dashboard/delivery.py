"""How an offered file leaves the server: live session → role may still see the page → audit line → bytes.

`deliver(session_id, token)` is the whole rule, without the web framework: dashboard/web.py answers
`/_congvu/download/<token>` with it, and the tests call it as the browser's request would.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

from dashboard import audit
from dashboard.session import users_path
from dashboard.session_store import STORE

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def deliver(session_id: str | None, token: str) -> Answer:
    user = STORE.lookup(session_id, users_path(), touch=False).user if session_id else None
    offer = STORE.download(session_id, token) if user and session_id else None
    if offer is None:
        text = "Không tải được tệp: phiên làm việc đã kết thúc hoặc bạn không có quyền (download refused)."
        return Answer(403, text.encode("utf-8"), {"content-type": "text/plain; charset=utf-8"})
    user, item = offer
    details = {
        "file": item.file_name,
        "format": item.kind,
        "rows": item.rows,
        "via": "server",
        **item.details,
    }
    try:  # the line first: nothing leaves unless it is written
        audit.log_event(user, "download", item.page, details)
    except audit.AuditUnavailable:
        text = "Không ghi được nhật ký truy cập nên không tải được tệp (audit log unavailable)."
        return Answer(503, text.encode("utf-8"), {"content-type": "text/plain; charset=utf-8"})
    quoted = urllib.parse.quote(item.file_name)
    return Answer(
        200,
        item.make(),
        {
            "content-type": MEDIA_TYPES.get(item.kind, "application/octet-stream"),
            "content-disposition": f"attachment; filename=\"{quoted}\"; filename*=UTF-8''{quoted}",
            "cache-control": "no-store",
        },
    )
