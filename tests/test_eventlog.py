"""congvu import-eventlog: hand-made XES and CSV logs → input folder → real build; then the real logs.

Every hand-made log holds the same story (case C1 goes SXD → STC → SXD, case C2 stays in STC), so
the same expected transfers check each format, encoding and delimiter.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import json
import statistics
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest

from pipelines.build import build
from pipelines.cli import main
from pipelines.eventlog import EventLogError, import_eventlog
from pipelines.real_logs_report import LOGS, figures, import_and_build
from tests.builders import query

XES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="org:group" value="UNKNOWN"/></global>
  <trace>
    <string key="concept:name" value="C1"/>
    <string key="deadline" value="2023-03-31"/>
    <event>
      <string key="concept:name" value="Tiếp nhận"/>
      <string key="org:group" value="SXD"/>
      <string key="org:resource" value="Nguyễn Thị Hoà"/>
      <date key="time:timestamp" value="2023-03-01T08:00:00.000+07:00"/>
    </event>
    <event>
      <string key="concept:name" value="Chuyển"/>
      <string key="org:group" value="STC"/>
      <string key="org:resource" value="Jüri"/>
      <date key="time:timestamp" value="2023-03-02T09:30:00.000+07:00"/>
    </event>
    <event>
      <string key="concept:name" value="Ghi chú"/>
      <string key="org:resource" value="Jüri"/>
      <date key="time:timestamp" value="2023-03-03T10:00:00.000+07:00"/>
    </event>
    <event>
      <string key="concept:name" value="Hoàn thành"/>
      <string key="org:group" value="SXD"/>
      <string key="org:resource" value="Nguyễn Thị Hoà"/>
      <date key="time:timestamp" value="2023-03-05T16:00:00.000+07:00"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="C2"/>
    <string key="deadline" value="2023-02-01"/>
    <event>
      <string key="concept:name" value="Tiếp nhận"/>
      <string key="org:group" value="STC"/>
      <string key="org:resource" value="Jüri"/>
      <date key="time:timestamp" value="2023-03-04T08:00:00+07:00"/>
    </event>
    <event>
      <string key="concept:name" value="Xử lý"/>
      <string key="org:group" value="STC"/>
      <string key="org:resource" value="Jüri"/>
      <date key="time:timestamp" value="2023-03-06T08:00:00+07:00"/>
    </event>
  </trace>
</log>
"""

# The same two cases as CSV, in file order C2 first and C1's events shuffled (the import sorts by time).
CSV_ROWS = [
    ("Vụ việc", "Thời điểm", "Nhóm", "Người xử lý", "Hoạt động", "Hạn"),
    ("C2", "04/03/2023 08:00", "STC", "Jüri", "Tiếp nhận", "01/02/2023"),
    ("C1", "02/03/2023 09:30", "STC", "Jüri", "Chuyển", "31/03/2023"),
    ("C1", "01/03/2023 08:00", "SXD", "Nguyễn Thị Hoà", "Tiếp nhận", "31/03/2023"),
    ("C1", "03/03/2023 10:00", "", "Jüri", "Ghi chú", "31/03/2023"),
    ("C1", "05/03/2023 16:00", "SXD", "Nguyễn Thị Hoà", "Hoàn thành", "31/03/2023"),
    ("C2", "06/03/2023 08:00", "STC", "Jüri", "Xử lý", "01/02/2023"),
]
CSV_OPTIONS = {
    "case": "Vụ việc",
    "time": "Thời điểm",
    "agency": "Nhóm",
    "official": "Người xử lý",
    "activity": "Hoạt động",
    "deadline": "Hạn",
}


def _csv_bytes(delimiter: str, encoding: str, line_end: str = "\n", rows=CSV_ROWS) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return out.getvalue().encode(encoding)


