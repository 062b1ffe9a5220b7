"""`congvu plan-inspections`: a surprise-inspection plan that is both targeted and unpredictable.

From the ranked agencies of `inspection_risk`: the first `round(count × inspection.plan_rank_share)` by rank,
the rest drawn one by one without replacement, each agency's chance proportional to its risk_score plus
inspection.draw_floor. The draw is Python's `random.Random(seed)` — whose `random()` sequence for an integer
seed Python guarantees not to change across versions — walked over the remaining candidates in order of
agency_id: u = random() × (sum of their weights); the first agency whose running sum of weights exceeds u
is drawn. Anyone with the warehouse (or the plan's list of candidates and weights) and the seed gets the
same plan; the method, the seed and each drawn agency's chance are written into the plan.

`draw_plan(...)` is the method; `plan_inspections_command(args)` the command line, which writes .xlsx or
.docx (Decree 30 layout, pipelines/reports/) or .csv and appends the plan to the audit log.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import secrets
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipelines.reports.common import load_context
from pipelines.reports.model import Column, Report, Section, Table
from pipelines.reports.periods import Period, PeriodError, parse_period, vn_date
from pipelines.reports.queries import Warehouse, WarehouseError

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2
FORMATS = ("xlsx", "docx", "csv")
BY_RANK, BY_DRAW = "rank", "draw"
SELECTED_BY_VI = {BY_RANK: "Theo thứ hạng rủi ro", BY_DRAW: "Bốc thăm có trọng số"}


@dataclass
class Plan:
    count: int
    seed: int
    rank_share: float
    draw_floor: float
    as_of: dt.date
    period: Period
    candidates: int
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def by_rank(self) -> int:
        return sum(1 for r in self.rows if r["selected_by"] == BY_RANK)

    def method_vi(self) -> str:
        return (
            f"Lập từ bảng inspection_risk ngày {vn_date(self.as_of)} ({self.candidates} cơ quan được "
            "xếp hạng). "
            f"{self.by_rank} cơ quan lấy theo thứ hạng rủi ro cao nhất (tỷ lệ {_vn(self.rank_share)} × "
            f"{self.count}, "
            f"làm tròn); {len(self.rows) - self.by_rank} cơ quan bốc thăm không hoàn lại trong các cơ "
            "quan còn "
            f"lại, xác suất tỷ lệ với điểm rủi ro cộng {_vn(self.draw_floor)}. Bốc thăm bằng "
            f"random.Random({self.seed}) "
            "của Python (dãy random() của một hạt giống số nguyên không đổi giữa các phiên bản "
            "Python): mỗi lượt "
            "u = random() × tổng trọng số còn lại, duyệt các cơ quan còn lại theo mã cơ quan, chọn "
            "cơ quan đầu "
            "tiên có tổng trọng số cộng dồn lớn hơn u. Cùng kho dữ liệu và cùng hạt giống cho cùng danh sách."
        )

    def method_en(self) -> str:
        return (
            f"From inspection_risk as of {self.as_of.isoformat()} ({self.candidates} ranked agencies): "
            f"{self.by_rank} by rank, {len(self.rows) - self.by_rank} drawn without replacement with "
            f"probability proportional to risk_score + {self.draw_floor:g}, using Python "
            f"random.Random({self.seed}): "
            "u = random() * remaining total weight, walk remaining agencies by agency_id, take the "
            "first whose "
            "cumulative weight exceeds u."
        )


def _vn(x: float) -> str:
    """0.05 → "0,05": a decimal comma in Vietnamese text."""
    return f"{x:g}".replace(".", ",")


def draw_plan(
    candidates: list[dict[str, Any]],
    count: int,
    seed: int,
    rank_share: float,
    draw_floor: float,
    as_of: dt.date,
    period: Period,
) -> Plan:
    """The plan from the ranked candidates (each with agency_id, risk_rank, risk_score): see the module."""
    if count < 1:
        raise ValueError("số cơ quan cần kiểm tra phải từ 1 trở lên (--count must be at least 1)")
    plan = Plan(count, seed, rank_share, draw_floor, as_of, period, len(candidates))
    ordered = sorted(candidates, key=lambda c: c["risk_rank"])
    n_rank = min(len(ordered), count, max(0, round(count * rank_share)))
    for c in ordered[:n_rank]:
        plan.rows.append({**c, "selected_by": BY_RANK, "chance": None})
    remaining = sorted(ordered[n_rank:], key=lambda c: c["agency_id"])
    rng = random.Random(seed)
    while remaining and len(plan.rows) < count:
        weights = [float(c["risk_score"] or 0.0) + draw_floor for c in remaining]
        total = sum(weights)
        u = rng.random() * total
        running, chosen = 0.0, len(remaining) - 1
        for index, weight in enumerate(weights):
            running += weight
            if running > u:
                chosen = index
                break
        plan.rows.append({**remaining[chosen], "selected_by": BY_DRAW, "chance": weights[chosen] / total})
        del remaining[chosen]
    return plan


def load_plan(db_path: Path | str, count: int, seed: int, period: Period | None) -> Plan:
    with Warehouse(db_path) as wh:
        info = wh.run("build_info")[0]
        candidates = wh.run("inspection_plan_candidates")
        rank_share = float(wh.setting("inspection.plan_rank_share"))
        draw_floor = float(wh.setting("inspection.draw_floor"))
    as_of = info["as_of"]
    return draw_plan(candidates, count, seed, rank_share, draw_floor, as_of, period or next_quarter(as_of))


def next_quarter(day: dt.date) -> Period:
    quarter = (day.month - 1) // 3 + 1
    return Period("quarter", day.year + quarter // 4, quarter % 4 + 1)


COLUMNS = [
    Column("agency_label", "Cơ quan", "text", 30),
    Column("selected_by_vi", "Cách chọn", "text", 14),
    Column("risk_rank", "Hạng rủi ro", "int", 8),
    Column("risk_score", "Điểm rủi ro", "num", 8),
    Column("chance", "Xác suất khi bốc", "pct", 9),
    Column("last_inspected_on", "Thanh tra gần nhất", "date", 11),
    Column("evidence", "Căn cứ", "text", 60),
]


def plan_report(db_path: Path | str, plan: Plan, issued_on: dt.date | None = None) -> Report:
    with Warehouse(db_path) as wh:
        ctx = load_context(wh, plan.period, issued_on)
    rows = [
        {
            **r,
            "selected_by_vi": SELECTED_BY_VI[r["selected_by"]],
            "agency_label": f"{r['agency_name']} ({r['agency_id']})",
            "risk_score": round(float(r["risk_score"]), 2),
        }
        for r in plan.rows
    ]
    report = Report(
        kind="inspection_plan",
        issuer_parent=ctx.issuer_parent,
        issuer="THANH TRA THÀNH PHỐ",
        number="Số:        /KH-TTr",
        place=ctx.place,
        issued_on=ctx.issued_on,
        doc_type="KẾ HOẠCH",
        title=f"Kiểm tra công vụ đột xuất {plan.period.label_vi}",
        period_label=plan.period.label_vi,
        judged_on=plan.as_of,
        has_data=bool(rows),
        recipients=["Chủ tịch UBND thành phố (để báo cáo);", "Sở Nội vụ;", "Lưu: VT, HSKH."],
        signer_title=["CHÁNH THANH TRA"],
        filters=f"{plan.count} cơ quan, hạt giống (seed) {plan.seed}",
        source=f"bảng inspection_risk của kho dữ liệu congvu, ngày {vn_date(plan.as_of)}",
    )
    report.intro = [
        "Thực hiện Công điện 280/CĐ-TTg ngày 19/4/2023 của Thủ tướng Chính phủ và Công văn 966/UBND-KSTTHC "
        "ngày 4/5/2023 của UBND thành phố về tăng cường kiểm tra công vụ đột xuất, Thanh tra thành phố lập "
        f"danh sách {len(rows)} cơ quan kiểm tra đột xuất {plan.period.label_vi}.",
        "Phương pháp chọn: " + plan.method_vi(),
        f"Hạt giống bốc thăm (seed): {plan.seed}.",
        "Điểm rủi ro là căn cứ để chọn nơi kiểm tra, không phải kết luận vi phạm (docs/inspections.md).",
    ]
    report.sections.append(
        Section(
            "DANH SÁCH CƠ QUAN KIỂM TRA",
            tables=[
                Table(
                    sheet="Danh sách kiểm tra",
                    title=f"Danh sách cơ quan kiểm tra đột xuất {plan.period.label_vi}",
                    columns=COLUMNS,
                    rows=rows,
                    empty_text="Không có cơ quan nào được xếp hạng rủi ro (no ranked agency).",
                    notes=[f"Hạt giống (seed): {plan.seed}. {plan.method_en()}"],
                )
            ],
        )
    )
    return report


def render_plan(db_path: Path | str, plan: Plan, fmt: str, issued_on: dt.date | None = None) -> bytes:
    fmt = fmt.lower().lstrip(".")
    if fmt == "csv":
        return plan_csv(plan)
    report = plan_report(db_path, plan, issued_on)
    if fmt == "docx":
        from pipelines.reports.docx import render_docx

        return render_docx(report)
    if fmt == "xlsx":
        from pipelines.reports.xlsx import render_xlsx

        return render_xlsx(report)
    raise ValueError(f"định dạng không hỗ trợ (unsupported format) {fmt!r}: dùng .xlsx, .docx hoặc .csv")


def plan_csv(plan: Plan) -> bytes:
    """One row per agency; the seed and the method on every row, so that the file explains itself."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "stt",
            "agency_id",
            "agency_name",
            "selected_by",
            "risk_rank",
            "risk_score",
            "chance",
            "last_inspected_on",
            "period",
            "seed",
            "method",
        ]
    )
    for number, row in enumerate(plan.rows, start=1):
        writer.writerow(
            [
                number,
                row["agency_id"],
                row["agency_name"],
                row["selected_by"],
                row["risk_rank"],
                f"{row['risk_score']:.6f}",
                "" if row["chance"] is None else f"{row['chance']:.6f}",
                row["last_inspected_on"].isoformat() if row.get("last_inspected_on") else "",
                plan.period.code,
                plan.seed,
                plan.method_en(),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def audit_details(plan: Plan, file: str) -> dict[str, Any]:
    return {
        "file": file,
        "count": plan.count,
        "seed": plan.seed,
        "period": plan.period.code,
        "as_of": plan.as_of.isoformat(),
        "agencies": [r["agency_id"] for r in plan.rows],
    }


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def plan_inspections_command(args: argparse.Namespace) -> int:
    from dashboard.audit import append_event

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        _err(
            "Tệp kết quả phải có đuôi .xlsx, .docx hoặc .csv (output must end in .xlsx, .docx or "
            f".csv): {out}"
        )
        return EXIT_UNUSABLE
    try:
        period = parse_period(args.period) if args.period else None
    except PeriodError as exc:
        _err(f"Lỗi: {exc}")
        return EXIT_UNUSABLE
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    try:
        plan = load_plan(args.db, args.count, seed, period)
        content = render_plan(args.db, plan, fmt)
    except (WarehouseError, ValueError) as exc:
        _err(f"Lỗi: {exc}")
        return EXIT_UNUSABLE
    except duckdb.Error as exc:
        _err(f"Không lập được kế hoạch — kho dữ liệu cần được xây dựng lại (rebuild it?): {exc}")
        return EXIT_FAILED
    # audited first: the plan names agencies to inspect by surprise
    append_event(
        Path(args.audit), args.by, "plan_inspections", page="cli", details=audit_details(plan, str(out))
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(
        f"Đã lập kế hoạch kiểm tra (inspection plan written) {plan.period.code}, seed {plan.seed}: "
        f"{len(plan.rows)} cơ quan ({plan.by_rank} theo hạng, {len(plan.rows) - plan.by_rank} bốc "
        f"thăm) → {out}"
    )
    for number, row in enumerate(plan.rows, start=1):
        print(
            f"{number:>3}. {row['agency_id']:<12} {SELECTED_BY_VI[row['selected_by']]:<22} hạng "
            f"{row['risk_rank']}"
        )
    return EXIT_OK
