"""Which 8-bit Vietnamese encoding a file that is not UTF-8 is in: Windows-1258, TCVN3 (ABC) or VNI.

Older office files in Vietnam come in three 8-bit encodings. Decoded with the wrong one they turn
into mojibake that still looks like text ("TrÇn Th̃ Mai" is TCVN3 read as Windows-1258), so the
choice is made by decoding a sample each way and keeping the one whose words are Vietnamese:

- Windows-1258 and TCVN3 are decoded (TCVN3 is registered here as the codec "tcvn3": one fixed
  table of 128 characters, TCVN 5712:1993, whose lower part is TCVN3/ABC);
- VNI writes a letter and its marks as two bytes ("Traàn" for "Trần"); it is recognised, and a reader
  refuses it by name.

`detect_vietnamese_encoding(sample)` is the one heuristic used by the build's readers and by the
event-log importer.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer  # what codecs passes a decoder (bytes, bytearray, memoryview)
import re
import unicodedata

TCVN3, VNI, WINDOWS_1258 = "tcvn3", "vni", "cp1258"

# TCVN 5712:1993 (VN1) bytes 0x80-0xFF; TCVN3 (ABC) uses the same codes for every letter it has.
# Bytes below 0x80 are ASCII: the VN1 letters on control codes never occur in a CSV of TCVN3 text.
_TCVN3_HIGH = (
    "\xc0\u1ea2\xc3\xc1\u1ea0\u1eb6\u1eac\xc8\u1eba\u1ebc\xc9\u1eb8\u1ec6\xcc\u1ec8\u0128"
    "\xcd\u1eca\xd2\u1ece\xd5\xd3\u1ecc\u1ed8\u1edc\u1ede\u1ee0\u1eda\u1ee2\xd9\u1ee6\u0168"
    "\xa0\u0102\xc2\xca\xd4\u01a0\u01af\u0110\u0103\xe2\xea\xf4\u01a1\u01b0\u0111\u1eb0"
    "\u0300\u0309\u0303\u0301\u0323\xe0\u1ea3\xe3\xe1\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf\u1eb4"
    "\u1eae\u1ea6\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7\u1ea9\u1eab\u1ea5\u1ead\xe8\u1ec2\u1ebb\u1ebd"
    "\xe9\u1eb9\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\xec\u1ec9\u1ec4\u1ebe\u1ed2\u0129\xed\u1ecb\xf2"
    "\u1ed4\u1ecf\xf5\xf3\u1ecd\u1ed3\u1ed5\u1ed7\u1ed1\u1ed9\u1edd\u1edf\u1ee1\u1edb\u1ee3\xf9"
    "\u1ed6\u1ee7\u0169\xfa\u1ee5\u1eeb\u1eed\u1eef\u1ee9\u1ef1\u1ef3\u1ef7\u1ef9\xfd\u1ef5\u1ed0"
)
_TCVN3_DECODING = "".join(chr(i) for i in range(128)) + _TCVN3_HIGH
_TCVN3_ENCODING = codecs.charmap_build(_TCVN3_DECODING)


class _Tcvn3Codec(codecs.Codec):
    def encode(self, text: str, errors: str = "strict") -> tuple[bytes, int]:
        return codecs.charmap_encode(text, errors, _TCVN3_ENCODING)

    def decode(self, data: Buffer, errors: str = "strict") -> tuple[str, int]:  # type: ignore[override]
        return codecs.charmap_decode(data, errors, _TCVN3_DECODING)


class _Tcvn3IncrementalDecoder(codecs.IncrementalDecoder):
    def decode(self, data: bytes, final: bool = False) -> str:  # type: ignore[override]
        return codecs.charmap_decode(data, self.errors, _TCVN3_DECODING)[0]


class _Tcvn3IncrementalEncoder(codecs.IncrementalEncoder):
    def encode(self, text: str, final: bool = False) -> bytes:
        return codecs.charmap_encode(text, self.errors, _TCVN3_ENCODING)[0]


class _Tcvn3StreamReader(_Tcvn3Codec, codecs.StreamReader):
    pass


class _Tcvn3StreamWriter(_Tcvn3Codec, codecs.StreamWriter):
    pass


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "").replace("_", "").lower() not in ("tcvn3", "abc"):
        return None
    return codecs.CodecInfo(
        name=TCVN3,
        encode=_Tcvn3Codec().encode,
        decode=_Tcvn3Codec().decode,  # type: ignore[arg-type]  # typeshed wants any buffer, not bytes
        incrementalencoder=_Tcvn3IncrementalEncoder,
        incrementaldecoder=_Tcvn3IncrementalDecoder,
        streamreader=_Tcvn3StreamReader,
        streamwriter=_Tcvn3StreamWriter,
    )


codecs.register(_search)

# The 134 letters of Vietnamese (precomposed, both cases) and the letters among them that Western
# 8-bit text never has. A word that is one syllable, with at most one tone, reads as Vietnamese.
_BASES = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
VIETNAMESE_LETTERS = (
    {unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES} | set(_BASES) | set("đĐ")
)
_VOWELS = "".join(sorted(VIETNAMESE_LETTERS - set("đĐ")))
# One written syllable: initial consonant(s), one to three vowels, final consonant(s) ("Nguyễn", "Thắng").
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?[{_VOWELS}]{{1,3}}(?:ch|ng|nh|[cmnpt])?",
    re.IGNORECASE,
)
_LATIN_1_LETTERS = {chr(c) for c in range(0xC0, 0x100)}
_SPECIFIC = VIETNAMESE_LETTERS - _LATIN_1_LETTERS
_WORD = re.compile(r"[^\W\d_]+")
# VNI: a vowel followed by a byte carrying its marks, or ơ ư đ (Ơ Ư Đ) written as ô ö ñ (Ô Ö Ñ).
_VNI_STANDALONE = set(b"\xf4\xf6\xf1\xd4\xd6\xd1")
_VNI_AFTER = set(b"aeiouyAEIOUY") | _VNI_STANDALONE


def _tone_count(word: str) -> int:
    return sum(ch in _TONES for ch in unicodedata.normalize("NFD", word))


def _vietnamese_score(text: str) -> tuple[float, float]:
    """(share of the non-ASCII words that are Vietnamese, share of them with a letter only Vietnamese has)."""
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    if not words:
        return 0.0, 0.0
    plausible = [w for w in words if _SYLLABLE.fullmatch(w) and _tone_count(w) <= 1]
    specific = sum(any(ch in _SPECIFIC for ch in w) for w in plausible)
    return len(plausible) / len(words), specific / len(words)


def _vni_share(sample: bytes) -> float:
    """Share of the bytes above 127 that sit where VNI puts them (after a vowel, or ơ ư đ themselves)."""
    high = [i for i, b in enumerate(sample) if b > 127]
    if not high:
        return 0.0
    fitting = sum(sample[i] in _VNI_STANDALONE or (i > 0 and sample[i - 1] in _VNI_AFTER) for i in high)
    return fitting / len(high)


def detect_vietnamese_encoding(sample: bytes) -> str | None:
    """ "cp1258", "tcvn3" or "vni" when `sample` (bytes that are not UTF-8) reads as Vietnamese in it.

    None when it does not read as Vietnamese in any of them (Latin-1 "Café" is not taken for Windows-1258).
    """
    best: tuple[float, str] | None = None
    for encoding in (WINDOWS_1258, TCVN3):
        plausible, specific = _vietnamese_score(sample.decode(encoding, errors="replace"))
        if plausible >= 0.8 and specific >= 0.2 and (best is None or plausible > best[0]):
            best = (plausible, encoding)
    if best is not None:
        return best[1]
    if _vni_share(sample) >= 0.9:
        as_text = sample.decode("cp1252", errors="replace")
        if any(not w.isascii() for w in _WORD.findall(as_text)):
            return VNI
    return None
