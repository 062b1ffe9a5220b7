"""Vietnamese text built from templates: task titles, reference numbers of assigning documents,
consultation answers and initiative titles."""

from __future__ import annotations

import unicodedata

import numpy as np
import pyarrow as pa

from .common import choice, join, pick, text


def _nfc(words: list[str]) -> list[str]:
    return [unicodedata.normalize("NFC", w) for w in words]


SOURCES = ("government", "prime_minister", "city_pc", "city_chair", "internal")

ACTIONS = _nfc(
    [
        "Triển khai thực hiện",
        "Tham mưu xây dựng kế hoạch thực hiện",
        "Báo cáo kết quả thực hiện",
        "Rà soát, đề xuất sửa đổi quy định về",
        "Tổ chức kiểm tra",
        "Hoàn thiện hồ sơ trình phê duyệt",
        "Đề xuất phương án xử lý vướng mắc trong",
        "Tổng hợp, báo cáo tình hình",
        "Chủ trì, phối hợp giải quyết",
        "Hướng dẫn các đơn vị thực hiện",
        "Đánh giá tình hình thực hiện",
        "Tham mưu ban hành văn bản về",
        "Xử lý kiến nghị của cử tri về",
        "Đẩy nhanh tiến độ",
        "Giải trình ý kiến của Đoàn kiểm tra về",
    ]
)

GENERAL = _nfc(
    [
        "cải cách thủ tục hành chính",
        "chuyển đổi số trong cơ quan nhà nước",
        "Đề án 06 về ứng dụng dữ liệu dân cư, định danh và xác thực điện tử",
        "phòng, chống tham nhũng, tiêu cực",
        "siết chặt kỷ luật, kỷ cương hành chính",
        "giải ngân vốn đầu tư công",
        "giải quyết khiếu nại, tố cáo",
        "nâng cao Chỉ số cải cách hành chính (PAR Index)",
        "nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
        "thực hành tiết kiệm, chống lãng phí",
        "cung cấp dịch vụ công trực tuyến toàn trình",
        "kết luận của Chủ tịch UBND tại buổi làm việc",
        "sắp xếp tổ chức bộ máy tinh gọn",
    ]
)

SECTOR = {
    "STNMT": [
        "cấp giấy chứng nhận quyền sử dụng đất",
        "thu hồi đất, giải phóng mặt bằng dự án",
        "xử lý ô nhiễm môi trường tại các cụm công nghiệp",
        "quản lý khai thác khoáng sản",
    ],
    "SXD": [
        "cấp giấy phép xây dựng",
        "điều chỉnh quy hoạch chung xây dựng",
        "phát triển nhà ở xã hội",
        "xử lý vi phạm trật tự xây dựng",
    ],
    "SGTVT": [
        "cải tạo, nâng cấp tuyến đường tỉnh",
        "bảo đảm trật tự an toàn giao thông",
        "quản lý bến thủy nội địa",
        "đầu tư tuyến đường ven biển",
    ],
    "SYT": [
        "phòng, chống dịch bệnh truyền nhiễm",
        "khám, chữa bệnh bảo hiểm y tế",
        "mua sắm thuốc, vật tư y tế",
        "bảo đảm an toàn thực phẩm",
    ],
    "SGDDT": [
        "tuyển sinh vào lớp 10",
        "xây dựng trường đạt chuẩn quốc gia",
        "bố trí giáo viên còn thiếu",
        "chương trình giáo dục phổ thông 2018",
    ],
    "SKHDT": [
        "thu hút đầu tư trực tiếp nước ngoài",
        "cấp giấy chứng nhận đăng ký đầu tư",
        "kế hoạch đầu tư công trung hạn",
        "hỗ trợ doanh nghiệp nhỏ và vừa",
    ],
    "STC": [
        "lập dự toán ngân sách",
        "quyết toán ngân sách",
        "quản lý, sử dụng tài sản công",
        "xử lý nhà, đất dôi dư",
    ],
    "SLDTBXH": [
        "chính sách an sinh xã hội",
        "giải quyết việc làm cho người lao động",
        "chi trả trợ cấp cho người có công",
        "giảm nghèo bền vững",
    ],
    "SNNPTNT": [
        "xây dựng nông thôn mới",
        "tu bổ, nâng cấp đê điều",
        "phòng, chống thiên tai",
        "phát triển vùng nuôi trồng thủy sản",
    ],
    "SNV": [
        "tinh giản biên chế",
        "tuyển dụng công chức",
        "đánh giá, xếp loại cán bộ, công chức",
        "thi đua, khen thưởng",
    ],
    "STP": [
        "thẩm định dự thảo văn bản quy phạm pháp luật",
        "kiểm tra, rà soát văn bản",
        "phổ biến, giáo dục pháp luật",
        "đăng ký, quản lý hộ tịch",
    ],
    "SCT": [
        "phát triển cụm công nghiệp",
        "quản lý thị trường, chống buôn lậu",
        "xúc tiến thương mại",
        "cung ứng điện",
    ],
    "STTTT": [
        "xây dựng chính quyền số",
        "bảo đảm an toàn thông tin mạng",
        "phát triển hạ tầng viễn thông",
        "quản lý thông tin trên mạng",
    ],
    "district": [
        "giải phóng mặt bằng các dự án trọng điểm",
        "xây dựng nông thôn mới nâng cao",
        "trật tự đô thị, lòng đường, vỉa hè",
        "giải quyết hồ sơ đất đai tồn đọng",
        "chỉnh trang đô thị",
    ],
    "public_unit": [
        "thực hiện dự án đầu tư xây dựng",
        "tự chủ tài chính đơn vị sự nghiệp",
        "quyết toán dự án hoàn thành",
        "nâng cao chất lượng dịch vụ sự nghiệp công",
    ],
}
SECTOR = {k: _nfc(v) for k, v in SECTOR.items()}

