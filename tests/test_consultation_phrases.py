"""Consultation answers given only in words: the phrase list (data) and its matching (SQL)."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from pipelines.prepare.response_phrases import PHRASES_FILE, PhraseListError, read_phrases
from tests.builders import TASK_HEADER, build_warehouse, query

# (response_text, expected classification, expected matched phrase); response left blank
CASES = {
    "P01": ("Cơ bản thống nhất với dự thảo.", "generic", "cơ bản thống nhất"),
    "P02": ("KHÔNG CÓ Ý KIẾN.", "generic", "không có ý kiến"),
    # the longest phrase wins: "không có ý kiến bổ sung" over "không có ý kiến"
    "P03": ("Thống nhất, không có ý kiến bổ sung.", "generic", "không có ý kiến bổ sung"),
    "P04": (
        "Nhất trí về chủ trương, đề nghị cơ quan chủ trì hoàn thiện theo quy định.",
        "generic",
        "nhất trí về chủ trương",
    ),
    "P05": (
        "Đề nghị cơ quan chủ trì xem xét theo thẩm quyền.",
        "deflect",
        "đề nghị cơ quan chủ trì xem xét theo thẩm quyền",
    ),
    # punctuation between words does not hide a phrase
    "P06": (
        "Nội dung không thuộc chức năng, nhiệm vụ của đơn vị.",
        "deflect",
        "không thuộc chức năng nhiệm vụ",
    ),
    "P07": (
        "Việc này thuộc thẩm quyền của UBND cấp huyện, đề nghị liên hệ để được hướng dẫn.",
        "deflect",
        "đề nghị liên hệ",
    ),
    # decomposed (NFD) text, as some exports write it, still matches
    "P08": (unicodedata.normalize("NFD", "Cơ bản nhất trí."), "generic", "cơ bản nhất trí"),
    # a negated phrase is a disagreement, not a generic yes
    "P09": ("Không nhất trí về chủ trương vì trái quy hoạch.", None, None),
    # a generic opening followed by a concrete comment is not generic
    "P10": ("Cơ bản thống nhất; đề nghị bổ sung nguồn kinh phí tại mục III.", None, None),
    # a deflection counts whatever else the text says
    "P11": (
        "Không thuộc thẩm quyền; đề nghị bổ sung hồ sơ rồi gửi cơ quan khác.",
        "deflect",
        "không thuộc thẩm quyền",
    ),
    # plain agreement is an answer, not a generic one (the phrase list leaves it unclassified)
    "P12": ("Thống nhất với phương án đề xuất.", None, None),
    "P13": ("   ", None, None),
}

CONSULTATION_HEADER = (
    "consultation_id,task_id,requesting_agency_id,consulted_agency_id,sent_on,deadline_on,responded_on,"
    "response,response_text"
)


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [
        f"{cid},T1,SXD,STC,2023-05-02,2023-05-12,2023-05-04,,{_csv_field(text)}"
        for cid, (text, _, _) in CASES.items()
    ]
    # the file's own response always wins over the text
    rows.append("F1,T1,SXD,STC,2023-05-02,2023-05-12,2023-05-04,agree,Cơ bản thống nhất.")
    consultations = CONSULTATION_HEADER + "\n" + "\n".join(rows) + "\n"
    tasks = TASK_HEADER + "\nT1,Đề án A,city_pc,SXD,O1,agency,2023-03-01,2023-12-31,,false\n"
    return build_warehouse(
        tmp_path_factory.mktemp("phrases"), {"tasks": tasks, "consultations": consultations}
    )


@pytest.mark.parametrize("consultation_id", sorted(CASES))
def test_text_classification(db: Path, consultation_id: str) -> None:
    _, classification, phrase = CASES[consultation_id]
    (row,) = query(
        db, "select * from consultation_responses where consultation_id = $id", {"id": consultation_id}
    )
    assert (row["classified_response"], row["matched_phrase"]) == (classification, phrase)
    assert row["classified_by"] == ("phrase" if classification else None)
    (status,) = query(
        db,
        "select effective_response, response from consultation_status where consultation_id = $id",
        {"id": consultation_id},
    )
    assert status == {"effective_response": classification, "response": None}
    evasive = query(
        db,
        "select evidence from shifting_flags where flag_id like $f || ':%'",
        {"f": f"consultation_evasive:{consultation_id}"},
    )
    assert len(evasive) == (1 if classification else 0)
    if classification:
        assert f"«{phrase}»" in evasive[0]["evidence"]


def test_specific_comment_is_shown_when_it_overrules_a_generic_phrase(db: Path) -> None:
    (row,) = query(db, "select specific_phrase from consultation_responses where consultation_id = 'P10'")
    assert row["specific_phrase"] == "đề nghị bổ sung"


def test_the_file_response_wins_over_the_text(db: Path) -> None:
    (row,) = query(db, "select * from consultation_responses where consultation_id = 'F1'")
    assert (row["classified_response"], row["classified_by"], row["matched_phrase"]) == (
        "agree",
        "file",
        None,
    )


def test_phrase_table_is_loaded_from_the_shipped_list(db: Path) -> None:
    (row,) = query(db, "select count(*) as n, count(distinct classification) as kinds from response_phrases")
    assert row == {"n": len(read_phrases()), "kinds": 3}


def test_shipped_list_is_well_formed() -> None:
    with PHRASES_FILE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [*rows[0]] == ["phrase", "classification", "note"]
    phrases = [r["phrase"] for r in rows]
    assert len(phrases) == len({p.casefold() for p in phrases}), "duplicate phrase"
    assert all(p == unicodedata.normalize("NFC", p) and p == p.strip().lower() for p in phrases)
    assert all(r["note"].strip() for r in rows), "every phrase says why it is there"
    counts = {c: sum(r["classification"] == c for r in rows) for c in ("generic", "deflect", "specific")}
    assert counts["generic"] >= 5 and counts["deflect"] >= 5 and sum(counts.values()) == len(rows)


def test_a_malformed_list_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "phrases.csv"
    bad.write_text("phrase,classification,note\ncơ bản thống nhất,vague,\n", encoding="utf-8")
    with pytest.raises(PhraseListError, match="dòng 2"):
        read_phrases(bad)
