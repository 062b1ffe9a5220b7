"""The `congvu` command: parses arguments, calls the steps, prints what happened."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày không hợp lệ (invalid date) {text!r}: dùng YYYY-MM-DD")


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congvu",
        description="congvu — theo dõi tiến độ, đùn đẩy trách nhiệm, đánh giá và khen thưởng công vụ.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("generate", help="write a synthetic Hải Phòng input folder")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=2023)
    p.add_argument("--scale", choices=("demo", "province", "national", "tiny"), default="demo")
    p.add_argument("--as-of", type=_date, default=None)

    p = sub.add_parser("build", help="validate an input folder and build the DuckDB warehouse")
    p.add_argument("--input", type=Path, required=True)
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--as-of", type=_date, default=None)
    p.add_argument("--config", type=Path, default=None)
    p.add_argument("--quiet", action="store_true", help="no progress lines, only the summary")
    p.add_argument(
        "--decisions",
        type=Path,
        default=None,
        help="the decision store to join in (default: decisions.sqlite beside --db; none when absent)",
    )

    p = sub.add_parser("import-eventlog", help="turn a process-mining event log into an input folder")
    p.add_argument("file", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--case", default=None)
    p.add_argument("--agency", default=None)
    p.add_argument("--official", default=None)
    p.add_argument("--time", default=None)
    p.add_argument("--activity", default=None)
    p.add_argument("--owner", default="first", help="'first' (the case's first group) or a column")
    p.add_argument("--deadline", default=None, help="a case attribute holding the deadline")
    p.add_argument("--completed-activity", default=None)

    p = sub.add_parser("serve", help="serve the dashboard on a warehouse (read-only)")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--users", type=Path, default=Path("data/users.toml"))
    p.add_argument("--audit", type=Path, default=Path("data/audit.jsonl"))
    p.add_argument(
        "--decisions",
        type=Path,
        default=None,
        help="the decision store (default: decisions.sqlite beside --db)",
    )
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--tls-cert", type=Path, help="certificate file (PEM): serve over HTTPS")
    p.add_argument("--tls-key", type=Path, help="private key of --tls-cert (PEM)")
    p.add_argument("--sso", type=Path, help="single sign-on settings (OIDC): see docs/security.md")
    p.add_argument(
        "--insecure",
        action="store_true",
        help="allow plain HTTP on an address other than this computer (only behind a TLS proxy)",
    )

    p = sub.add_parser("decide", help="record one decision in the decision store (contract §4)")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--decisions", type=Path, default=None, help="default: decisions.sqlite beside --db")
    p.add_argument("--users", type=Path, default=Path("data/users.toml"))
    p.add_argument("--audit", type=Path, default=Path("data/audit.jsonl"))
    p.add_argument("--by", required=True, help="the account deciding (its role comes from the users file)")
    p.add_argument("subject_kind", help="flag, explanation, objective_cause, review or candidate")
    p.add_argument("subject_id")
    p.add_argument("outcome")
    p.add_argument("--reason", default=None)
    p.add_argument("--document", default=None, help="document reference, e.g. 123/TTr-NV")
    p.add_argument("--vote-share", type=float, default=None, help="the council's vote in favour, 0–1")

    p = sub.add_parser("decisions", help="read the decision store")
    decisions_sub = p.add_subparsers(dest="decisions_command", required=True)
    listing = decisions_sub.add_parser("list", help="print the decision history, oldest first")
    listing.add_argument("--decisions", type=Path, default=Path("data") / "decisions.sqlite")
    listing.add_argument("--subject-kind", default=None)
    listing.add_argument("--format", choices=("table", "csv"), default="table")
    listing.add_argument("--audit", type=Path, default=Path("data/audit.jsonl"))
    listing.add_argument("--by", default=None, help="who reads, for the audit log (default: the OS user)")

    p = sub.add_parser("users", help="manage local accounts")
    users_sub = p.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="add or update an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("home_affairs", "inspectorate", "board", "admin"))
    add.add_argument("--users", type=Path, default=Path("data/users.toml"))
    add.add_argument("--password-stdin", action="store_true")
    add.add_argument(
        "--sso", help="identity (e-mail or subject) from the identity provider; no password needed"
    )

    p = sub.add_parser("audit", help="read the audit log")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    listing = audit_sub.add_parser("list", help="print the audit log, one event a line")
    listing.add_argument("--audit", type=Path, default=Path("data/audit.jsonl"))

    p = sub.add_parser("report", help="write a periodic report (.xlsx or .docx)")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--kind", required=True, choices=("tasks", "commendation", "review"))
    p.add_argument("--period", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--audit", type=Path, default=Path("data/audit.jsonl"))
    p.add_argument(
        "--by", default=None, help="who writes the report, for the audit log (default: the OS user)"
    )

    p = sub.add_parser(
        "plan-inspections", help="propose agencies for surprise inspection from inspection_risk"
    )
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument(
        "--seed", type=int, default=None, help="the draw's seed (default: a new one, written into the plan)"
    )
    p.add_argument(
        "--period", default=None, help="the plan's period, e.g. 2027-Q1 (default: the quarter after as_of)"
    )
    p.add_argument("--out", type=Path, required=True, help=".xlsx, .docx or .csv")
    p.add_argument("--audit", type=Path, default=Path("data/audit.jsonl"))
    p.add_argument("--by", default=None, help="who draws the plan, for the audit log (default: the OS user)")

    p = sub.add_parser("demo", help="generate the demo data, build it and serve the dashboard")
    p.add_argument("--dir", type=Path, default=Path("data/demo"))
    p.add_argument("--seed", type=int, default=2023)
    p.add_argument("--as-of", type=_date, default=None)
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--no-serve", action="store_true", help="stop after the build and the terminal summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {
        "generate": _generate,
        "build": _build,
        "import-eventlog": _import_eventlog,
        "serve": _serve,
        "users": _users,
        "audit": _audit,
        "decide": _decide,
        "decisions": _decisions,
        "report": _report,
        "plan-inspections": _plan_inspections,
        "demo": _demo,
    }[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        _err("Đã dừng (interrupted).")
        return 130


def _generate(args: argparse.Namespace) -> int:
    from pipelines.generate import generate

    manifest = generate(args.out, seed=args.seed, scale=args.scale, as_of=args.as_of, progress=_err)
    files = manifest.get("files", {})
    print(
        f"Đã tạo dữ liệu mẫu (synthetic input) trong {args.out}: "
        + ", ".join(f"{k} {v:,}" for k, v in files.items())
    )
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.build import BuildRefused, CheckFailed, build
    from pipelines.console import print_build_summary
    from pipelines.readers import UnusableInput
    from pipelines.settings import ConfigError

    try:
        summary = build(
            args.input,
            args.db,
            as_of=args.as_of,
            config=args.config,
            progress=(lambda _: None) if args.quiet else _err,
            decisions=args.decisions,
        )
    except (UnusableInput, ConfigError) as exc:
        _err(
            f"Lỗi dữ liệu đầu vào — kho dữ liệu giữ nguyên (input unusable, warehouse left unchanged): {exc}"
        )
        return EXIT_UNUSABLE
    except (CheckFailed, BuildRefused) as exc:
        _err(f"Xây dựng thất bại — kho dữ liệu giữ nguyên (build failed, warehouse unchanged): {exc}")
        return EXIT_FAILED
    except duckdb.OutOfMemoryException as exc:
        _err(
            "Không đủ bộ nhớ — kho dữ liệu giữ nguyên (out of memory, warehouse unchanged): "
            f"{str(exc).splitlines()[0]}. Tăng build.memory_limit trong tệp --config, ví dụ "
            '[build] memory_limit = "4GB" (raise build.memory_limit in a --config file).'
        )
        return EXIT_FAILED
    print_build_summary(summary)
    return EXIT_OK


def _import_eventlog(args: argparse.Namespace) -> int:
    from pipelines.eventlog import import_eventlog_command

    return import_eventlog_command(args)


def _serve(args: argparse.Namespace) -> int:
    from dashboard.accounts import UsersFileError, load_accounts
    from dashboard.server import serve

    try:
        load_accounts(args.users)  # a broken users file is told here, not as a page error later
    except UsersFileError as exc:
        _err(str(exc))
        return EXIT_UNUSABLE
    return serve(
        db=args.db,
        users=args.users,
        audit=args.audit,
        port=args.port,
        address=args.address,
        decisions=args.decisions,
        tls=(args.tls_cert, args.tls_key) if args.tls_cert or args.tls_key else None,
        insecure=args.insecure,
        sso=args.sso,
    )


def _users(args: argparse.Namespace) -> int:
    from dashboard.accounts import users_add_command

    return users_add_command(args)


def _audit(args: argparse.Namespace) -> int:
    from dashboard.audit import audit_list_command

    return audit_list_command(args)


def _decide(args: argparse.Namespace) -> int:
    from pipelines.decisions.command import decide_command

    return decide_command(args)


def _decisions(args: argparse.Namespace) -> int:
    from pipelines.decisions.command import list_command

    args.by = args.by or getpass.getuser()
    return list_command(args)


def _report(args: argparse.Namespace) -> int:
    from pipelines.reports import report_command

    args.by = args.by or getpass.getuser()
    return report_command(args)


def _plan_inspections(args: argparse.Namespace) -> int:
    from pipelines.reports.inspection_plan import plan_inspections_command

    args.by = args.by or getpass.getuser()
    return plan_inspections_command(args)


def _demo(args: argparse.Namespace) -> int:
    from pipelines.build import build
    from pipelines.console import print_agency_scorecard, print_build_summary
    from pipelines.generate import generate

    input_dir, db = args.dir / "input", args.dir / "warehouse.duckdb"
    _err(f"1/3 Tạo dữ liệu mẫu Hải Phòng (generating demo data) → {input_dir}")
    generate(input_dir, seed=args.seed, scale="demo", as_of=args.as_of, progress=_err)
    _err(f"2/3 Xây dựng kho dữ liệu (building the warehouse) → {db}")
    summary = build(input_dir, db, as_of=args.as_of, progress=_err)
    print_build_summary(summary)
    print_agency_scorecard(db)
    if args.no_serve:
        return EXIT_OK
    _err("3/3 Mở bảng điều khiển (serving the dashboard)")
    from dashboard.server import serve_demo

    return serve_demo(db=db, workdir=args.dir, port=args.port)


if __name__ == "__main__":
    raise SystemExit(main())
