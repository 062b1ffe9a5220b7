"""`congvu decide` and `congvu decisions list` (contract §1, §4).

decide: the user's role comes from the users file (dashboard/accounts.py), the subject from the warehouse;
the decision is recorded exactly as the dashboard records it (record.py). Prints the decision id; exit 2
with one line on stderr when refused or when the store cannot be written.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from dashboard.audit import AuditUnavailable, append_event
from pipelines.decisions import policy, store
from pipelines.decisions.record import decide
from pipelines.decisions.subjects import lookup

EXIT_OK, EXIT_REFUSED = 0, 2


def _refuse(message: str) -> int:
    print(message.replace("\n", " "), file=sys.stderr, flush=True)
    return EXIT_REFUSED


def decide_command(args: argparse.Namespace) -> int:
    import duckdb

    from dashboard.accounts import load_accounts

    db = Path(args.db)
    if not db.exists():
        return _refuse(f"Không có kho dữ liệu {db} — chạy `congvu build` trước (no warehouse).")
    account = load_accounts(Path(args.users)).get(args.by)
    if account is None:
        return _refuse(f"Không có tài khoản {args.by!r} trong {args.users} (no such account).")
    try:
        subject = lookup(db, args.subject_kind, args.subject_id)
    except duckdb.Error as exc:
        return _refuse(f"Không đọc được kho dữ liệu {db}: {str(exc).splitlines()[0]} (warehouse unreadable).")
    try:
        decision_id = decide(
            store_path=Path(args.decisions) if args.decisions else store.default_path(db),
            audit_path=Path(args.audit),
            user=account.name,
            role=account.role,
            subject_kind=args.subject_kind,
            subject_id=args.subject_id,
            outcome=args.outcome,
            subject=subject,
            reason=args.reason,
            document_ref=args.document,
            vote_share=args.vote_share,
            page="cli",
        )
    except (policy.Refused, store.StoreUnavailable) as exc:
        return _refuse(f"Từ chối (refused): {exc}")
    except OSError as exc:  # the audit of a refusal could not be written
        return _refuse(f"Không ghi được nhật ký truy cập {args.audit}: {exc} (audit log not writable).")
    print(decision_id)
    return EXIT_OK


HEADERS = ("decision_id", "decided_at", "decided_by", "role", "subject_kind", "subject_id", "outcome",
           "vote_share", "document_ref", "reason")  # fmt: skip


def list_command(args: argparse.Namespace) -> int:
    path = Path(args.decisions)
    if not path.exists():
        print(f"Chưa có kho quyết định tại {path} (no decision store yet).", file=sys.stderr)
        return EXIT_OK
    try:
        rows = store.history(path, subject_kind=args.subject_kind)
    except store.StoreUnavailable as exc:
        return _refuse(str(exc))
    # audited first: decisions name who decided and whom they concern; no line in the log, nothing printed
    details = {
        "subject_kind": args.subject_kind,
        "rows": len(rows),
        "format": args.format,
        "store": str(path),
    }
    try:
        append_event(Path(args.audit), args.by, "decisions_list", page="cli", details=details)
    except AuditUnavailable as exc:
        return _refuse(f"Không ghi được nhật ký truy cập (audit log unavailable): {exc}")
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow(["" if row[h] is None else row[h] for h in HEADERS])
        return EXIT_OK
    for row in rows:
        print("\t".join("-" if row[h] is None else str(row[h]) for h in HEADERS))
    return EXIT_OK
