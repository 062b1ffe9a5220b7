"""Reference table `response_phrases`: the Vietnamese phrases that mark a consultation answer as
generic (chung chung) or deflecting (đùn đẩy, né tránh), and the phrases of a specific comment
(`specific`: "đề nghị bổ sung …", "tại khoản …") that keep an answer from counting as generic.

The list is data (pipelines/data/response_phrases.csv: phrase, classification, note), so a reviewer
can read exactly which words decide a classification and the office can extend it without code.
The matching itself (normalised text, whole words, longest phrase first) is in the model
sql/marts/consultation_responses.sql.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import Any

PHRASES_FILE = Path(__file__).resolve().parents[1] / "data" / "response_phrases.csv"
CLASSIFICATIONS = ("generic", "deflect", "specific")


class PhraseListError(ValueError):
    """The phrase list is not usable: a row without a phrase or with an unknown classification."""


def read_phrases(path: Path = PHRASES_FILE) -> list[tuple[str, str, str]]:
    """(phrase in NFC, classification, note) for every row of the list, refusing malformed rows."""
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for line_number, row in enumerate(csv.DictReader(f), start=2):
            phrase = unicodedata.normalize("NFC", (row.get("phrase") or "").strip())
            classification = (row.get("classification") or "").strip().lower()
            if not phrase or classification not in CLASSIFICATIONS:
                raise PhraseListError(
                    f"{path.name}, dòng {line_number}: cần cụm từ và phân loại generic|deflect|specific "
                    f"(need a phrase and a classification generic|deflect|specific): {row}"
                )
            rows.append((phrase, classification, (row.get("note") or "").strip()))
    return rows


def prepare(con: Any, ctx: Any) -> None:
    con.execute(
        "create or replace table response_phrases "
        "(phrase varchar not null, classification varchar not null, note varchar, source_row integer)"
    )
    rows = read_phrases()
    con.executemany(
        "insert into response_phrases values (?, ?, ?, ?)",
        [(phrase, classification, note, i) for i, (phrase, classification, note) in enumerate(rows, start=2)],
    )
