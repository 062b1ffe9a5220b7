"""`congvu report --kind commendation`: the Emulation-Commendation Board's proposal list for one year.

Reads commendation_candidates (contract columns; extra columns used when present: `criteria_met`,
`criteria_missed` (lists of criteria with their rule and article), `insufficient_data`, `rule_set_id`,
`legal_basis`). Without `insufficient_data` every non-eligible official is listed as blocked.
The year is the period's year; the list is the mart's, judged as of the warehouse's as_of. The legal
basis of each proposed title comes from the rule set the mart names (`rule_set_id`: the set in force on the
first working day after a past year, on as_of for the year in progress, domain.md §6, on `rules_judged_on`);
where the mart names none, the report says in words that no rule set covers the year. Without candidates
for the year, the set in force on 1 January of the next year stands for the law cited in the introduction.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.decisions.policy import decision_text
from pipelines.reports.common import Context
from pipelines.reports.model import NO_DATA, Column, Report, Section, Table, number
from pipelines.reports.periods import vn_date
from pipelines.reports.queries import Warehouse

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
TITLE_ORDER = ["advanced_worker", "base_emulation_fighter", "city_emulation_fighter"]
# The rules of a rule set that each title rests on (a base fighter is first an advanced worker, ...).
TITLE_RULES = {
    "advanced_worker": ("advanced_worker",),
    "base_emulation_fighter": ("advanced_worker", "base_fighter"),
    "city_emulation_fighter": ("base_fighter", "city_fighter_years", "city_fighter_initiative"),
}


@cache
def _rule_sets() -> tuple[dict[str, Any], ...]:
    sets = []
    for path in sorted(RULES_DIR.glob("commendation_*.toml")):
        with path.open("rb") as handle:
            sets.append(tomllib.load(handle))
    return tuple(sets)


def rule_set_for(year: int, rule_set_id: str | None = None) -> dict[str, Any] | None:
    """The rule set the mart names, else the one in force on 1 January after the year, when its titles come to
    be considered (None where no set covers that day)."""
    named = [s for s in _rule_sets() if rule_set_id and s.get("id") == rule_set_id]
    if named:
        return named[0]
    day = dt.date(year + 1, 1, 1)
    in_force = [
        s
        for s in _rule_sets()
        if s.get("effective_from")
        and s["effective_from"] <= day
        and day <= s.get("effective_to", dt.date.max)
    ]
    return max(in_force, key=lambda s: s["effective_from"]) if in_force else None


def legal_basis(title: str | None, rule_set: dict[str, Any] | None) -> str:
    if not title or rule_set is None:
        return ""
    wanted = TITLE_RULES.get(title, ())
    articles: list[str] = []
    for rule in rule_set.get("rules", []):
        if rule.get("id", "").split(".")[-1] in wanted and rule.get("article") not in articles:
            articles.append(rule["article"])
    return "; ".join(articles) + (f" ({rule_set['legal_basis']})" if rule_set.get("legal_basis") else "")


def build_commendation_report(wh: Warehouse, ctx: Context) -> Report:
    year = ctx.period.year
    years = [r["year"] for r in wh.run("commendation_years")]
    columns = wh.columns("commendation_candidates")
    proposed = wh.run("commendation_list", year=year, eligible=True, title_order=TITLE_ORDER)
    not_proposed = wh.run("commendation_list", year=year, eligible=False, title_order=TITLE_ORDER)
    has_data = bool(proposed or not_proposed)
    # Insufficient data is not a failure (domain.md §6): those officials are counted per agency, not
    # listed as blocked — unless discipline blocks them anyway.
    split = "insufficient_data" in columns
    blocked = [r for r in not_proposed if not (split and r["insufficient_data"] and not r["disciplined"])]
    insufficient = wh.run("commendation_insufficient_by_agency", year=year) if split else []
    rule_set_ids = {r.get("rule_set_id") for r in proposed + not_proposed} - {None}
    judged_on = next(
        (r["rules_judged_on"] for r in proposed + not_proposed if r.get("rules_judged_on")), None
    )
    if has_data and "rule_set_id" in columns:  # the mart's choice, or none: never a guess of our own
        rule_set = rule_set_for(year, next(iter(rule_set_ids))) if len(rule_set_ids) == 1 else None
    else:
        rule_set = rule_set_for(year)
    for row in proposed:
        row["basis"] = row.get("legal_basis") or legal_basis(
            row["proposed_title"], rule_set_for(year, row.get("rule_set_id"))
        )
        row["met"] = "; ".join(row["criteria_met"]) if row.get("criteria_met") else row["reasons"]
        # the council's decision, from the decision store at build time (approved, rejected, deferred)
        row["decision_text"] = decision_text(
            "candidate", row.get("decision"), row.get("decided_by"), row.get("decided_on")
        )
    for row in not_proposed:
        row["missed"] = "; ".join(row["criteria_missed"]) if row.get("criteria_missed") else row["reasons"]
        row["disciplined_label"] = {True: "Có", False: "Không"}.get(row["disciplined"], "")

    report = Report(
        kind="commendation",
        issuer_parent=ctx.issuer_parent,
        issuer="BAN THI ĐUA - KHEN THƯỞNG",
        number="Số:        /BC-BTĐKT",
        place=ctx.place,
        issued_on=ctx.issued_on,
        doc_type="BÁO CÁO",
        title=f"Danh sách đề xuất danh hiệu thi đua cá nhân năm {year}",
        period_label=f"năm {year}",
        judged_on=ctx.as_of,
        has_data=has_data,
        recipients=[
            "Hội đồng Thi đua - Khen thưởng thành phố (để xem xét);",
            "Sở Nội vụ;",
            "Các cơ quan có cán bộ được đề xuất;",
            "Lưu: VT.",
        ],
        signer_title=["TRƯỞNG BAN"],
    )
    basis_text = rule_set["legal_basis"] if rule_set else "Luật Thi đua, khen thưởng"
    report.intro = [
        f"Căn cứ {basis_text}; căn cứ kết quả theo dõi thực hiện nhiệm vụ, xếp loại chất lượng, sáng "
        f"kiến và kỷ luật của cán bộ, công chức, viên chức năm {year} (số liệu đến ngày "
        f"{vn_date(ctx.as_of)}), Ban Thi đua - Khen thưởng tổng hợp danh sách đề xuất danh hiệu thi đua "
        "để Hội đồng Thi đua - Khen thưởng xem xét.",
        "Danh sách do hệ thống đề xuất từ dữ liệu; Hội đồng xem xét, bỏ phiếu (Chiến sĩ thi đua cơ sở "
        "cần từ 80% số phiếu đồng ý, Chiến sĩ thi đua cấp thành phố từ 90%). Tỷ lệ hoàn thành đúng hạn "
        "được thể hiện bằng cận dưới khoảng tin cậy 95% kèm số nhiệm vụ đến hạn; không xếp hạng theo tỷ "
        "lệ thô trên ít nhiệm vụ.",
    ]
    if ctx.period.kind != "year":
        report.intro.append(f"Danh hiệu thi đua xét theo năm: kỳ {ctx.period.code} được hiểu là năm {year}.")
    if has_data and rule_set is None and not rule_set_ids:
        day = f" có hiệu lực ngày {vn_date(judged_on)}" if judged_on else ""
        report.intro.append(
            f"Không có bộ quy định thi đua, khen thưởng nào trong hệ thống{day} để xét danh hiệu năm {year}: "
            "không đề xuất danh hiệu nào; lý do của từng người ghi rõ điều này."
        )
    elif has_data and rule_set is not None and judged_on:
        when = (
            f"ngày tính số liệu {vn_date(judged_on)} (đánh giá tạm tính năm đang diễn ra)"
            if year >= ctx.as_of.year
            else f"ngày {vn_date(judged_on)}, ngày làm việc đầu tiên sau năm {year}, "
            "khi danh hiệu của năm được xét"
        )
        report.intro.append(
            f"Danh hiệu năm {year} được xét theo {rule_set['legal_basis']}: "
            f"bộ quy định có hiệu lực vào {when}."
        )
    if not has_data:
        available = ", ".join(str(y) for y in years) or "không có năm nào"
        report.intro.append(
            f"{NO_DATA}: kho dữ liệu không có danh sách xét thi đua cho năm {year} (có: {available})."
        )

    common = [
        Column("official_name", "Họ và tên", "text", 24),
        Column("position_label", "Chức vụ", "text", 12),
        Column("category_label", "Ngạch", "text", 10),
        Column("agency_name", "Cơ quan", "text", 28),
    ]
    report.sections.append(
        Section(
            "I. TỔNG HỢP",
            tables=[
                Table(
                    sheet="Tổng hợp",
                    title=f"Bảng 1. Tổng hợp đề xuất danh hiệu thi đua năm {year}",
                    columns=[
                        Column("label", "Danh hiệu / nhóm", "text", 44),
                        Column("officials", "Số người", "int", 12),
                    ],
                    rows=wh.run("commendation_summary", year=year, title_order=TITLE_ORDER)
                    if has_data
                    else [],
                    empty_text=f"{NO_DATA} cho năm {year} (no candidates for {year}).",
                    total_last=True,
                )
            ],
        )
    )
    report.sections.append(
        Section(
            "II. DANH SÁCH ĐỀ XUẤT",
            paragraphs=[
                f"Có {number(len(proposed))} người đủ điều kiện đề xuất, xếp theo danh hiệu rồi theo điểm "
                "xếp hạng."
            ]
            if proposed
            else [],
            tables=[
                Table(
                    sheet="Đề xuất",
                    title=f"Bảng 2. Danh sách đề xuất danh hiệu thi đua năm {year}",
                    columns=[
                        *common,
                        Column("title_label", "Danh hiệu đề nghị", "text", 20),
                        Column("grade_label", "Xếp loại năm", "text", 18),
                        Column("on_time_rate_low", "Tỷ lệ đúng hạn (cận dưới 95%)", "pct", 11),
                        Column("tasks_due", "Số nhiệm vụ đến hạn", "int", 9),
                        Column("key_tasks_done", "Nhiệm vụ trọng tâm hoàn thành", "int", 10),
                        Column("initiatives", "Sáng kiến", "int", 8),
                        Column("met", "Tiêu chuẩn đạt (quy định, điều khoản)", "text", 44),
                        Column("basis", "Căn cứ", "text", 36),
                        Column("decision_text", "Quyết định của Hội đồng", "text", 22),
                    ],
                    rows=proposed,
                    empty_text=f"Không có người đủ điều kiện đề xuất năm {year} (no eligible candidates).",
                )
            ],
        )
    )
    report.sections.append(
        Section(
            "III. TRƯỜNG HỢP KHÔNG ĐỦ ĐIỀU KIỆN (LƯU HỒ SƠ HỘI ĐỒNG)",
            paragraphs=[
                "Các trường hợp không được đề xuất và lý do (bị kỷ luật, xếp loại dưới mức hoàn thành tốt "
                "nhiệm vụ, hoặc chưa đạt tiêu chuẩn), kèm quy định và điều khoản áp dụng, để Hội đồng lưu và "
                "đối chiếu."
            ],
            tables=[
                Table(
                    sheet="Không đủ điều kiện",
                    title=f"Bảng 3. Trường hợp không đủ điều kiện đề xuất năm {year}",
                    columns=[
                        *common,
                        Column("grade_label", "Xếp loại năm", "text", 18),
                        Column("tasks_due", "Số nhiệm vụ đến hạn", "int", 9),
                        Column("disciplined_label", "Bị kỷ luật", "text", 8),
                        Column("missed", "Lý do không đề xuất (quy định, điều khoản)", "text", 60),
                    ],
                    rows=blocked,
                    empty_text="Không có trường hợp nào (none).",
                )
            ],
        )
    )
    if split:
        report.sections.append(
            Section(
                "IV. CHƯA ĐỦ DỮ LIỆU ĐỂ ĐÁNH GIÁ",
                paragraphs=[
                    "Cán bộ có ít nhiệm vụ đến hạn trong năm chưa đủ căn cứ để đánh giá: đây không phải "
                    "kết luận không hoàn thành nhiệm vụ. Danh sách chi tiết từng người có trong bảng "
                    "commendation_candidates của kho dữ liệu."
                ],
                tables=[
                    Table(
                        sheet="Chưa đủ dữ liệu",
                        title=f"Bảng 4. Số người chưa đủ dữ liệu để đánh giá năm {year}, theo cơ quan",
                        columns=[
                            Column("agency_name", "Cơ quan", "text", 34),
                            Column("officials", "Số người", "int", 10),
                            Column("min_tasks_due", "Số nhiệm vụ đến hạn: ít nhất", "int", 12),
                            Column("max_tasks_due", "Số nhiệm vụ đến hạn: nhiều nhất", "int", 12),
                        ],
                        rows=insufficient,
                        empty_text="Không có trường hợp nào (none).",
                    )
                ],
            )
        )
    return report
