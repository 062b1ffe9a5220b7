"""Labels of coded values: `label(domain, code)` and `labels(domain)` in the current language.

Computed domains (task_status, ...) use the "<domain>.<code>" strings of dashboard/i18n.py; enumerated
domains use the warehouse's `enum_terms` (dashboard/data.py), else the vocabulary the build ships with
(pipelines/vocab.py). This module sits above data and i18n, so neither of them imports the other.
"""

from __future__ import annotations

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
