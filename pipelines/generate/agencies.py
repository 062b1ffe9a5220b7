"""The agencies: Hải Phòng's reference list, or one such structure for each of 63 provinces."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .common import AGENCIES, rng_for

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference" / "haiphong_agencies_2023.csv"
KINDS = ("city", "department", "district", "public_unit")

# The 63 provinces and centrally-run cities before the 2025 merger: (code, name, centrally-run city?).
PROVINCES: tuple[tuple[str, str, bool], ...] = (
    ("HP", "Hải Phòng", True),
    ("HN", "Hà Nội", True),
    ("HCM", "Hồ Chí Minh", True),
    ("DNG", "Đà Nẵng", True),
    ("CT", "Cần Thơ", True),
    ("AG", "An Giang", False),
    ("BRVT", "Bà Rịa - Vũng Tàu", False),
    ("BL", "Bạc Liêu", False),
    ("BG", "Bắc Giang", False),
    ("BK", "Bắc Kạn", False),
    ("BN", "Bắc Ninh", False),
    ("BTR", "Bến Tre", False),
    ("BD", "Bình Dương", False),
    ("BDI", "Bình Định", False),
    ("BP", "Bình Phước", False),
    ("BTH", "Bình Thuận", False),
    ("CM", "Cà Mau", False),
    ("CB", "Cao Bằng", False),
    ("DLK", "Đắk Lắk", False),
    ("DNO", "Đắk Nông", False),
    ("DB", "Điện Biên", False),
    ("DNA", "Đồng Nai", False),
    ("DT", "Đồng Tháp", False),
    ("GL", "Gia Lai", False),
    ("HG", "Hà Giang", False),
    ("HNA", "Hà Nam", False),
    ("HT", "Hà Tĩnh", False),
    ("HD", "Hải Dương", False),
    ("HGI", "Hậu Giang", False),
    ("HB", "Hòa Bình", False),
    ("HY", "Hưng Yên", False),
    ("KH", "Khánh Hòa", False),
    ("KG", "Kiên Giang", False),
    ("KT", "Kon Tum", False),
    ("LCH", "Lai Châu", False),
    ("LD", "Lâm Đồng", False),
    ("LS", "Lạng Sơn", False),
    ("LCA", "Lào Cai", False),
    ("LA", "Long An", False),
    ("ND", "Nam Định", False),
    ("NA", "Nghệ An", False),
    ("NB", "Ninh Bình", False),
    ("NT", "Ninh Thuận", False),
    ("PT", "Phú Thọ", False),
    ("PY", "Phú Yên", False),
    ("QB", "Quảng Bình", False),
    ("QNA", "Quảng Nam", False),
    ("QNG", "Quảng Ngãi", False),
    ("QN", "Quảng Ninh", False),
    ("QT", "Quảng Trị", False),
    ("ST", "Sóc Trăng", False),
    ("SL", "Sơn La", False),
    ("TN", "Tây Ninh", False),
    ("TB", "Thái Bình", False),
    ("TNG", "Thái Nguyên", False),
    ("TH", "Thanh Hóa", False),
    ("TTH", "Thừa Thiên Huế", False),
    ("TG", "Tiền Giang", False),
    ("TV", "Trà Vinh", False),
    ("TQ", "Tuyên Quang", False),
    ("VL", "Vĩnh Long", False),
    ("VP", "Vĩnh Phúc", False),
    ("YB", "Yên Bái", False),
)
assert len(PROVINCES) == 63

# Syllables for the district names of synthesised provinces ("UBND huyện Tân Lộc").
_FIRST = [
    "An",
    "Bình",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Hòa",
    "Phú",
    "Tân",
    "Vĩnh",
    "Thạch",
    "Yên",
    "Kim",
    "Thanh",
    "Quảng",
    "Hưng",
    "Gia",
    "Đức",
    "Cẩm",
    "Lạc",
    "Long",
    "Mỹ",
    "Tam",
]
_SECOND = [
    "Sơn",
    "Hà",
    "Lâm",
    "Phong",
    "Thành",
    "Xuân",
    "Lộc",
    "Bình",
    "Hải",
    "Giang",
    "Định",
    "Hưng",
    "Khê",
    "Lương",
    "Ninh",
    "Tiến",
    "Thủy",
    "Yên",
    "Phước",
    "Trạch",
]


@dataclass(frozen=True)
class Agencies:
    ids: list[str]
    names: list[str]
    kinds: np.ndarray  # str codes
    parents: list[str | None]
    base: list[str]  # the id without its province prefix, e.g. 'SNV'
    province: np.ndarray  # index into province_codes
    province_codes: list[str]

    def __len__(self) -> int:
        return len(self.ids)

    def city_of(self, province: int) -> int:
        """Index of the province's People's Committee, the level matters are escalated to."""
        return int(np.flatnonzero((self.province == province) & (self.kinds == "city"))[0])


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def read_reference(path: Path = REFERENCE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [{k.strip(): _nfc((v or "").strip()) for k, v in row.items()} for row in csv.DictReader(f)]
    return rows


def _rename(name: str, province: str, is_city: bool) -> str:
    level = "thành phố" if is_city else "tỉnh"
    name = name.replace("thành phố Hải Phòng", f"{level} {province}").replace("Hải Phòng", province)
    return name.replace("thành phố", level)


def load_agencies(provinces: int, seed: int) -> Agencies:
    """Hải Phòng's reference list; with provinces > 1, the same structure for each province in turn,
    with ids prefixed by the province code (HP-SNV, HN-SNV, ...) and synthesised district names."""
    reference = read_reference()
    ids, names, kinds, parents, base, prov = [], [], [], [], [], []
    chosen = PROVINCES[:provinces]
    for p, (code, province, is_city) in enumerate(chosen):
        prefix = f"{code}-" if provinces > 1 else ""
        if p == 0:  # Hải Phòng: the reference list as it is
            rows = reference
        else:
            rng = rng_for(seed, AGENCIES, p)
            n_districts = int(rng.integers(8, 16))
            pairs = [(a, b) for a in _FIRST for b in _SECOND if a != b]
            picks = rng.choice(len(pairs), size=n_districts, replace=False)
            rows = []
            for r in reference:
                if r["kind"] == "district":
                    continue
                rows.append({**r, "name": _rename(r["name"], province, is_city)})
            city_id = next(r["agency_id"] for r in reference if r["kind"] == "city")
            for k, i in enumerate(picks):
                unit = "thành phố" if k == 0 else ("quận" if is_city and k < 4 else "huyện")
                rows.append(
                    {
                        "agency_id": f"D{k + 1:02d}",
                        "name": _nfc(f"UBND {unit} {pairs[i][0]} {pairs[i][1]}"),
                        "kind": "district",
                        "parent_id": city_id,
                    }
                )
        for r in rows:
            ids.append(prefix + r["agency_id"])
            names.append(r["name"])
            kinds.append(r["kind"])
            parents.append(prefix + r["parent_id"] if r.get("parent_id") else None)
            base.append(r["agency_id"])
            prov.append(p)
    bad = sorted(set(kinds) - set(KINDS))
    if bad:
        raise ValueError(f"{REFERENCE}: unknown agency kind(s) {bad}")
    return Agencies(
        ids=ids,
        names=names,
        kinds=np.array(kinds),
        parents=parents,
        base=base,
        province=np.array(prov, dtype=np.int64),
        province_codes=[c for c, _, _ in chosen],
    )