def _latin1_rows() -> list[tuple[str, ...]]:
    """ISO-8859-1 cannot hold Vietnamese: the legacy file keeps to Western names, as BPIC 2013 does."""
    table = {
        "Nguyễn Thị Hoà": "Björn",
        "Tiếp nhận": "Reçu",
        "Chuyển": "Transféré",
        "Ghi chú": "Note",
        "Hoàn thành": "Clôturé",
        "Xử lý": "Traité",
        "Vụ việc": "Dossier",
        "Thời điểm": "Heure",
        "Nhóm": "Groupe",
        "Người xử lý": "Agent",
        "Hoạt động": "Activité",
        "Hạn": "Échéance",
    }
    return [tuple(table.get(v, v) for v in row) for row in CSV_ROWS]


LATIN1_OPTIONS = {
    "case": "Dossier",
    "time": "Heure",
    "agency": "Groupe",
    "official": "Agent",
    "activity": "Activité",
    "deadline": "Échéance",
}


def _import_and_build(tmp_path: Path, log: Path, **options) -> tuple[dict, Path]:
    summary = import_eventlog(log, tmp_path / "input", **options)
    db = tmp_path / "warehouse.duckdb"
    build(tmp_path / "input", db, as_of=dt.date.fromisoformat(summary["recommended_as_of"]))
    return summary, db


def _assert_story(db: Path, summary: dict, hoa: str = "Nguyễn Thị Hoà") -> None:
    assert query(db, "select count(*) as n from rejected_rows") == [{"n": 0}]
    assert summary["recommended_as_of"] == "2023-03-07"
    assert (summary["cases"], summary["events"], summary["transfers"]) == (2, 6, 2)
    transfers = query(
        db,
        "select task_id, occurred_at, kind, from_agency_id, to_agency_id, official_id "
        "from stg_task_events order by occurred_at",
    )
    assert transfers == [
        {
            "task_id": "C1",
            "occurred_at": dt.datetime(2023, 3, 2, 9, 30),
            "kind": "transfer",
            "from_agency_id": "SXD",
            "to_agency_id": "STC",
            "official_id": "Jüri",
        },
        # the note on 03/03 has no group: it carries STC, so the only other change is back to SXD on 05/03
        {
            "task_id": "C1",
            "occurred_at": dt.datetime(2023, 3, 5, 16, 0),
            "kind": "transfer",
            "from_agency_id": "STC",
            "to_agency_id": "SXD",
            "official_id": hoa,
        },
    ]
    tasks = query(
        db,
        "select task_id, owner_agency_id, lead_official_id, assigned_on, due_on, completed_on "
        "from stg_tasks order by task_id",
    )
    assert tasks == [
        {
            "task_id": "C1",
            "owner_agency_id": "SXD",
            "lead_official_id": hoa,
            "assigned_on": dt.date(2023, 3, 1),
            "due_on": dt.date(2023, 3, 31),
            "completed_on": dt.date(2023, 3, 5),
        },
        # C2's deadline (01/02) is before its first event: dropped, counted, the task loads without it
        {
            "task_id": "C2",
            "owner_agency_id": "STC",
            "lead_official_id": "Jüri",
            "assigned_on": dt.date(2023, 3, 4),
            "due_on": None,
            "completed_on": dt.date(2023, 3, 6),
        },
    ]
    assert summary["deadlines_dropped"] == 1 and summary["deadlines_kept"] == 1
    officials = query(
        db,
        "select official_id, full_name, agency_id, position, category from stg_officials "
        "order by official_id",
    )
    assert officials == sorted(
        [
            {
                "official_id": hoa,
                "full_name": hoa,
                "agency_id": "SXD",
                "position": "staff",
                "category": "civil_servant",
            },
            # Jüri acts 4 times in STC and never elsewhere
            {
                "official_id": "Jüri",
                "full_name": "Jüri",
                "agency_id": "STC",
                "position": "staff",
                "category": "civil_servant",
            },
        ],
        key=lambda r: r["official_id"],
    )
    agencies = query(db, "select agency_id, kind from stg_agencies order by agency_id")
    assert agencies == [
        {"agency_id": "STC", "kind": "department"},
        {"agency_id": "SXD", "kind": "department"},
    ]


