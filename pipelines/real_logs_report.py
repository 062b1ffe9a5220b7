"""Hand-over figures on the public event logs in ../shared/realdata, and docs/real-logs.md from them.

Each log is imported with `congvu import-eventlog` (the options below), built with `congvu build
--as-of <day after its last event>`, and measured with the queries of sql/real_logs/ over the
warehouse. The docs page and the tests use the same code, so the figures in the docs are the ones
the tests check.

    .venv/bin/python -m pipelines.real_logs_report --realdata ../shared/realdata --work /tmp/real-logs \
        --out docs/real-logs.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import duckdb

from pipelines.build import build
from pipelines.eventlog import import_eventlog

SQL_DIR = Path(__file__).parent / "sql" / "real_logs"
# The temp tables, in the order they are made (each file reads only those before it and the warehouse).
QUERIES = ("handovers_per_task", "holder_bounces", "ping_pong_tasks")
TOP_PAIRS = 5


class ImportOptions(TypedDict, total=False):
    """The column options of `congvu import-eventlog` (keyword arguments of import_eventlog)."""

    case: str
    agency: str
    official: str
    time: str
    activity: str
    owner: str
    deadline: str
    completed_activity: str


@dataclass(frozen=True)
class RealLog:
    file: str
    title: str
    source: str
    options: ImportOptions
    note: str = ""

    @property
    def stem(self) -> str:
        return self.file.split(".")[0]

    def command(self, realdata: str = "../shared/realdata", out: str | None = None) -> str:
        parts = [
            "congvu",
            "import-eventlog",
            f"{realdata}/{self.file}",
            "--out",
            out or f"/tmp/real-logs/{self.stem}",
        ]
        for option, value in self.options.items():
            parts += [f"--{option.replace('_', '-')}", str(value)]  # TypedDict values read as object
        return shlex.join(parts)


LOGS = (
    RealLog(
        "bpic2013_incidents.csv.gz",
        "BPI Challenge 2013 — Volvo IT Belgium, incidents (VINST)",
        "W. Steeman, BPI Challenge 2013, incidents. 4TU.ResearchData, "
        "doi:10.4121/uuid:500573e6-accc-4b0c-9576-aa5468b10cee (copy from the IBM/processmining repository)",
        {
            "case": "SR Number",
            "time": "Change Date+Time",
            "agency": "Involved ST",
            "official": "Owner First Name",
            "activity": "Status",
        },
        'The challenge\'s process owner asked about "ping-pong" between support teams — the question this '
        "project asks of agencies. `Owner First Name` is a first name, not a person (`Siebel`, the ticketing "
        "system, acts in 6 162 events); the hand-over and ping-pong figures depend only on `Involved ST`.",
    ),
    RealLog(
        "bpic2013_closed_problems.csv",
        "BPI Challenge 2013 — Volvo IT Belgium, closed problems",
        "W. Steeman, BPI Challenge 2013, closed problems. 4TU.ResearchData, "
        "doi:10.4121/uuid:c2c3b154-ab26-4b31-a0e8-8f2350ddac11",
        {
            "case": "Problem Number",
            "time": "Problem Change Date+Time",
            "agency": "Problem Involved Owner ST",
            "official": "Problem Involved Action Owner First Name",
            "activity": "Problem Status",
        },
    ),
    RealLog(
        "wabo_receipt.csv.gz",
        "WABO environmental permits, receipt phase (Dutch municipality, CoSeLoG)",
        "CoSeLoG project, receipt phase of the WABO environmental permit process; "
        "as shipped with the pm4py test data (github.com/pm4py/pm4py-core, tests/input_data)",
        {"deadline": "case:deadline"},
        "The log writes `EMPTY` for an unknown group (1 936 of 8 577 events); read as missing, these events "
        "stay with the group before them. Counting `EMPTY` as a group would report 5 440 hand-overs and "
        "18.8% ping-pong, most of it `EMPTY ↔ Group 1` — an artefact of the export, not a hand-over.",
    ),
    RealLog(
        "helpdesk.xes.gz",
        "Help desk of an Italian software company",
        "Help desk event log (Italian software company), as shipped with the pm4py test data "
        "(github.com/pm4py/pm4py-core, tests/input_data)",
        {"agency": "workgroup"},
        "The log has no `org:group`; `workgroup` (4 values) is the group attribute. Its other "
        "candidates, `responsible_section` and `support_section`, never change inside a case (0 hand-overs): "
        "this help desk hardly passes tickets between groups.",
    ),
)


def import_and_build(log: RealLog, realdata: Path, workdir: Path) -> tuple[dict, Path]:
    """Imports the log into workdir/<stem>/input, builds workdir/<stem>/warehouse.duckdb."""
    folder = workdir / log.stem
    summary = import_eventlog(realdata / log.file, folder / "input", **log.options)
    db = folder / "warehouse.duckdb"
    build(folder / "input", db, as_of=dt.date.fromisoformat(summary["recommended_as_of"]))
    return summary, db


def figures(db: Path, top: int = TOP_PAIRS) -> dict:
    """The hand-over figures of one warehouse (read-only)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        for name in QUERIES:
            con.execute(
                f"create temp table {name} as {(SQL_DIR / f'{name}.sql').read_text(encoding='utf-8')}"
            )
        distribution = _one(con, "handover_distribution")
        share = _one(con, "ping_pong_share")
        pairs = _all(con, "bouncing_pairs", {"top": top})
        rejected = con.execute("select count(*) from rejected_rows").fetchall()[0][0]
        agencies = con.execute("select count(*) from stg_agencies").fetchall()[0][0]
        officials = con.execute("select count(*) from stg_officials").fetchall()[0][0]
    finally:
        con.close()
    return {
        **distribution,
        **share,
        "pairs": pairs,
        "rejected_rows": rejected,
        "agencies": agencies,
        "officials": officials,
    }


