"""The fast paths of validation give exactly what the full rules give, value for value.

parse_date/parse_timestamp try the two usual shapes first, enumerations recognise a bare code without
normalising it, and nfc() skips texts that are already NFC. Each is compared here with the
slow, general form on values chosen to sit on the edges of the shortcuts.
"""

from __future__ import annotations

import random
import unicodedata

import duckdb
import pytest

from pipelines.build import SQL_DIR
from pipelines.sources import ENUM, SOURCES
from pipelines.validate import _enum_expr, _Params, create_text_macros
from pipelines.vocab import DOMAINS, label_rows

DATES = [
    "2023-05-04",
    "04/05/2023",
    "4/5/2023",
    "31/12/2023",
    "2023-02-30",
    "30/02/2023",
    "2023-5-4",
    "04-05-2023",
    "04.05.2023",
    "2023-05-04 10:30",
    "2023-05-04 10:30:15",
    "2023-05-04T10:30:00",
    "04/05/2023 10:30",
    "04/05/2023 10:30:15",
    "04/05/23",
    "0000-00-00",
    "9999-12-31",
    "20230504",
    "2023/05/04",
    "abc",
    "",
    "12/13/2023",
    "29/02/2024",
    "29/02/2023",
    "2024-02-29",
    "1/1/0001",
]


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    # the macros that read the build's own tables need them to exist, empty is enough here
    connection.execute("create table settings (key varchar, value varchar, origin varchar)")
    connection.execute("create table build_params (as_of date, evaluation_year integer, input_dir varchar)")
    connection.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    create_text_macros(connection)
    yield connection
    connection.close()


def _pairs(con, fast: str, full: str, values: list[str]) -> list[tuple]:
    return con.execute(
        f"select x, {fast}(x), {full}(x) from unnest($values::varchar[]) as t(x)", {"values": values}
    ).fetchall()


@pytest.mark.parametrize(
    ("fast", "full"), [("parse_date", "parse_date_any"), ("parse_timestamp", "parse_timestamp_any")]
)
def test_date_fast_path_agrees_with_every_format(con, fast, full):
    rows = _pairs(con, fast, full, DATES)
    assert [(x, a) for x, a, b in rows if a != b or (a is None) != (b is None)] == []
    parsed = {x: a for x, a, _ in rows}
    assert str(parsed["4/5/2023"])[:10] == "2023-05-04"  # day first, one digit
    assert parsed["2023-02-30"] is None and parsed["30/02/2023"] is None


def test_enumerations_accept_codes_and_labels_as_before(con):
    for domain, terms in DOMAINS.items():
        spellings = [s for d, s, _ in label_rows() if d == domain]
        values = [t.code for t in terms] + spellings + [s.upper() for s in spellings]
        values += [f"  {t.vi.upper()}  " for t in terms] + [t.vi.replace(" ", "   ") for t in terms]
        values += ["không có", "", "x y z"]
        params = _Params(as_of=None)
        expr = _enum_expr("x", domain, params)
        got = con.execute(
            f"select x, {expr} from unnest($values::varchar[]) as t(x)",
            {"values": values, **{k: v for k, v in params.values.items() if k != "as_of"}},
        ).fetchall()
        expected = dict((s, c) for d, s, c in label_rows() if d == domain)
        for value, code in got:
            key = " ".join(value.lower().split())
            assert code == expected.get(key), (domain, value, code)


def test_every_enumerated_column_has_its_codes_as_spellings():
    """The shortcut `value is a code → the code` holds only if each code is a spelling of itself."""
    for source in SOURCES:
        for column in source.columns:
            if column.kind == ENUM:
                codes = {(s, c) for d, s, c in label_rows() if d == column.domain and s == c}
                assert {t.code for t in DOMAINS[column.domain]} == {s for s, _ in codes}


def test_nfc_shortcut_agrees_with_nfc_normalize(con):
    nfd = unicodedata.normalize("NFD", "Xử lý kiến nghị của cử tri về Đường 5")
    rng = random.Random(6)
    pool = [chr(c) for c in range(0x20, 0x2000)] + ["\u212b", "\u2126", "\uf900", "\u0344", "\uac00\u11a8"]
    samples = ["Báo cáo quý IV", nfd, "e\u0301", "Ångström \u212b", "plain ascii", " "]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 12))) for _ in range(5000)]
    rows = con.execute(
        "select x, nfc(x) = nfc_normalize(x) from unnest($values::varchar[]) as t(x)", {"values": samples}
    ).fetchall()
    assert [x for x, same in rows if not same] == []
    assert con.execute("select nfc($t)", {"t": nfd}).fetchone()[0] == unicodedata.normalize("NFC", nfd)


def test_clean_text_is_trim_of_nfc_and_null_when_empty(con):
    rng = random.Random(7)
    pool = [" ", " ", "\u00a0", "\u3000", "\t", "a", "Z", "1", "-", "đ", "ễ", "e\u0301", "\u212b", "\n"]
    samples = [
        "",
        " ",
        "  x  ",
        "\u00a0Sở\u00a0",
        "\tSXD",
        "SXD ",
        " SXD",
        unicodedata.normalize("NFD", " Hà Nội "),
    ]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 6))) for _ in range(5000)]
    rows = con.execute(
        "select x, clean_text(x), nullif(trim(nfc_normalize(x)), '') from unnest($values::varchar[]) as t(x)",
        {"values": samples},
    ).fetchall()
    assert [x for x, fast, full in rows if fast != full] == []