@pytest.mark.parametrize("compressed", [False, True], ids=["xes", "xes.gz"])
def test_xes_log_imports_with_standard_attributes(tmp_path: Path, compressed: bool) -> None:
    log = tmp_path / ("log.xes.gz" if compressed else "log.xes")
    log.write_bytes(gzip.compress(XES.encode()) if compressed else XES.encode())
    summary, db = _import_and_build(tmp_path, log, deadline="deadline")
    assert summary["format"] == ("xes.gz" if compressed else "xes")
    assert (
        summary["columns"]["case"] == "case:concept:name"
        and summary["columns"]["deadline"] == "case:deadline"
    )
    _assert_story(db, summary)
    # the holder sequence SXD → STC → SXD is a ping-pong
    assert figures(db)["ping_pong_tasks"] == 1


@pytest.mark.parametrize(
    ("name", "content", "options", "hoa"),
    [
        ("utf8.csv", _csv_bytes(",", "utf-8"), CSV_OPTIONS, "Nguyễn Thị Hoà"),
        ("bom.csv", codecs.BOM_UTF8 + _csv_bytes(";", "utf-8", "\r\n"), CSV_OPTIONS, "Nguyễn Thị Hoà"),
        ("legacy.csv", _csv_bytes(";", "latin-1", "\r\n", _latin1_rows()), LATIN1_OPTIONS, "Björn"),
        (
            "legacy.csv.gz",
            gzip.compress(_csv_bytes(";", "latin-1", "\r\n", _latin1_rows())),
            LATIN1_OPTIONS,
            "Björn",
        ),
    ],
    ids=["utf-8 comma", "utf-8 BOM semicolon CRLF", "latin-1 semicolon CRLF", "latin-1 gzip"],
)
def test_csv_log_encodings_and_delimiters(
    tmp_path: Path, name: str, content: bytes, options: dict, hoa: str
) -> None:
    log = tmp_path / name
    log.write_bytes(content)
    summary, db = _import_and_build(tmp_path, log, **options)
    _assert_story(db, summary, hoa=hoa)
    assert summary["delimiter"] == ("," if name == "utf8.csv" else ";")
    if name.startswith("legacy"):
        assert summary["encoding"] == "cp1252"
        titles = [r["title"] for r in query(db, "select title from stg_tasks order by task_id")]
        assert titles == ["C1 — Reçu", "C2 — Reçu"]  # the first activity, accents intact


def test_csv_with_xes_column_names_needs_no_options(tmp_path: Path) -> None:
    rows = [("case:concept:name", "concept:name", "org:group", "org:resource", "time:timestamp")]
    rows += [
        ("A", "open", "G1", "r1", "2011-10-11 13:45:40.276000+02:00"),
        ("A", "pass", "EMPTY", "r2", "2011-10-12 08:00:00.000000+02:00"),
        ("A", "pass", "G2", "r2", "2011-10-13 08:00:00.000000+02:00"),
        ("B", "open", "EMPTY", "r3", "2011-10-14 08:00:00.000000+02:00"),
    ]
    log = tmp_path / "pm4py.csv"
    log.write_bytes(_csv_bytes(",", "utf-8", rows=rows))
    summary, db = _import_and_build(tmp_path, log)
    assert query(db, "select count(*) as n from rejected_rows") == [{"n": 0}]
    # EMPTY is a "no value" marker: A's second event stays in G1; B has no group at all → NO_GROUP
    assert summary["missing_markers"] == 2 and summary["cases_without_group"] == 1
    assert query(db, "select from_agency_id, to_agency_id from stg_task_events") == [
        {"from_agency_id": "G1", "to_agency_id": "G2"}
    ]
    assert query(db, "select owner_agency_id from stg_tasks order by task_id") == [
        {"owner_agency_id": "G1"},
        {"owner_agency_id": "NO_GROUP"},
    ]