# {n}/SUFFIX, by source; for internal documents the agency's own code is added as '-CODE'.
REF_SUFFIX = {
    "government": ["NQ-CP", "NĐ-CP", "CT-CP"],
    "prime_minister": ["QĐ-TTg", "CT-TTg", "CĐ-TTg", "TB-VPCP", "VPCP-KSTT"],
    "city_pc": ["UBND-KSTTHC", "UBND-NC", "UBND-KT", "UBND-VX", "UBND-XD", "KH-UBND", "QĐ-UBND"],
    "city_chair": ["TB-VPUB", "CT-UBND", "TB-UBND"],
    "internal": ["KH", "TB", "QĐ"],
}
REF_SUFFIX = {k: _nfc(v) for k, v in REF_SUFFIX.items()}


def objects_for(base_id: str, kind: str) -> list[str]:
    """What an agency's tasks are about: its sector's subjects, then the cross-cutting ones."""
    if kind in ("district", "commune", "special_zone", "public_unit"):
        return SECTOR["public_unit" if kind == "public_unit" else "district"] + GENERAL
    merged = MERGED_SECTORS.get(base_id, (base_id,))  # a department formed in 2025 does both's work
    return [subject for b in merged for subject in SECTOR.get(b, [])] + GENERAL


MERGED_SECTORS = {"SNNMT": ("SNNPTNT", "STNMT"), "SVHTTDL": ("SVHTT", "SDL")}


def titles(
    rng: np.random.Generator, assigned_year: np.ndarray, objects: list[str], first_year: int
) -> pa.Array:
    """'{action} {subject} {period}', e.g. 'Báo cáo kết quả thực hiện giải ngân vốn đầu tư công năm 2024'."""
    n = len(assigned_year)
    years = list(range(first_year, int(assigned_year.max(initial=first_year)) + 1))
    # period pool: '', then for each year: ' năm Y', ' 6 tháng đầu năm Y', ' quý 1..4 năm Y'
    per_year = [
        "năm {y}",
        "6 tháng đầu năm {y}",
        "quý I năm {y}",
        "quý II năm {y}",
        "quý III năm {y}",
        "quý IV năm {y}",
    ]
    periods = [""] + [" " + p.format(y=y) for y in years for p in per_year]
    shape = choice(rng, n, [0.45, 0.3, 0.1, 0.15])  # none, year, half year, a quarter
    k = np.select([shape == 1, shape == 2], [0, 1], default=2 + rng.integers(0, 4, n))
    period = np.where(shape == 0, 0, 1 + (assigned_year - first_year) * len(per_year) + k)
    action = pick(ACTIONS, rng.integers(0, len(ACTIONS), n))
    subject = pick(objects, choice(rng, n, [3.0] * (len(objects) - len(GENERAL)) + [1.0] * len(GENERAL)))
    return join(join(action, subject, sep=" "), pick(_nfc(periods), period))


