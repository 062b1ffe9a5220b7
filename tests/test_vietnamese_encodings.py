"""The one heuristic for 8-bit Vietnamese files (build readers and event-log import) and the TCVN3 table."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from pipelines.vietnamese_encodings import TCVN3, VNI, WINDOWS_1258, detect_vietnamese_encoding
from tests.test_bad_inputs import TCVN3_OFFICIALS, VNI_OFFICIALS, _windows_1258

NAMES = "O1,Trần Thị Mai\nO2,Nguyễn Văn Hưởng\nO3,Lê Đức Thắng\nO4,Phạm Thu Dung\nO5,Hoàng Văn Em\n"


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (_windows_1258(NAMES), WINDOWS_1258),
        (TCVN3_OFFICIALS, TCVN3),
        (VNI_OFFICIALS, VNI),
        ("a,Café Müller,Jüri Ääsmäe\n".encode("latin-1"), None),
        ("a,Crème brûlée,Señor\n".encode("cp1252"), None),
    ],
    ids=["windows-1258", "tcvn3", "vni", "latin-1", "cp1252"],
)
def test_detects_the_encoding_a_sample_reads_as_vietnamese_in(sample: bytes, expected: str | None) -> None:
    assert detect_vietnamese_encoding(sample) == expected


def test_tcvn3_round_trip_of_every_vietnamese_letter() -> None:
    letters = (
        "".join(
            unicodedata.normalize("NFC", base + tone)
            for base in "aăâeêioôơuưy"
            for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
        )
        + "đ"
    )
    assert letters.encode(TCVN3).decode(TCVN3) == letters
    assert all(b >= 0x80 for ch in letters if not ch.isascii() for b in ch.encode(TCVN3))


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv")
def test_tcvn3_table_agrees_with_glibc_iconv() -> None:
    high = bytes(range(0x80, 0x100))
    done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=high, capture_output=True)
    if done.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    assert high.decode(TCVN3) == done.stdout.decode("utf-8")


def test_the_event_log_importer_uses_the_same_heuristic(tmp_path) -> None:
    from pipelines.eventlog.logfile import EventLogError, open_log

    tcvn3 = tmp_path / "log_tcvn3.csv"
    tcvn3.write_bytes(TCVN3_OFFICIALS)
    reader = open_log(tcvn3)
    assert reader.encoding == TCVN3
    names = [row[1] for row in reader.rows(["official_id", "full_name"])]
    assert names[0] == "Trần Thị Mai" and names[2] == "Lê Đức Thắng"
    vni = tmp_path / "log_vni.csv"
    vni.write_bytes(VNI_OFFICIALS)
    with pytest.raises(EventLogError, match="VNI"):
        open_log(vni)
