"""Labels in the current language: coded values (`label(domain, code)`, `labels(domain)`, `labelled`,
`code_labelled`), people and agencies by name with their id, and the frame helpers that add those columns.

Computed domains (task_status, ...) use the "<domain>.<code>" strings of dashboard/i18n.py; enumerated
domains use the warehouse's `enum_terms` (dashboard/data.py), else the vocabulary the build ships with
(pipelines/vocab.py). This module sits above data and i18n, so neither of them imports the other.
"""

from __future__ import annotations

import pandas as pd

from dashboard import page_text as _page_text  # noqa: F401  (registers every page string into i18n)
from dashboard.data import enum_terms
from dashboard.i18n import STRINGS, lang, t
from pipelines.vocab import DOMAINS


def labels(domain: str) -> dict[str, str]:
    """code → label of one enumerated domain, in the current language (warehouse enum_terms, else vocab)."""
    english = lang() == "en"
    found = {code: pair[1 if english else 0] for (dom, code), pair in enum_terms().items() if dom == domain}
    if found:
        return found
    return {term.code: (term.en if english else term.vi) for term in DOMAINS.get(domain, ())}


def label(domain: str, code: object) -> str:
    """The label of a code: for domains computed by the marts (task_status, ...) the strings
    "<domain>.<code>" of dashboard/i18n.py, else the warehouse enum_terms."""
    if code is None or (isinstance(code, float) and code != code):
        return ""
    key = f"{domain}.{code}"
    if key in STRINGS["vi"]:
        return t(key)
    return labels(domain).get(str(code), str(code))


def person_label(name: object, official_id: object) -> str:
    """ "Nguyễn Văn An (O1)" — people are shown by name with their id, never by id alone."""
    if official_id is None or (isinstance(official_id, float) and official_id != official_id):
        return ""
    if name is None or (isinstance(name, float) and name != name) or str(name) == "":
        return f"({official_id})"
    return f"{name} ({official_id})"


def agency_label(name: object, agency_id: object) -> str:
    return person_label(name, agency_id)


def code_label(prefix: str, code: object) -> str:
    """The page string `<prefix>.<code>` (e.g. status.open_overdue), else the code itself: `label`, the one
    lookup of these keys."""
    return "" if code is pd.NA else label(prefix, code)


def labelled(values: pd.Series, domain: str) -> pd.Series:
    """Codes of one enumerated domain → their labels in the current language (one lookup table per call)."""
    table = labels(domain)
    return values.map(lambda code: "" if pd.isna(code) else table.get(str(code), str(code))).astype("string")


def code_labelled(values: pd.Series, prefix: str) -> pd.Series:
    """Codes → page strings `<prefix>.<code>` (see code_label)."""
    table = {code: code_label(prefix, code) for code in values.dropna().unique()}
    return values.map(lambda code: "" if pd.isna(code) else table[code]).astype("string")


def left_labels(has_left: pd.Series) -> pd.Series:
    """ "đã nghỉ / đã chuyển công tác" where an official has left (official_service.has_left), else ""."""
    text = t("ui.has_left")
    return has_left.map(lambda v: text if v is True or v == 1 else "").astype("string")


def with_agency_label(df: pd.DataFrame, *, id_col: str, name_col: str, out: str) -> pd.DataFrame:

    df[out] = [agency_label(name, aid) for name, aid in zip(df[name_col], df[id_col], strict=True)]
    return df


def with_person_label(
    df: pd.DataFrame, *, id_col: str = "official_id", name_col: str = "full_name", out: str = "official"
) -> pd.DataFrame:

    df[out] = [person_label(name, oid) for name, oid in zip(df[name_col], df[id_col], strict=True)]
    return df
