"""Grounds in words: the rule sets' codes (`review.low_on_time`, `tdkt152.*`, `grading_2020.cap_ratio`,
`commendation_2025_nd152`) never reach a screen; each is shown as its rule's description or its set's title,
with the article it rests on, read from pipelines/rules/*.toml (the same files the build applies).

`clean(text)` rewrites a generated sentence: "[review.low_on_time — Công điện 280/CĐ-TTg …]" becomes
"(căn cứ: Công điện 280/CĐ-TTg …)" and "Bộ quy tắc: commendation_2025_nd152." names the set by its title.
`show_candidate` / `show_review` lay out one row's full evidence, reasons and criteria.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import fmt, labels
from dashboard.i18n import lang, t
from dashboard.labels import label
from dashboard.links import plain

RULES_DIR = Path(__file__).resolve().parents[1] / "pipelines" / "rules"
_BRACKET = re.compile(r"\s*\[([A-Za-z0-9_]+\.[A-Za-z0-9_.]+)\s+—\s+([^\]]+)\]")
_CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*\.[a-z][a-z0-9_]*\b")


@dataclass(frozen=True)
class Rule:
    rule_id: str
    set_id: str
    description_vi: str
    description_en: str
    article: str


@dataclass(frozen=True)
class RuleSet:
    set_id: str
    title_vi: str
    title_en: str
    legal_basis: str


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Rule], dict[str, RuleSet]]:
    rules: dict[str, Rule] = {}
    sets: dict[str, RuleSet] = {}
    for path in sorted(RULES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        set_id = str(data["id"])
        sets[set_id] = RuleSet(
            set_id,
            str(data.get("title", set_id)),
            str(data.get("title_en", "")),
            str(data.get("legal_basis", "")),
        )
        for rule in data.get("rules", []):
            rules[str(rule["id"])] = Rule(
                str(rule["id"]),
                set_id,
                str(rule.get("description", "")),
                str(rule.get("description_en", "")),
                str(rule.get("article", "")),
            )
    return rules, sets


def rule_title(rule_id: object) -> str:
    """A rule's description in the current language (else its set's title); "" for none; never the code."""
    if rule_id is None or rule_id is pd.NA or (isinstance(rule_id, float) and rule_id != rule_id):
        return ""
    rules, sets = _index()
    rule = rules.get(str(rule_id))
    if rule is not None:
        return (
            rule.description_en if lang() == "en" and rule.description_en else rule.description_vi
        ).rstrip(".")
    return set_title(rule_id)


def set_title(set_id: object) -> str:
    """A rule set's title (its law) in the current language; an unknown code as "" (never shown raw)."""
    if set_id is None or set_id is pd.NA or (isinstance(set_id, float) and set_id != set_id):
        return ""
    rule_set = _index()[1].get(str(set_id))
    if rule_set is None:
        return ""
    return rule_set.title_en if lang() == "en" and rule_set.title_en else rule_set.title_vi


def clean(text: object) -> str:
    """A generated sentence without internal codes: bracketed "[code — article]" → "(căn cứ: article)", a rule
    set's id → its title, any other rule id → its description."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    rules, sets = _index()
    out = _BRACKET.sub(lambda m: f" ({t('grounds.basis', article=m.group(2).strip())})", str(text))
    for set_id in sets:
        out = out.replace(set_id, set_title(set_id))
    return _CODE.sub(lambda m: rule_title(m.group(0)) if m.group(0) in rules else m.group(0), out)


def cleaned(values: pd.Series) -> pd.Series:
    """clean() over a column of text or of lists (criteria): lists become one line "a; b"."""
    return values.map(lambda v: clean(fmt.joined(v))).astype("string")


def _bullets(items: object) -> None:
    texts = [clean(x) for x in fmt.as_list(items)] if not isinstance(items, str) else [clean(items)]
    for text in texts:
        if text:
            st.markdown(f"- {plain(text)}")


def show_candidate(row: pd.Series) -> None:
    """One candidate's grounds: the title proposed (or none), each criterion met and missed with its article,
    whether the result is provisional, and the rule set it was judged under."""
    title = label("commendation_title", row.get("proposed_title")) or t("commendation.no_title")
    provisional = bool(row.get("provisional")) if not pd.isna(row.get("provisional")) else False
    st.markdown(f"**{plain(t('col.proposed_title'))}:** {plain(title)}")
    if provisional:
        st.warning(t("grounds.provisional"), icon=":material/pending:")
    if not pd.isna(row.get("grade")):
        st.markdown(f"**{plain(t('col.grade'))}:** {plain(label('grade', row.get('grade')))}")
    else:
        st.caption(t("grounds.not_graded", year=row.get("year")))
    st.markdown(f"**{plain(t('col.criteria_met'))}**")
    _bullets(row.get("criteria_met"))
    st.markdown(f"**{plain(t('col.criteria_missed'))}**")
    _bullets(row.get("criteria_missed"))
    if set_title(row.get("rule_set_id")):
        st.caption(plain(t("grounds.rule_set", title=set_title(row.get("rule_set_id")))))
    if lang() == "en":
        st.caption(t("grounds.vietnamese_record"))


def show_review(row: pd.Series) -> None:
    """One review row's grounds: severity, each reason in full (with the records it rests on) and its
    article."""
    st.markdown(
        f"**{plain(t('col.severity'))}:** {plain(labels.code_label('severity', row.get('severity')))}"
    )
    for part in reason_parts(row.get("reasons")):
        st.markdown(f"- {plain(clean(part))}")
    if lang() == "en":
        st.caption(t("grounds.vietnamese_record"))


def reason_parts(reasons: object) -> list[str]:
    """A reasons sentence split into its reasons: each ends with its "[code — article]" bracket."""
    text = "" if reasons is None or (isinstance(reasons, float) and reasons != reasons) else str(reasons)
    return [part.strip() for part in re.split(r"(?<=\]);\s+", text) if part.strip()]


def note_vietnamese_records() -> None:
    """In English mode: says that the evidence, reasons and criteria below are the Vietnamese official
    records, shown as written (they are generated from Vietnamese legal texts and are not translated)."""
    if lang() == "en":
        st.caption(t("grounds.vietnamese_record"), help=None)