def source_refs(rng: np.random.Generator, source: np.ndarray, own_code: str) -> pa.Array:
    """Reference of the assigning document, e.g. '966/UBND-KSTTHC', '123/TB-VPUB', '45/KH-SNV'; some blank."""
    n = len(source)
    pool: list[str] = []
    start, count = np.zeros(len(SOURCES), np.int64), np.zeros(len(SOURCES), np.int64)
    for s, name in enumerate(SOURCES):
        suffixes = [f"{x}-{own_code}" for x in REF_SUFFIX[name]] if name == "internal" else REF_SUFFIX[name]
        start[s], count[s] = len(pool), len(suffixes)
        pool += suffixes
    idx = start[source] + np.floor(rng.random(n) * count[source]).astype(np.int64)
    blank = (rng.random(n) < 0.02) | ((source == SOURCES.index("internal")) & (rng.random(n) < 0.3))
    number = text(rng.integers(1, 4500, n))
    return join(number, pick(pool, idx, mask=blank), sep="/")


# Consultation answers given only as text (the `response` column left blank), by the code they mean.
RESPONSE_TEXTS = {
    "agree": [
        "Thống nhất với nội dung dự thảo.",
        "Nhất trí với nội dung đề xuất của cơ quan chủ trì.",
        "Thống nhất với phương án đề xuất.",
    ],
    "agree_with_comments": [
        "Thống nhất với dự thảo; đề nghị bổ sung nguồn kinh phí tại mục III và làm rõ lộ trình thực hiện.",
        "Thống nhất; đề nghị điều chỉnh thời hạn hoàn thành tại khoản 2 Điều 4 cho phù hợp với kế hoạch.",
        "Thống nhất; đề nghị bổ sung danh mục thủ tục hành chính liên quan và phân công rõ cơ quan phối hợp.",
    ],
    "disagree": [
        "Không thống nhất phương án bố trí vốn vì chưa phù hợp với kế hoạch đầu tư công trung hạn.",
        "Không thống nhất đề xuất thu hồi đất do chưa có trong kế hoạch sử dụng đất hằng năm.",
        "Đề nghị không đưa nội dung điều chỉnh quy hoạch vào dự thảo vì trái với quy hoạch chung.",
    ],
    "generic": [
        "Cơ bản thống nhất với dự thảo.",
        "Không có ý kiến.",
        "Nhất trí về chủ trương, đề nghị cơ quan chủ trì hoàn thiện theo quy định.",
        "Thống nhất, không có ý kiến bổ sung.",
    ],
    "deflect": [
        "Đề nghị cơ quan chủ trì xem xét theo thẩm quyền.",
        "Nội dung không thuộc chức năng, nhiệm vụ của đơn vị; đề nghị xin ý kiến cơ quan có thẩm quyền.",
        "Đề nghị cơ quan chủ trì căn cứ quy định hiện hành tự quyết định và chịu trách nhiệm.",
        "Việc này thuộc thẩm quyền của UBND cấp huyện, đề nghị liên hệ để được hướng dẫn.",
    ],
}
RESPONSES = tuple(RESPONSE_TEXTS)
_TEXT_POOL = [_nfc([t])[0] for r in RESPONSES for t in RESPONSE_TEXTS[r]]
_TEXT_START = np.cumsum([0] + [len(RESPONSE_TEXTS[r]) for r in RESPONSES])


def response_texts(rng: np.random.Generator, response: np.ndarray, mask: np.ndarray) -> pa.Array:
    """A Vietnamese answer meaning response[i] (index into RESPONSES); null where mask is true."""
    count = np.diff(_TEXT_START)[response]
    idx = _TEXT_START[response] + np.floor(rng.random(len(response)) * count).astype(np.int64)
    return pick(_TEXT_POOL, idx, mask=mask)


INITIATIVE_TITLES = _nfc(
    [
        "Giải pháp số hóa hồ sơ, tài liệu lưu trữ tại",
        "Sáng kiến rút ngắn thời gian giải quyết thủ tục hành chính tại",
        "Giải pháp theo dõi, đôn đốc nhiệm vụ được giao trên phần mềm tại",
        "Cải tiến quy trình tiếp nhận và trả kết quả tại",
        "Giải pháp nâng cao chất lượng tham mưu tổng hợp tại",
        "Ứng dụng chữ ký số trong trao đổi văn bản điện tử tại",
        "Giải pháp quản lý tài sản công bằng cơ sở dữ liệu tại",
        "Sáng kiến tổ chức đối thoại với người dân và doanh nghiệp tại",
    ]
)


def initiative_titles(rng: np.random.Generator, agency_names: list[str], agency_idx: np.ndarray) -> pa.Array:
    head = pick(INITIATIVE_TITLES, rng.integers(0, len(INITIATIVE_TITLES), len(agency_idx)))
    where = pick(agency_names, agency_idx)
    return join(head, where, sep=" ")
