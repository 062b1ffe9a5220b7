"""The command line side of the import: options in, progress on stderr, a summary on stdout."""

from __future__ import annotations

import argparse
import sys

from pipelines import formats
from pipelines.eventlog.importer import import_eventlog
from pipelines.eventlog.logfile import EventLogError

EXIT_OK, EXIT_UNUSABLE = 0, 2


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _n(value: int) -> str:
    return formats.number(value)


def _day(iso: str) -> str:
    return formats.date(iso)


def import_eventlog_command(args: argparse.Namespace) -> int:
    try:
        summary = import_eventlog(
            args.file,
            args.out,
            case=args.case,
            agency=args.agency,
            official=args.official,
            time=args.time,
            activity=args.activity,
            owner=args.owner,
            deadline=args.deadline,
            completed_activity=args.completed_activity,
            progress=_err,
        )
    except EventLogError as exc:
        _err(f"Không dùng được nhật ký sự kiện (event log unusable): {exc}")
        return EXIT_UNUSABLE
    print_summary(summary)
    return EXIT_OK


def print_summary(s: dict) -> None:
    lines = [
        f"Đã nhập nhật ký sự kiện (event log imported) {s['file']} → {s['out_dir']} ({s['seconds']} s)",
        f"  vụ việc → nhiệm vụ (cases → tasks):        {_n(s['cases'])}"
        f" (hoàn thành/completed {_n(s['tasks_completed'])})",
        f"  sự kiện (events):                           {_n(s['events'])}"
        f" / {_n(s['events_read'])} đọc (read)",
        f"  nhóm → cơ quan (groups → agencies):         {_n(s['agencies'])}",
        f"  người xử lý → cán bộ (resources → officials): {_n(s['officials'])}",
        f"  chuyển nhóm → transfer (group changes):     {_n(s['transfers'])}",
        f"  khoảng thời gian (period):                  {_day(s['first_day'])} – {_day(s['last_day'])}",
    ]
    skipped = [
        (s["events_without_case"], "sự kiện thiếu mã vụ việc, bỏ qua (events without a case id, skipped)"),
        (s["events_bad_time"], "sự kiện có thời điểm không đọc được, bỏ qua (events with unreadable time)"),
        (
            s["missing_markers"],
            "nhóm/người xử lý ghi EMPTY, NULL, N/A… coi như trống (placeholders read as missing)",
        ),
        (
            s["cases_without_group"],
            "vụ việc không có nhóm nào, giao cho cơ quan NO_GROUP (cases without any group)",
        ),
        (s["deadlines_dropped"], "hạn xử lý trước ngày giao hoặc không đọc được, bỏ (deadlines dropped)"),
        (s["completed_on_clamped"], "ngày hoàn thành đưa về ngày giao (completed_on set to assigned_on)"),
    ]
    lines += [f"  ! {_n(n)} {what}" for n, what in skipped if n]
    if s["columns"].get("deadline"):
        lines.append(f"  hạn xử lý giữ lại (deadlines kept): {_n(s['deadlines_kept'])}")
    lines.append(
        f"Bước tiếp theo (next): congvu build --input {s['out_dir']} --db warehouse.duckdb "
        f"--as-of {s['recommended_as_of']}   (ngày sau sự kiện cuối — the day after the last event)"
    )
    print("\n".join(lines))
