"""Vietnamese full names: family name, middle name(s) by gender, given name.

Family-name shares follow published surveys (Nguyễn ≈ 38%), leaning northern as Hải Phòng does
(Vũ before Võ, Hoàng before Huỳnh).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from .common import choice, join, pick


def _nfc(words: list[str]) -> list[str]:
    return [unicodedata.normalize("NFC", w) for w in words]


_FAMILY = [
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.5),
    ("Hoàng", 4.0),
    ("Vũ", 3.2),
    ("Phan", 3.0),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 2.0),
    ("Ngô", 1.3),
    ("Hồ", 1.1),
    ("Huỳnh", 1.0),
    ("Võ", 1.0),
    ("Dương", 1.0),
    ("Đào", 1.0),
    ("Đinh", 0.8),
    ("Đoàn", 0.8),
    ("Trịnh", 0.8),
    ("Trương", 0.7),
    ("Lý", 0.5),
    ("Lương", 0.5),
    ("Mai", 0.5),
    ("Hà", 0.5),
    ("Lưu", 0.4),
    ("Cao", 0.4),
    ("Tô", 0.3),
    ("Tạ", 0.3),
    ("Phùng", 0.3),
    ("Chu", 0.3),
    ("Lâm", 0.3),
    ("Vương", 0.2),
    ("Quách", 0.2),
    ("Kiều", 0.2),
    ("Nghiêm", 0.1),
]
_MIDDLE_MALE = [
    ("Văn", 28),
    ("Đức", 8),
    ("Minh", 8),
    ("Hữu", 6),
    ("Quang", 6),
    ("Đình", 5),
    ("Thanh", 5),
    ("Công", 4),
    ("Xuân", 4),
    ("Quốc", 4),
    ("Mạnh", 3),
    ("Duy", 3),
    ("Tiến", 3),
    ("Trọng", 3),
    ("Ngọc", 3),
    ("Việt", 3),
    ("Thế", 3),
    ("Anh", 2),
    ("Hoàng", 2),
    ("Tuấn", 2),
    ("Bá", 2),
    ("Huy", 1),
]
_MIDDLE_FEMALE = [
    ("Thị", 45),
    ("Thu", 7),
    ("Ngọc", 6),
    ("Thanh", 6),
    ("Minh", 4),
    ("Hồng", 4),
    ("Phương", 3),
    ("Kim", 3),
    ("Thúy", 3),
    ("Diệu", 2),
    ("Bích", 2),
    ("Hải", 2),
    ("Lan", 2),
    ("Mai", 2),
    ("Khánh", 2),
    ("Quỳnh", 2),
    ("Hoài", 2),
    ("Thùy", 2),
    ("Vân", 1),
    ("Tuyết", 1),
]
_GIVEN_MALE = _nfc(
    [
        "Anh",
        "Hùng",
        "Dũng",
        "Tuấn",
        "Minh",
        "Hải",
        "Nam",
        "Long",
        "Thắng",
        "Cường",
        "Đức",
        "Hiếu",
        "Trung",
        "Quân",
        "Sơn",
        "Tùng",
        "Huy",
        "Khoa",
        "Bình",
        "Phong",
        "Thành",
        "Toàn",
        "Hưng",
        "Kiên",
        "Lâm",
        "Vinh",
        "Việt",
        "Quang",
        "Tiến",
        "Đạt",
        "Khánh",
        "Hoàng",
        "Phúc",
        "Thịnh",
        "Tâm",
        "Hòa",
        "Lộc",
        "Nghĩa",
        "Chiến",
        "Tú",
    ]
)
_GIVEN_FEMALE = _nfc(
    [
        "Hương",
        "Lan",
        "Hà",
        "Trang",
        "Linh",
        "Thảo",
        "Ngọc",
        "Huyền",
        "Hạnh",
        "Mai",
        "Phương",
        "Thủy",
        "Nga",
        "Hằng",
        "Yến",
        "Dung",
        "Hoa",
        "Nhung",
        "Loan",
        "Vân",
        "Anh",
        "Thu",
        "Oanh",
        "Giang",
        "Hiền",
        "Chi",
        "Quỳnh",
        "Nhàn",
        "Tâm",
        "Liên",
        "Hòa",
        "Thư",
        "Duyên",
        "Ly",
        "Nhi",
        "Uyên",
        "Hồng",
        "Hậu",
        "Tuyết",
        "Châu",
    ]
)
# The 'Thị' + second middle name pattern ("Nguyễn Thị Thu Hà").
_SECOND_MIDDLE_FEMALE = _nfc(
    ["Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Phương", "Kim", "Bích", "Mai", "Lan", "Hải", "Thúy"]
)


def _pool(pairs: Sequence[tuple[str, float]]) -> tuple[list[str], list[float]]:
    return _nfc([w for w, _ in pairs]), [p for _, p in pairs]


FAMILY, FAMILY_W = _pool(_FAMILY)
MIDDLE_M, MIDDLE_M_W = _pool(_MIDDLE_MALE)
MIDDLE_F, MIDDLE_F_W = _pool(_MIDDLE_FEMALE)


def full_names(rng: np.random.Generator, female: np.ndarray) -> pa.Array:
    """One full name per element of `female` (bool array), e.g. 'Trần Thị Thu Hương', 'Lê Văn Hùng'."""
    n = len(female)
    family = pick(FAMILY, choice(rng, n, FAMILY_W))
    mid_m = choice(rng, n, MIDDLE_M_W)
    mid_f = choice(rng, n, MIDDLE_F_W)
    middle_words = np.where(
        female, np.array(MIDDLE_F, dtype=object)[mid_f], np.array(MIDDLE_M, dtype=object)[mid_m]
    )
    given_m = rng.integers(0, len(_GIVEN_MALE), n)
    given_f = rng.integers(0, len(_GIVEN_FEMALE), n)
    given_words = np.where(
        female, np.array(_GIVEN_FEMALE, dtype=object)[given_f], np.array(_GIVEN_MALE, dtype=object)[given_m]
    )
    # 'Minh Minh' and the like do not occur: take the next given name in the list instead.
    clash = middle_words == given_words
    if clash.any():
        given_words[clash & female] = np.array(_GIVEN_FEMALE, dtype=object)[
            (given_f[clash & female] + 1) % len(_GIVEN_FEMALE)
        ]
        given_words[clash & ~female] = np.array(_GIVEN_MALE, dtype=object)[
            (given_m[clash & ~female] + 1) % len(_GIVEN_MALE)
        ]
    second = female & (middle_words == "Thị") & (rng.random(n) < 0.25)
    second_words = np.array(_SECOND_MIDDLE_FEMALE, dtype=object)[
        rng.integers(0, len(_SECOND_MIDDLE_FEMALE), n)
    ]
    second_words = np.where(second & (second_words != given_words), " " + second_words, "")
    middle = pa.array(middle_words + second_words, type=pa.string())
    return join(family, middle, pa.array(given_words, type=pa.string()), sep=" ")
