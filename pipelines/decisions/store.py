"""The decision store: an SQLite file beside the warehouse, append-only, never rebuilt (contract §4).

One table `decisions(decision_id, subject_kind, subject_id, outcome, reason, document_ref, vote_share,
decided_by, role, decided_at)`. A decision is never edited or deleted — triggers refuse UPDATE and
DELETE — and a later decision on the same subject supersedes it (the latest by decision_id, which
SQLite assigns in commit order). WAL mode lets the dashboard read while others write; every write
waits up to `BUSY_TIMEOUT_MS` for the lock and is retried a few times after that, so concurrent users
queue rather than fail. A store that cannot be opened or written raises `StoreUnavailable` with a
Vietnamese message — a decision is never lost silently.

Back it up while it is in use with `sqlite3 decisions.sqlite ".backup copy.sqlite"` or `backup(...)`
(SQLite's online backup API); copying the file alone can miss what is still in its -wal file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

BUSY_TIMEOUT_MS = 10_000
WRITE_ATTEMPTS = 5
DEFAULT_NAME = "decisions.sqlite"

COLUMNS = (
    "decision_id",
    "subject_kind",
    "subject_id",
    "outcome",
    "reason",
    "document_ref",
    "vote_share",
    "decided_by",
    "role",
    "decided_at",
)

_SCHEMA = """
create table if not exists decisions (
    decision_id integer primary key autoincrement,
    subject_kind text not null,
    subject_id text not null,
    outcome text not null,
    reason text,
    document_ref text,
    vote_share real,
    decided_by text not null,
    role text not null,
    decided_at text not null
);
create index if not exists decisions_subject on decisions (subject_kind, subject_id, decision_id);
create trigger if not exists decisions_never_updated before update on decisions
begin
    select raise(abort, 'decisions are append-only: a later decision supersedes, none is edited');
end;
create trigger if not exists decisions_never_deleted before delete on decisions
begin
    select raise(abort, 'decisions are append-only: none is deleted');
end;
"""


class StoreUnavailable(RuntimeError):
    """The decision store cannot be opened, read or written; str() is the message for the user."""


@dataclass(frozen=True)
class Decision:
    subject_kind: str
    subject_id: str
    outcome: str
    decided_by: str
    role: str
    reason: str | None = None
    document_ref: str | None = None
    vote_share: float | None = None


def default_path(db: Path) -> Path:
    """decisions.sqlite beside the warehouse file."""
    return Path(db).resolve().parent / DEFAULT_NAME


def _unavailable(path: Path, exc: BaseException) -> StoreUnavailable:
    return StoreUnavailable(
        f"Không ghi được vào kho quyết định {path}: {exc}. Quyết định CHƯA được lưu; báo quản trị hệ thống "
        f"kiểm tra quyền ghi và dung lượng thư mục (decision store not writable: the decision was NOT saved)."
    )


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    con.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    return con


@contextlib.contextmanager
def _open_for_writing(path: Path) -> Iterator[sqlite3.Connection]:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = _connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise _unavailable(path, exc) from exc
    try:
        _retry(lambda: _ensure_schema(con))
        yield con
    except sqlite3.Error as exc:
        raise _unavailable(path, exc) from exc
    finally:
        con.close()


def _ensure_schema(con: sqlite3.Connection) -> None:
    if con.execute("pragma journal_mode").fetchone()[0] != "wal":
        con.execute("pragma journal_mode = wal")
    con.executescript(_SCHEMA)


T = TypeVar("T")


def _retry(action: Callable[[], T]) -> T:
    """busy_timeout waits for the lock; past it (a long writer) the action is tried again a few times."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            locked = "locked" in str(exc) or "busy" in str(exc)
            if not locked or attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def now() -> str:
    """The decision time: local time with its offset, to the second (as the audit log writes it)."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def record(path: Path, decision: Decision, before_commit: Callable[[int, str], None] | None = None) -> int:
    """Appends one decision and returns its id. `before_commit(decision_id, decided_at)` runs inside the
    write transaction (the audit entry): if it fails, nothing is written."""

    def write(con: sqlite3.Connection) -> int:
        con.execute("begin immediate")
        try:
            decided_at = now()
            cursor = con.execute(
                "insert into decisions (subject_kind, subject_id, outcome, reason, document_ref, vote_share, "
                "decided_by, role, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    decision.subject_kind,
                    decision.subject_id,
                    decision.outcome,
                    _text(decision.reason),
                    _text(decision.document_ref),
                    decision.vote_share,
                    decision.decided_by,
                    decision.role,
                    decided_at,
                ),
            )
            decision_id = int(cursor.lastrowid or 0)
            if before_commit is not None:
                before_commit(decision_id, decided_at)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return decision_id

    with _open_for_writing(path) as con:
        try:
            return _retry(lambda: write(con))
        except OSError as exc:  # the audit log could not be written: the decision is rolled back
            raise StoreUnavailable(
                f"Không ghi được nhật ký truy cập ({exc}): quyết định CHƯA được lưu "
                "(audit log not writable: the decision was NOT saved)."
            ) from exc


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def history(
    path: Path | None,
    subject_kind: str | None = None,
    subject_id: str | None = None,
    subject_ids: list[str] | None = None,
) -> list[dict]:
    """Decisions oldest first, optionally of one kind, one subject or several subjects; [] without store."""
    if path is None or not Path(path).exists():
        return []
    sql = f"select {', '.join(COLUMNS)} from decisions where 1 = 1"
    params: list[object] = []
    if subject_kind is not None:
        sql += " and subject_kind = ?"
        params.append(subject_kind)
    if subject_id is not None:
        sql += " and subject_id = ?"
        params.append(subject_id)
    if subject_ids is not None:
        sql += f" and subject_id in ({', '.join('?' for _ in subject_ids)})" if subject_ids else " and 0"
        params.extend(subject_ids)
    sql += " order by decision_id"
    try:
        con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreUnavailable(
            f"Không đọc được kho quyết định {path}: {exc} (decision store unreadable)"
        ) from exc
    try:
        con.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
        con.row_factory = sqlite3.Row
        try:
            return [dict(row) for row in _retry(lambda: con.execute(sql, params).fetchall())]
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return []
            raise StoreUnavailable(
                f"Không đọc được kho quyết định {path}: {exc} (decision store unreadable)"
            ) from exc
    finally:
        con.close()


def current(rows: list[dict]) -> dict[tuple[str, str], dict]:
    """The latest decision per (subject_kind, subject_id) of a history (oldest first)."""
    latest: dict[tuple[str, str], dict] = {}
    for row in rows:
        latest[(row["subject_kind"], row["subject_id"])] = row
    return latest


def backup(path: Path, target: Path) -> None:
    """A consistent copy of a store in use (SQLite's online backup API)."""
    source = _connect(Path(path))
    destination = sqlite3.connect(Path(target))
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
