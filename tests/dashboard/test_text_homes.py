"""One home per kind of text: page strings in dashboard/page_text.py (no page registers its own), the
shifting-flag kinds' labels in pipelines/vocab.py (read by the marts through enum_terms and by the pages),
and one lookup of the `<domain>.<code>` keys (labels.label; labels.code_label is that lookup)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard import i18n, labels, page_text
from pipelines.vocab import DOMAINS
from tests.builders import query

PAGES_DIR = Path(__file__).resolve().parents[2] / "dashboard" / "app_pages"


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PAGES_DIR.parent.rglob("*.py")) if p.name not in ("page_text.py", "i18n.py")],
    ids=lambda p: str(p.relative_to(PAGES_DIR.parent)),
)
def test_no_module_but_page_text_registers_strings(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) == "register"
    ]
    assert calls == []


def test_the_moved_page_strings_are_in_page_text_in_both_languages() -> None:
    for key in ("overview.current", "dq.builds", "audit.none"):
        prefix = key.split(".")[0]
        assert any(k.startswith(prefix + ".") for k in page_text.VI), key
    assert set(page_text.VI) == set(page_text.EN)


def test_flag_kind_labels_have_one_home(demo_warehouse: Path) -> None:
    kinds = query(demo_warehouse, "select kind, label_vi, label_en from shifting_flag_kinds order by kind")
    vocab = {t.code: (t.vi, t.en) for t in DOMAINS["shifting_flag_kind"]}
    assert {r["kind"]: (r["label_vi"], r["label_en"]) for r in kinds} == vocab
    for code, (vi, en) in vocab.items():
        assert page_text.VI[f"flag.{code}"] == vi and page_text.EN[f"flag.{code}"] == en
    flagged = query(demo_warehouse, "select kind, kind_label_vi from shifting_flags group by all")
    assert flagged and all(vocab[r["kind"]][0] == r["kind_label_vi"] for r in flagged)


@pytest.mark.parametrize(
    ("prefix", "code"),
    [
        ("status", "open_overdue"),
        ("flag", "ping_pong"),
        ("severity", "high"),
        ("status", "no_such_code"),
        ("grade", "good"),
    ],
)
def test_code_label_is_the_one_lookup(prefix: str, code: str) -> None:
    for language in ("vi", "en"):
        with i18n.language(language):
            assert labels.code_label(prefix, code) == labels.label(prefix, code)
    assert labels.code_label("status", None) == ""


DASHBOARD_DIR = PAGES_DIR.parent


def _literal_keys(path: Path) -> set[str]:
    """The string keys a module passes to t("…") literally."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "t"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


@pytest.mark.parametrize(
    "path", sorted(DASHBOARD_DIR.rglob("*.py")), ids=lambda p: str(p.relative_to(DASHBOARD_DIR))
)
def test_every_literal_text_key_exists_in_both_languages(path: Path) -> None:
    # t() shows a missing key as the key itself ("risk.caption" on screen): a typo must fail here instead
    missing = sorted(
        k for k in _literal_keys(path) if k not in i18n.STRINGS["vi"] or k not in i18n.STRINGS["en"]
    )
    assert missing == []


def test_no_one_off_bilingual_strings_outside_page_text() -> None:
    # tr("vi", "en") was a second home for page text; it is gone, and stays gone
    assert not hasattr(i18n, "tr")
    offenders = [
        str(path.relative_to(DASHBOARD_DIR))
        for path in sorted(DASHBOARD_DIR.rglob("*.py"))
        if any(
            isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert offenders == []
