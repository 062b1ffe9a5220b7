"""The synthetic generator: reproducible, shaped as the input format (pipelines/sources.py), realistic where
the analytics look, and honest about what it planted (manifest.json)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from pipelines.generate import SCALES, generate
from pipelines.generate.agencies import load_agencies
from tests.conftest import DEMO_AS_OF, DEMO_SEED

# Contract §2, column by column (written out here, not imported, so the test checks the contract).
CONTRACT_COLUMNS = {
    "agencies": ["agency_id", "name", "kind", "parent_id"],
    "officials": [
        "official_id",
        "full_name",
        "agency_id",
        "position",
        "category",
        "active_from",
        "active_to",
    ],
    "tasks": [
        "task_id",
        "title",
        "source",
        "source_ref",
        "owner_agency_id",
        "lead_official_id",
        "decided_by",
        "assigned_on",
        "due_on",
        "completed_on",
        "is_key",
    ],
    "task_events": [
        "event_id",
        "task_id",
        "occurred_on",
        "kind",
        "from_agency_id",
        "to_agency_id",
        "official_id",
        "reason",
        "new_due_on",
    ],
    "consultations": [
        "consultation_id",
        "task_id",
        "requesting_agency_id",
        "consulted_agency_id",
        "sent_on",
        "deadline_on",
        "responded_on",
        "response",
        "response_text",
    ],
    "inspections": ["inspection_id", "agency_id", "inspector_agency_id", "started_on", "kind", "findings"],
    "disciplinary_actions": ["action_id", "official_id", "decided_on", "form", "violation", "violation_year"],
    "annual_ratings": ["official_id", "year", "grade"],
    "commendations": ["official_id", "year", "title", "decided_on"],
    "initiatives": ["initiative_id", "official_id", "title", "recognized_on", "scope"],
    # contract columns, then two of ours: each row's confidence and source (pipelines/data/reference)
    "agency_successions": [
        "from_agency_id",
        "to_agency_id",
        "effective_on",
        "kind",
        "basis",
        "confidence",
        "source_note",
    ],
}
ID_COLUMN = {
    "agencies": "agency_id",
    "officials": "official_id",
    "tasks": "task_id",
    "task_events": "event_id",
    "consultations": "consultation_id",
    "inspections": "inspection_id",
    "disciplinary_actions": "action_id",
    "initiatives": "initiative_id",
}
GRADE_LABELS = {
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
}
AS_OF = pd.Timestamp(DEMO_AS_OF)


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@functools.cache
def _read_once(folder: Path, name: str) -> pd.DataFrame:
    df = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])
    df.index = df.index + 2  # row number in the file, the header being row 1
    return df


def _read(folder: Path, name: str) -> pd.DataFrame:
    return _read_once(folder, name).copy()


def _bad_rows(manifest: dict, name: str) -> set[int]:
    return {b["row"] for b in manifest["bad_rows"] if b["file"] == f"{name}.csv"}


def _good(folder: Path, manifest: dict, name: str) -> pd.DataFrame:
    df = _read(folder, name)
    return df.drop(index=sorted(_bad_rows(manifest, name)))


TINY_PROGRESS: list[str] = []


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    TINY_PROGRESS.clear()
    generate(folder, seed=7, scale="tiny", as_of=dt.date(2025, 12, 20), progress=TINY_PROGRESS.append)
    return folder


def test_demo_is_the_default_scale_and_every_scale_is_listed() -> None:
    import inspect

    assert inspect.signature(generate).parameters["scale"].default == "demo"
    assert {"demo", "province", "national"} <= set(SCALES)


def test_same_seed_scale_and_as_of_give_byte_identical_files(demo_input: Path, tmp_path: Path) -> None:
    generate(tmp_path, seed=DEMO_SEED, scale="demo", as_of=DEMO_AS_OF)
    assert _hashes(tmp_path) == _hashes(demo_input)


def test_another_seed_gives_other_data(tiny: Path, tmp_path: Path) -> None:
    generate(tmp_path, seed=8, scale="tiny", as_of=dt.date(2025, 12, 20))
    first, second = _hashes(tiny), _hashes(tmp_path)
    for name in ("officials.csv", "tasks.csv", "task_events.csv", "consultations.csv", "manifest.json"):
        assert first[name] != second[name], name


def test_every_file_has_the_contract_columns_in_plain_utf8(demo_input: Path) -> None:
    for name, columns in CONTRACT_COLUMNS.items():
        raw = (demo_input / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: BOM"
        header = raw.decode("utf-8").split("\n", 1)[0].split(",")
        assert header == columns, name


def test_demo_sizes_are_sensible(demo_input: Path, demo_manifest: dict) -> None:
    files = demo_manifest["files"]
    assert 1_500 <= files["officials.csv"] <= 2_500
    assert 15_000 <= files["tasks.csv"] <= 25_000
    for name in CONTRACT_COLUMNS:
        assert files[f"{name}.csv"] == len(_read(demo_input, name)) > 0, name


def test_ids_are_unique_except_the_planted_duplicate(demo_input: Path, demo_manifest: dict) -> None:
    duplicates = [b for b in demo_manifest["bad_rows"] if b["rule"] == "duplicate_id"]
    assert duplicates
    for name, column in ID_COLUMN.items():
        df = _read(demo_input, name)
        repeated = df[df[column].duplicated()]
        planted = {(b["row"], b["value"]) for b in duplicates if b["file"] == f"{name}.csv"}
        assert set(zip(repeated.index, repeated[column], strict=True)) == planted, name
    ratings = _read(demo_input, "annual_ratings")
    assert not ratings.duplicated(["official_id", "year"]).any()
    commendations = _read(demo_input, "commendations")
    assert not commendations.duplicated(["official_id", "year", "title"]).any()


def test_nothing_is_completed_or_answered_after_as_of(demo_input: Path, demo_manifest: dict) -> None:
    tasks = _good(demo_input, demo_manifest, "tasks")
    assert pd.to_datetime(tasks["completed_on"]).max() <= AS_OF
    consultations = _good(demo_input, demo_manifest, "consultations")
    assert pd.to_datetime(consultations["responded_on"]).max() <= AS_OF
    events = _good(demo_input, demo_manifest, "task_events")
    assert pd.to_datetime(events["occurred_on"], format="%d/%m/%Y").max() <= AS_OF


def test_dates_are_in_order_outside_the_planted_bad_rows(demo_input: Path, demo_manifest: dict) -> None:
    tasks = _good(demo_input, demo_manifest, "tasks")
    assigned, due, done = (pd.to_datetime(tasks[c]) for c in ("assigned_on", "due_on", "completed_on"))
    assert (due.dropna() >= assigned[due.notna()]).all()
    assert (done.dropna() >= assigned[done.notna()]).all()
    assert 0.04 < due.isna().mean() < 0.12  # some tasks without deadline
    assert 0.10 < (tasks["is_key"] == "true").mean() < 0.20
    assert set(tasks["is_key"]) == {"true", "false"}


def test_references_resolve_outside_the_planted_bad_rows(demo_input: Path, demo_manifest: dict) -> None:
    def good(name: str) -> pd.DataFrame:
        return _good(demo_input, demo_manifest, name)

    agencies = set(good("agencies")["agency_id"])
    officials = set(good("officials")["official_id"])
    tasks = set(good("tasks")["task_id"])
    refs = [
        ("agencies", "parent_id", agencies),
        ("officials", "agency_id", agencies),
        ("tasks", "owner_agency_id", agencies),
        ("tasks", "lead_official_id", officials),
        ("task_events", "task_id", tasks),
        ("task_events", "from_agency_id", agencies),
        ("task_events", "to_agency_id", agencies),
        ("task_events", "official_id", officials),
        ("consultations", "task_id", tasks),
        ("consultations", "requesting_agency_id", agencies),
        ("consultations", "consulted_agency_id", agencies),
        ("inspections", "agency_id", agencies),
        ("inspections", "inspector_agency_id", agencies),
        ("disciplinary_actions", "official_id", officials),
        ("annual_ratings", "official_id", officials),
        ("commendations", "official_id", officials),
        ("initiatives", "official_id", officials),
    ]
    for name, column, known in refs:
        values = good(name)[column].dropna()
        assert values.isin(known).all(), (name, column, sorted(set(values) - known)[:5])


def test_events_follow_the_rules_of_their_kind(demo_input: Path, demo_manifest: dict) -> None:
    events = _good(demo_input, demo_manifest, "task_events")
    kind_of = _read(demo_input, "agencies").set_index("agency_id")["kind"]
    assert set(events["kind"]) == {"transfer", "escalate", "return", "extend", "reopen"}
    moves = events[events["kind"].isin(["transfer", "escalate", "return"])]
    assert moves[["from_agency_id", "to_agency_id"]].notna().all().all()
    assert (events.loc[events["kind"] == "escalate", "to_agency_id"].map(kind_of) == "city").all()
    assert (events.loc[events["kind"] == "return", "from_agency_id"].map(kind_of) == "city").all()
    extends = events[events["kind"] == "extend"]
    due = _read(demo_input, "tasks").drop_duplicates("task_id").set_index("task_id")["due_on"]
    current = due.to_dict()
    for task, new_due in zip(extends["task_id"], extends["new_due_on"], strict=True):
        assert new_due > current[task], task  # ISO strings compare as dates
        current[task] = new_due


def test_exports_look_like_agency_exports(demo_input: Path, demo_manifest: dict) -> None:
    grades = set(_good(demo_input, demo_manifest, "annual_ratings")["grade"])
    assert grades == GRADE_LABELS
    occurred = _read(demo_input, "task_events")["occurred_on"]
    assert occurred.str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    consultations = _read(demo_input, "consultations")
    as_text = consultations[consultations["response"].isna() & consultations["response_text"].notna()]
    assert len(as_text) > 0.05 * consultations["responded_on"].notna().sum()
    assert {"Không có ý kiến.", "Đề nghị cơ quan chủ trì xem xét theo thẩm quyền."} & set(
        as_text["response_text"]
    )
    names = _read(demo_input, "officials")["full_name"]
    assert 0.30 < names.str.startswith("Nguyễn ").mean() < 0.46
    assert names.str.split().str.len().between(3, 4).all()


def test_bad_rows_are_where_the_manifest_says(demo_input: Path, demo_manifest: dict) -> None:
    bad = demo_manifest["bad_rows"]
    assert 8 <= len(bad) <= 15
    assert len({b["file"] for b in bad}) >= 5
    rules = {"missing_required", "unknown_enum", "bad_date", "unknown_reference", "duplicate_id"}
    rules |= {"completed_before_assigned", "due_before_assigned"}
    assert {b["rule"] for b in bad} == rules
    for file in sorted({b["file"] for b in bad}):
        with (demo_input / file).open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        for b in (b for b in bad if b["file"] == file):
            record = dict(zip(rows[0], rows[b["row"] - 1], strict=True))
            assert (record[b["column"]] or None) == b["value"], b


def test_manifest_names_what_was_planted_and_it_exists(demo_input: Path, demo_manifest: dict) -> None:
    m = demo_manifest
    assert (m["seed"], m["scale"], m["as_of"]) == (DEMO_SEED, "demo", DEMO_AS_OF.isoformat())
    planted = m["planted"]
    assert len(planted["shifting_agencies"]) == 3
    assert len(planted["cap_exceeding_agencies"]) == 2
    assert len(planted["excellent_officials"]) == 20
    assert len(planted["stalling_officials"]) == 15
    assert len(planted["city_fighter_candidates"]) >= 2
    assert set(planted["city_fighter_candidates"]) <= set(planted["excellent_officials"])
    agencies = set(_read(demo_input, "agencies")["agency_id"])
    officials = set(_read(demo_input, "officials")["official_id"])
    assert set(planted["shifting_agencies"]) | set(planted["cap_exceeding_agencies"]) <= agencies
    for key in (
        "excellent_officials",
        "stalling_officials",
        "stalling_two_years_incomplete",
        "stalling_disciplined",
    ):
        assert planted[key] and set(planted[key]) <= officials, key
    assert not set(planted["excellent_officials"]) & set(planted["stalling_officials"])
    text = (demo_input / "manifest.json").read_text(encoding="utf-8")
    assert text.index('"as_of"') < text.index('"bad_rows"') < text.index('"files"')  # sorted keys


def test_planted_officials_stand_out(demo_input: Path, demo_manifest: dict) -> None:
    planted = demo_manifest["planted"]
    tasks = _good(demo_input, demo_manifest, "tasks")
    for c in ("assigned_on", "due_on", "completed_on"):
        tasks[c] = pd.to_datetime(tasks[c])
    ratings = _read(demo_input, "annual_ratings")
    for official in planted["excellent_officials"]:
        led = tasks[(tasks["lead_official_id"] == official) & (tasks["due_on"] <= AS_OF)]
        assert (led.groupby(led["due_on"].dt.year).size() >= 8).all()
        assert (led["completed_on"] <= led["due_on"]).all()
        assert (
            ratings.loc[ratings["official_id"] == official, "grade"] == "Hoàn thành xuất sắc nhiệm vụ"
        ).all()
    for official in planted["stalling_officials"]:
        led = tasks[(tasks["lead_official_id"] == official) & (tasks["due_on"] <= AS_OF)]
        late = led["completed_on"].isna() | (led["completed_on"] > led["due_on"])
        assert late.mean() > 0.5, official
        key_overdue = led[(led["is_key"] == "true") & led["completed_on"].isna()]
        assert (AS_OF - key_overdue["due_on"]).dt.days.max() > 30, official
    commendations = _read(demo_input, "commendations")
    initiatives = _read(demo_input, "initiatives")
    for official in planted["city_fighter_candidates"]:
        fighter = commendations[
            (commendations["official_id"] == official) & (commendations["title"] == "base_emulation_fighter")
        ]
        assert {str(DEMO_AS_OF.year - k) for k in (1, 2, 3)} <= set(fighter["year"])
        assert ((initiatives["official_id"] == official) & (initiatives["scope"] == "city")).any()


def test_planted_agencies_stand_out(demo_input: Path, demo_manifest: dict) -> None:
    planted = demo_manifest["planted"]
    tasks = _good(demo_input, demo_manifest, "tasks")
    events = _good(demo_input, demo_manifest, "task_events").merge(
        tasks[["task_id", "owner_agency_id"]], on="task_id"
    )
    own = events[(events["kind"] == "transfer") & (events["from_agency_id"] == events["owner_agency_id"])]
    rate = (own.groupby("owner_agency_id").size() / tasks.groupby("owner_agency_id").size()).fillna(0)
    top = set(rate.sort_values(ascending=False).index[: len(planted["shifting_agencies"])])
    assert top == set(planted["shifting_agencies"])

    officials = _read(demo_input, "officials").set_index("official_id")["agency_id"]
    ratings = _read(demo_input, "annual_ratings")
    last = ratings[ratings["year"] == str(planted["cap_exceeding_year"])]
    counts = last.groupby([last["official_id"].map(officials), "grade"]).size().unstack(fill_value=0)
    over = counts["Hoàn thành xuất sắc nhiệm vụ"] > counts["Hoàn thành tốt nhiệm vụ"] // 5
    assert set(counts.index[over]) == set(planted["cap_exceeding_agencies"])


def test_discipline_and_commendations_agree_with_grades(tiny: Path) -> None:
    ratings = _read(tiny, "annual_ratings").set_index(["official_id", "year"])["grade"]
    discipline = _read(tiny, "disciplinary_actions")
    discipline = discipline[
        discipline["form"].isin(["reprimand", "warning", "salary_reduction", "dismissal"])
    ]
    for official, decided in zip(discipline["official_id"], discipline["decided_on"], strict=True):
        grade = ratings.get((official, decided[:4]))
        assert grade in (None, "Không hoàn thành nhiệm vụ"), (official, decided)
    commendations = _read(tiny, "commendations")
    graded = [
        ratings.get((o, y)) for o, y in zip(commendations["official_id"], commendations["year"], strict=True)
    ]
    assert set(graded) <= {"Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"}


def test_every_form_and_violation_of_discipline_occurs(tiny: Path, demo_input: Path) -> None:
    forms = {"reprimand", "warning", "salary_reduction", "demotion", "removal", "dismissal"}
    violations = {"shirking", "delay", "harassment", "corruption", "other"}
    for folder in (tiny, demo_input):
        actions = _read(folder, "disciplinary_actions")
        assert forms <= set(actions["form"]), folder
        assert violations <= set(actions["violation"]), folder


def test_as_of_in_late_december_grades_the_current_year(tiny: Path) -> None:
    years = set(_read(tiny, "annual_ratings")["year"])
    assert {"2022", "2023", "2024", "2025"} <= years


@pytest.mark.parametrize("as_of", ["2024-01-02", "2030-06-15"])
def test_other_reference_dates_keep_the_rules(tmp_path: Path, as_of: str) -> None:
    day = dt.date.fromisoformat(as_of)
    manifest = generate(tmp_path, seed=3, scale="tiny", as_of=day)
    planted = manifest["planted"]
    tasks = _good(tmp_path, manifest, "tasks")
    assert pd.to_datetime(tasks["completed_on"]).max() <= pd.Timestamp(day)
    ratings = _good(tmp_path, manifest, "annual_ratings")
    assert set(ratings["year"]) == {str(day.year - k) for k in (1, 2, 3)}
    ratings["agency_id"] = ratings["official_id"].map(
        _read(tmp_path, "officials").set_index("official_id")["agency_id"]
    )
    counts = ratings.groupby(["year", "agency_id", "grade"]).size().unstack(fill_value=0)
    over = counts["Hoàn thành xuất sắc nhiệm vụ"] > counts["Hoàn thành tốt nhiệm vụ"] // 5
    expected = {(str(planted["cap_exceeding_year"]), a) for a in planted["cap_exceeding_agencies"]}
    assert set(counts.index[over]) == expected
    due = pd.to_datetime(tasks["due_on"])
    for official in planted["excellent_officials"]:
        mine = tasks["lead_official_id"].eq(official) & due.le(pd.Timestamp(day))
        assert due[mine].dt.year.value_counts().min() >= 8, official


def test_progress_is_reported_per_chunk(tiny: Path) -> None:
    agencies = len(_read(tiny, "agencies"))  # the 2023 map and what the 2025 reorganisation brought in
    assert sum(m.startswith("officials: agency") for m in TINY_PROGRESS) == agencies == 78
    assert sum(m.startswith("tasks: chunk") for m in TINY_PROGRESS) >= agencies - 1  # the city PC of Hải
    # Dương had too short a life in tiny's window for a task of its own


def test_unknown_scale_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        generate(tmp_path, scale="galactic")


def test_national_agencies_repeat_the_structure_per_province() -> None:
    agencies = load_agencies(63, seed=1)
    assert len(set(agencies.ids)) == len(agencies.ids)
    assert (agencies.kinds == "city").sum() == 63
    assert all("-" in a for a in agencies.ids)
    assert sum(a.startswith("HP-") for a in agencies.ids) == len(load_agencies(1, seed=1).ids)