def test_completed_activity_leaves_unfinished_cases_open(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(_csv_bytes(",", "utf-8"))
    summary, db = _import_and_build(tmp_path, log, **CSV_OPTIONS, completed_activity="Hoàn thành")
    assert query(db, "select task_id, completed_on from stg_tasks order by task_id") == [
        {"task_id": "C1", "completed_on": dt.date(2023, 3, 5)},
        {"task_id": "C2", "completed_on": None},
    ]
    assert summary["tasks_completed"] == 1


def test_owner_column(tmp_path: Path) -> None:
    rows = [(*CSV_ROWS[0], "Chủ trì")] + [(*r, "SNV") for r in CSV_ROWS[1:]]
    log = tmp_path / "log.csv"
    log.write_bytes(_csv_bytes(",", "utf-8", rows=rows))
    _, db = _import_and_build(tmp_path, log, **CSV_OPTIONS, owner="Chủ trì")
    assert {r["owner_agency_id"] for r in query(db, "select owner_agency_id from stg_tasks")} == {"SNV"}
    assert query(db, "select count(*) as n from rejected_rows") == [{"n": 0}]


def test_cli_missing_columns_exit_2_lists_the_columns(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(_csv_bytes(";", "utf-8"))
    code = main(["import-eventlog", str(log), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "--case" in err and "--time" in err and "--agency" in err
    assert "'Vụ việc'" in err and "'Người xử lý'" in err  # the columns found, so the user can pick
    assert not (tmp_path / "out").exists()

    code = main(
        [
            "import-eventlog",
            str(log),
            "--out",
            str(tmp_path / "out"),
            "--case",
            "Vụ việc",
            "--time",
            "Thời điểm",
            "--agency",
            "Phòng",
        ]
    )
    assert code == 2 and "--agency 'Phòng'" in capsys.readouterr().err


def test_cli_success_prints_summary_and_as_of(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    log = tmp_path / "log.xes"
    log.write_text(XES, encoding="utf-8")
    assert main(["import-eventlog", str(log), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "--as-of 2023-03-07" in out and "transfer" in out
    saved = json.loads((tmp_path / "out" / "import_summary.json").read_text(encoding="utf-8"))
    assert saved["cases"] == 2 and saved["transfers"] == 2


def test_malformed_xes_is_refused(tmp_path: Path) -> None:
    log = tmp_path / "broken.xes"
    log.write_text(XES[:700], encoding="utf-8")
    with pytest.raises(EventLogError, match="XES"):
        import_eventlog(log, tmp_path / "out")


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE log [
  <!ENTITY a "ha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<log xmlns="http://www.xes-standard.org/"><trace><string key="concept:name" value="&c;"/>
<event><string key="concept:name" value="x"/><date key="time:timestamp" value="2023-03-01T08:00:00"/></event>
</trace></log>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE log [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<log xmlns="http://www.xes-standard.org/"><trace><string key="concept:name" value="&secret;"/>
<event><string key="concept:name" value="x"/><date key="time:timestamp" value="2023-03-01T08:00:00"/></event>
</trace></log>
"""


@pytest.mark.parametrize("text", [LAUGHS, EXTERNAL], ids=["entity-expansion", "external-entity"])
def test_xes_entity_declarations_are_refused_not_expanded(tmp_path: Path, text: str) -> None:
    # an event log comes from outside: the standard parser would expand "&c;" (a billion laughs at depth)
    log = tmp_path / "hostile.xes"
    log.write_text(text, encoding="utf-8")
    with pytest.raises(EventLogError, match="entity or DTD declarations refused"):
        import_eventlog(log, tmp_path / "out")
    assert not (tmp_path / "out" / "tasks.csv").exists()


# --- the real logs ---------------------------------------------------------------------------------

BY_FILE = {log.file: log for log in LOGS}


def _independent_csv(path: Path, encoding: str, delimiter: str, case: str, time: str, group: str):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding=encoding, newline="") as f:
        for row in csv.DictReader(f, delimiter=delimiter):
            yield row[case], dt.datetime.fromisoformat(row[time]), row[group]


def _independent_xes(path: Path, group_key: str):
    ns = "{http://www.xes-standard.org/}"
    with gzip.open(path) as f:
        root = ET.parse(f).getroot()
    for trace in root.iter(f"{ns}trace"):
        name = next(a.get("value") for a in trace if a.get("key") == "concept:name")
        for event in trace.iter(f"{ns}event"):
            attrs = {a.get("key"): a.get("value") for a in event}
            yield name, dt.datetime.fromisoformat(attrs["time:timestamp"]), attrs.get(group_key, "")


def _independent_figures(events) -> dict:
    """Plain Python: cases, group changes and ping-pong cases, EMPTY read as missing like the importer."""
    cases = defaultdict(list)
    for n, (case, when, group) in enumerate(events):
        cases[case].append((when, n, None if group in ("", "EMPTY") else group))
    changes, ping_pong, per_case = 0, 0, []
    for events_of_case in cases.values():
        events_of_case.sort()
        holders: list[str] = []
        for _, _, group in events_of_case:
            if group is not None and (not holders or holders[-1] != group):
                holders.append(group)
        per_case.append(len(holders) - 1 if holders else 0)
        changes += per_case[-1]
        ping_pong += any(holders[i] == holders[i + 2] for i in range(len(holders) - 2))
    return {
        "cases": len(cases),
        "transfers": changes,
        "ping_pong": ping_pong,
        "median": statistics.median_low(per_case),
        "max": max(per_case),
    }


INDEPENDENT = {
    "bpic2013_incidents.csv.gz": lambda p: _independent_csv(
        p, "utf-8-sig", ",", "SR Number", "Change Date+Time", "Involved ST"
    ),
    "bpic2013_closed_problems.csv": lambda p: _independent_csv(
        p, "iso-8859-1", ";", "Problem Number", "Problem Change Date+Time", "Problem Involved Owner ST"
    ),
    "wabo_receipt.csv.gz": lambda p: _independent_csv(
        p, "utf-8", ",", "case:concept:name", "time:timestamp", "org:group"
    ),
    "helpdesk.xes.gz": lambda p: _independent_xes(p, "workgroup"),
}


@pytest.mark.realdata
@pytest.mark.parametrize("file", list(BY_FILE))
def test_real_log_imports_without_rejected_rows_and_matches_plain_python(
    realdata: Path, tmp_path: Path, file: str
) -> None:
    summary, db = import_and_build(BY_FILE[file], realdata, tmp_path)
    fig = figures(db)
    assert fig["rejected_rows"] == 0
    expected = _independent_figures(INDEPENDENT[file](realdata / file))
    assert (summary["cases"], summary["transfers"]) == (expected["cases"], expected["transfers"])
    assert (fig["tasks"], fig["handovers"], fig["ping_pong_tasks"]) == (
        expected["cases"],
        expected["transfers"],
        expected["ping_pong"],
    )
    assert (fig["median"], fig["max"]) == (expected["median"], expected["max"])


@pytest.mark.realdata
def test_legacy_encoding_real_log_keeps_names(realdata: Path, tmp_path: Path) -> None:
    summary = import_eventlog(
        realdata / "bpic2013_closed_problems.csv",
        tmp_path / "input",
        **BY_FILE["bpic2013_closed_problems.csv"].options,
    )
    assert (summary["encoding"], summary["delimiter"]) == ("cp1252", ";")
    names = (tmp_path / "input" / "officials.csv").read_text(encoding="utf-8")
    assert "Jüri" in names and "Björn" in names and "Ã" not in names
