"""Periodic reports (`congvu report`): the City PC Office's task report, the Emulation-Commendation Board's
proposal list and the personnel review list, as .docx (Decree 30/2020 layout) or .xlsx (print-ready).

`render_report(db_path, kind, period, fmt)` returns the file as bytes — the dashboard's download buttons
call it; `report_command(args)` is the command line (exit 0 written, 1 failed, 2 unusable input).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.reports.common import load_context
from pipelines.reports.model import Report
from pipelines.reports.periods import Period, PeriodError, parse_period
from pipelines.reports.queries import Warehouse, WarehouseError

KINDS = ("tasks", "commendation", "review")
FORMATS = ("docx", "xlsx")
EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2

__all__ = [
    "KINDS",
    "FORMATS",
    "PeriodError",
    "WarehouseError",
    "build_report",
    "render_report",
    "report_command",
]


def _builder(kind: str) -> Callable:
    if kind == "tasks":
        from pipelines.reports.tasks import build_tasks_report

        return build_tasks_report
    if kind == "commendation":
        from pipelines.reports.commendation import build_commendation_report

        return build_commendation_report
    if kind == "review":
        from pipelines.reports.review import build_review_report

        return build_review_report
    raise ValueError(f"loại báo cáo không hợp lệ (unknown report kind) {kind!r}: dùng {', '.join(KINDS)}")


def build_report(
    db_path: Path | str, kind: str, period: str | Period, issued_on: dt.date | None = None
) -> Report:
    """The report's content, read from the warehouse (raises PeriodError, WarehouseError, ValueError)."""
    parsed = period if isinstance(period, Period) else parse_period(period)
    build = _builder(kind)
    with Warehouse(db_path) as wh:
        return build(wh, load_context(wh, parsed, issued_on))


def render_report(
    db_path: Path | str, kind: str, period: str | Period, fmt: str, issued_on: dt.date | None = None
) -> bytes:
    """The report as the bytes of a .docx or .xlsx file (fmt: "docx" or "xlsx")."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"định dạng không hỗ trợ (unsupported format) {fmt!r}: dùng .docx hoặc .xlsx")
    report = build_report(db_path, kind, period, issued_on)
    if fmt == "docx":
        from pipelines.reports.docx import render_docx

        return render_docx(report)
    from pipelines.reports.xlsx import render_xlsx

    return render_xlsx(report)


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def report_command(args: argparse.Namespace) -> int:
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        _err(f"Tệp kết quả phải có đuôi .docx hoặc .xlsx (output must end in .docx or .xlsx): {out}")
        return EXIT_UNUSABLE
    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        _err(f"Lỗi: {exc}")
        return EXIT_UNUSABLE
    started = time.perf_counter()
    try:
        content = render_report(args.db, args.kind, period, fmt)
    except (WarehouseError, ValueError) as exc:
        _err(f"Lỗi: {exc}")
        return EXIT_UNUSABLE
    except (
        duckdb.Error
    ) as exc:  # e.g. a warehouse built by an older version, without a table this report reads
        _err(
            f"Không lập được báo cáo (report failed) — kho dữ liệu cần được xây dựng lại (rebuild it?): {exc}"
        )
        return EXIT_FAILED
    # audited first: the reports name officials; no line in the log, no file
    from dashboard.audit import AuditUnavailable, append_event

    details = {
        "kind": args.kind,
        "period": period.code,
        "file": str(out),
        "format": fmt,
        "bytes": len(content),
    }
    try:
        append_event(Path(args.audit), args.by, "report", page="cli", details=details)
    except AuditUnavailable as exc:
        _err(f"Không ghi được nhật ký truy cập nên không ghi báo cáo (audit log unavailable): {exc}")
        return EXIT_FAILED
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed: a reader never sees half a file.
    handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(tmp, 0o640)  # a report names officials: owner and group only, never every local user
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(
        f"Đã ghi báo cáo (report written) {args.kind} {period.code} → {out} "
        f"({len(content):,} bytes, {time.perf_counter() - started:.1f} s)"
    )
    return EXIT_OK