def _all(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> list[dict]:
    cur = con.execute((SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"), params or {})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _one(con: duckdb.DuckDBPyConnection, name: str) -> dict:
    return _all(con, name)[0]


def _n(value: float | int) -> str:
    return f"{value:,}".replace(",", " ")


def render(results: list[tuple[RealLog, dict, dict]]) -> str:
    lines = [
        "# Real event logs: hand-overs and ping-pong",
        "",
        "Figures from public event logs recorded by real organisations (none made for this project),",
        "imported with `congvu import-eventlog` and built with `congvu build`. Generated by",
        "`pipelines/real_logs_report.py`; the tests (`tests/test_eventlog.py`, marker `realdata`) re-run",
        "the import and build on every log and cross-check a figure per log against plain Python.",
        "",
        "## How a log becomes an input folder",
        "",
        "- case → task (`task_id` = case id; title = case id — product, or the first activity);",
        "  organisational group → agency (kind `department`; no `city` agency is made, since an event",
        "  log holds no escalation); resource → official, placed in the group where they appear most",
        "  (position `staff`, category `civil_servant`).",
        "- Events of a case are ordered by their instant (time-zone offsets honoured; ties keep file",
        "  order). Dates and times are written as the log's wall-clock time, so a date is the day the",
        "  log shows. An event without a group carries the group of the event before it; events before",
        "  a case's first group take that group; a case with no group at all is held by one agency",
        "  `NO_GROUP` (counted).",
        '  A group or resource written as a "no value" marker (`EMPTY`, `NULL`, `N/A`, `unknown`, `-`)',
        "  is missing (the WABO log writes `EMPTY` for 1 936 of its 8 577 events).",
        "- Each change of group between consecutive events is a `transfer` task_event (from the old",
        "  group to the new one, by the resource of the event that arrived, at that event's time).",
        "- Owner = the case's first group (`--owner first`); `assigned_on` = first event's date;",
        "  `completed_on` = date of the first event with `--completed-activity` (the task stays open",
        "  if none), without that option the last event's date. `--deadline` → `due_on`; a deadline",
        "  before the assignment or unreadable is dropped and counted in the summary.",
        "- `--as-of` = the day after the last event: no date lies in the future, and every build",
        "  below rejected **0 rows**.",
        "",
        "## Definitions",
        "",
        "- **Hand-overs per case**: `transfer` events of the task (changes of group); median and 90th",
        "  percentile are values that occur (`quantile_disc`).",
        "- **Ping-pong**: the task's holder sequence (the data contract: owner, then the receiving group of",
        "  each hand-over, consecutive repeats collapsed) contains X → Y → X. Share = such tasks / all",
        "  tasks. Source column: `shifting_flags` when the warehouse's own `ping_pong` flags are built,",
        "  else `holder_bounces` (the same definition in `pipelines/sql/real_logs/holder_bounces.sql`).",
        "- **Pairs that bounce work most**: each X → Y → X counted once for the unordered pair {X, Y};",
        "  `tasks` = distinct tasks with such a bounce.",
        "",
        "## Summary",
        "",
        "| log | cases | events | groups | transfers | cases handed over "
        "| hand-overs per case median / p90 / max | ping-pong tasks | ping-pong share |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for log, summary, fig in results:
        lines.append(
            f"| `{log.file}` | {_n(summary['cases'])} | {_n(summary['events'])} | {_n(fig['agencies'])} "
            f"| {_n(fig['handovers'])} | {_n(fig['tasks_handed_over'])} "
            f"({fig['tasks_handed_over'] / fig['tasks']:.1%}) "
            f"| {fig['median']} / {fig['p90']} / {fig['max']} | {_n(fig['ping_pong_tasks'])} "
            f"| {fig['ping_pong_share']:.1%} |"
        )
    for log, summary, fig in results:
        lines += [
            "",
            f"## {log.title} — `{log.file}`",
            "",
            f"Source: {log.source}.",
            "",
            *([log.note, ""] if log.note else []),
            f"- Read as {summary['format']}"
            + (
                f", encoding {summary['encoding']}, delimiter `{summary['delimiter']}`"
                if summary["delimiter"]
                else ""
            )
            + "; columns: "
            + ", ".join(f"{role} = `{col}`" for role, col in summary["columns"].items())
            + ".",
            f"- {_n(summary['cases'])} cases, {_n(summary['events'])} events, {_n(fig['agencies'])} groups, "
            f"{_n(fig['officials'])} resources; events from {summary['first_day']} to {summary['last_day']}; "
            f"`--as-of {summary['recommended_as_of']}`; rejected rows after build: {fig['rejected_rows']}.",
            f"- Hand-overs: {_n(fig['handovers'])} in all, mean {fig['mean']:.2f} per case; per case median "
            f"{fig['median']}, p90 {fig['p90']}, max {fig['max']}; {_n(fig['tasks_handed_over'])} cases "
            f"({fig['tasks_handed_over'] / fig['tasks']:.1%}) handed over at least once.",
            f"- Ping-pong (X → Y → X): {_n(fig['ping_pong_tasks'])} of {_n(fig['tasks'])} cases = "
            f"**{fig['ping_pong_share']:.1%}** (from `{fig['computed_from']}`).",
        ]
        if summary["missing_markers"] or summary["cases_without_group"]:
            lines.append(
                f'- {_n(summary["missing_markers"])} group/resource values were "no value" markers '
                f"(read as missing); {_n(summary['cases_without_group'])} cases had no group at all "
                "(agency `NO_GROUP`)."
            )
        if summary.get("deadlines_kept") or summary.get("deadlines_dropped"):
            lines.append(
                f"- Deadlines: {_n(summary['deadlines_kept'])} kept as `due_on`, "
                f"{_n(summary['deadlines_dropped'])} dropped (before the case's first event)."
            )
        if fig["pairs"]:
            lines += ["", "| groups that bounce work | bounces (X → Y → X) | cases |", "|---|---:|---:|"]
            lines += [
                f"| {p['agency_a']} ↔ {p['agency_b']} | {_n(p['bounces'])} | {_n(p['tasks'])} |"
                for p in fig["pairs"]
            ]
        else:
            lines += ["", "No case went back to a group it had left: no bouncing pair."]
        lines += [
            "",
            "Reproduce:",
            "",
            "```sh",
            log.command(),
            f"congvu build --input /tmp/real-logs/{log.stem} --db /tmp/real-logs/{log.stem}.duckdb "
            f"--as-of {summary['recommended_as_of']}",
            "```",
        ]
    lines += [
        "",
        "## Reproduce everything",
        "",
        "```sh",
        ".venv/bin/python -m pipelines.real_logs_report --realdata ../shared/realdata --work /tmp/real-logs "
        "--out docs/real-logs.md",
        ".venv/bin/pytest -m realdata tests/test_eventlog.py",
        "```",
        "",
        "Licences: the BPI Challenge 2013 logs are published by 4TU.ResearchData for research use with",
        "attribution (DOIs above); the WABO and help-desk logs ship with the pm4py project's test data.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=Path("../shared/realdata"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/real-logs"))
    parser.add_argument("--out", type=Path, default=None, help="write the markdown here (default: stdout)")
    args = parser.parse_args(argv)
    results = []
    for log in LOGS:
        print(f"{log.file} …", file=sys.stderr, flush=True)
        summary, db = import_and_build(log, args.realdata, args.work)
        results.append((log, summary, figures(db)))
    text = render(results)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
