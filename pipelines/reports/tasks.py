"""`congvu report --kind tasks`: Báo cáo tình hình thực hiện nhiệm vụ (the City PC Office's task report).

What "in the period" means, figure by figure (also printed in the report itself):
- tasks counted are those ASSIGNED in the period (assigned_on from its first day to the judging day);
- their status is judged on the judging day: the period's last day, or the warehouse's as_of when the
  period has not ended yet. On the as_of day the statuses are task_status's own; on an earlier day the
  same rules are applied to the dates in task_status (completed by then, extensions decided by then);
- the overdue key tasks are all key tasks in progress past their deadline on the judging day, whenever
  they were assigned (carried-over work included, marked as such);
- shifting findings are those dated (occurred_on) in the period up to the judging day;
- the previous period is judged the same way on its own last day.
"""

from __future__ import annotations

from typing import Any

from pipelines.reports.common import Context, period_range
from pipelines.reports.model import NO_DATA, Column, Report, Section, Table, number, percent
from pipelines.reports.periods import vn_date
from pipelines.reports.queries import Warehouse
from pipelines.vocab import codes

SHIFTING_TOP = 10

COUNT_COLUMNS = [
    Column("tasks_assigned", "Số nhiệm vụ được giao", "int", 10),
    Column("done_on_time", "Hoàn thành đúng hạn", "int", 10),
    Column("done_late", "Hoàn thành quá hạn", "int", 10),
    Column("done_no_deadline", "Hoàn thành (không có thời hạn)", "int", 11),
    Column("open_on_time", "Đang thực hiện trong hạn", "int", 10),
    Column("open_no_deadline", "Đang thực hiện (không có thời hạn)", "int", 11),
    Column("open_overdue", "Đang thực hiện quá hạn", "int", 10),
    Column("overdue_share_of_deadline", "Tỷ lệ quá hạn / số có thời hạn", "pct", 11),
    Column("overdue_share_of_all", "Tỷ lệ quá hạn / tổng số", "pct", 10),
]

INDICATORS = [
    ("tasks_assigned", "Số nhiệm vụ được giao", "int"),
    ("with_deadline", "Trong đó: có thời hạn", "int"),
    ("done_on_time", "Hoàn thành đúng hạn", "int"),
    ("done_late", "Hoàn thành quá hạn", "int"),
    ("done_no_deadline", "Hoàn thành (không có thời hạn)", "int"),
    ("open_on_time", "Đang thực hiện trong hạn", "int"),
    ("open_no_deadline", "Đang thực hiện (không có thời hạn)", "int"),
    ("open_overdue", "Đang thực hiện quá hạn", "int"),
    ("overdue_share_of_deadline", "Tỷ lệ quá hạn trên số nhiệm vụ có thời hạn", "pct"),
    ("overdue_share_of_all", "Tỷ lệ quá hạn trên tổng số nhiệm vụ", "pct"),
    ("key_open_overdue", "Nhiệm vụ trọng tâm giao trong kỳ đang quá hạn", "int"),
]


def build_tasks_report(wh: Warehouse, ctx: Context) -> Report:
    period, previous = ctx.period, ctx.period.previous()
    prev_cutoff = min(previous.end, ctx.as_of)
    wh.prepare_periods({"current": (period.start, ctx.cutoff), "previous": (previous.start, prev_cutoff)})
    totals = {r["which"]: r for r in wh.run("task_totals")}
    current = totals.get("current")
    by_source = wh.run("tasks_by_source", source_order=codes("task_source"))
    by_agency = wh.run("tasks_by_agency")
    overdue_key = wh.run("overdue_key_tasks") if ctx.started else []
    shifting = wh.run("shifting_by_agency", start=period.start, cutoff=ctx.cutoff, limit=SHIFTING_TOP)
    shifting_totals = wh.run(
        "shifting_totals",
        start=period.start,
        cutoff=ctx.cutoff,
        prev_start=previous.start,
        prev_cutoff=prev_cutoff,
    )[0]
    has_data = bool(current) or bool(overdue_key) or shifting_totals["current_findings"] > 0

    report = Report(
        kind="tasks",
        issuer_parent=ctx.issuer_parent,
        issuer="VĂN PHÒNG",
        number="Số:        /BC-VP",
        place=ctx.place,
        issued_on=ctx.issued_on,
        doc_type="BÁO CÁO",
        title=f"Tình hình thực hiện nhiệm vụ được giao {period.label_vi}",
        period_label=period.label_vi,
        judged_on=ctx.cutoff,
        has_data=has_data,
        recipients=[
            "Chủ tịch, các Phó Chủ tịch UBND thành phố (để báo cáo);",
            "Các sở, ban, ngành, UBND các quận, huyện;",
            "Chánh Văn phòng, các Phó Chánh Văn phòng;",
            "Lưu: VT.",
        ],
        signer_title=["CHÁNH VĂN PHÒNG"],
    )
    report.intro = [
        f"Văn phòng {ctx.city_name} báo cáo tình hình thực hiện các nhiệm vụ do Chính phủ, Thủ tướng Chính "
        f"phủ, UBND thành phố và Chủ tịch UBND thành phố giao {period.label_vi} ({period_range(ctx)}), "
        "theo dữ liệu theo dõi nhiệm vụ của các cơ quan, như sau:",
        f"Cách tính: số liệu gồm các nhiệm vụ được giao trong kỳ; tình trạng thực hiện được xác định tại "
        f"{ctx.cutoff_words()}, theo hạn xử lý có hiệu lực tại ngày đó (kể cả gia hạn đã được chấp thuận). "
        '"Quá hạn" là nhiệm vụ đang thực hiện đã quá hạn xử lý; nhiệm vụ không có thời hạn không bao giờ '
        "được tính là quá hạn, nên tỷ lệ quá hạn được tính cả trên số nhiệm vụ có thời hạn và trên tổng số "
        "nhiệm vụ.",
    ]
    if not ctx.started:
        report.intro.append(
            f"{NO_DATA}: kỳ báo cáo bắt đầu sau ngày số liệu của kho dữ liệu ({vn_date(ctx.as_of)})."
        )
    elif not has_data:
        report.intro.append(
            f"{NO_DATA}: không có nhiệm vụ nào được giao trong kỳ báo cáo ({period_range(ctx)})."
        )

    report.sections.append(_overall(ctx, current, by_source))
    report.sections.append(_by_agency(current, by_agency))
    report.sections.append(_overdue_key(ctx, overdue_key))
    report.sections.append(_shifting(ctx, shifting))
    report.sections.append(_comparison(ctx, totals, shifting_totals, previous.label_vi, prev_cutoff))
    return report


def _overall(ctx: Context, current: dict[str, Any] | None, by_source: list[dict[str, Any]]) -> Section:
    section = Section("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO NGUỒN GIAO")
    if current:
        section.paragraphs.append(
            f"Trong kỳ, các cơ quan được giao {number(current['tasks_assigned'])} nhiệm vụ, trong đó "
            f"{number(current['with_deadline'])} nhiệm vụ có thời hạn. Đến ngày {vn_date(ctx.cutoff)}: "
            f"hoàn thành đúng hạn {number(current['done_on_time'])}; hoàn thành quá hạn "
            f"{number(current['done_late'])}; hoàn thành nhiệm vụ không có thời hạn "
            f"{number(current['done_no_deadline'])}; đang thực hiện trong hạn "
            f"{number(current['open_on_time'])}; "
            f"đang thực hiện (không có thời hạn) {number(current['open_no_deadline'])}; đang thực hiện quá "
            "hạn "
            f"{number(current['open_overdue'])}, chiếm {percent(current['overdue_share_of_deadline'])} số "
            "nhiệm "
            f"vụ có thời hạn và {percent(current['overdue_share_of_all'])} tổng số nhiệm vụ."
        )
    else:
        section.paragraphs.append(f"{NO_DATA}: không có nhiệm vụ nào được giao trong kỳ báo cáo.")
    section.tables.append(
        Table(
            sheet="Theo nguồn giao",
            title="Bảng 1. Tình hình thực hiện nhiệm vụ theo nguồn giao",
            columns=[Column("label", "Nguồn giao", "text", 26), *COUNT_COLUMNS],
            rows=by_source if current else [],
            empty_text=f"{NO_DATA}: không có nhiệm vụ được giao trong kỳ (no tasks assigned in the period).",
            total_last=True,
        )
    )
    return section


def _by_agency(current: dict[str, Any] | None, by_agency: list[dict[str, Any]]) -> Section:
    section = Section("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ")
    if current:
        section.paragraphs.append(
            "Các cơ quan được xếp theo số nhiệm vụ đang thực hiện quá hạn, nhiều nhất trước."
        )
    section.tables.append(
        Table(
            sheet="Theo cơ quan",
            title="Bảng 2. Tình hình thực hiện nhiệm vụ theo cơ quan chủ trì",
            columns=[Column("label", "Cơ quan chủ trì", "text", 34), *COUNT_COLUMNS],
            rows=by_agency if current else [],
            empty_text=f"{NO_DATA}: không có nhiệm vụ được giao trong kỳ (no tasks assigned in the period).",
            total_last=True,
        )
    )
    return section


def _overdue_key(ctx: Context, rows: list[dict[str, Any]]) -> Section:
    section = Section("III. NHIỆM VỤ TRỌNG TÂM ĐANG QUÁ HẠN")
    carried = sum(1 for r in rows if not r["in_period"])
    if rows:
        section.paragraphs.append(
            f"Đến ngày {vn_date(ctx.cutoff)} có {number(len(rows))} nhiệm vụ trọng tâm đang thực hiện quá hạn"
            + (f", trong đó {number(carried)} nhiệm vụ được giao từ các kỳ trước" if carried else "")
            + "; đề nghị các cơ quan chủ trì tập trung giải quyết dứt điểm."
        )
    else:
        section.paragraphs.append(f"Đến ngày {vn_date(ctx.cutoff)} không có nhiệm vụ trọng tâm nào quá hạn.")
    for row in rows:
        row["assigned_when"] = "Trong kỳ" if row["in_period"] else "Kỳ trước"
    section.tables.append(
        Table(
            sheet="NV trọng tâm quá hạn",
            title=f"Bảng 3. Nhiệm vụ trọng tâm đang quá hạn đến ngày {vn_date(ctx.cutoff)}",
            columns=[
                Column("title", "Trích yếu nhiệm vụ", "text", 40),
                Column("source_ref", "Văn bản giao", "text", 18),
                Column("source_label", "Nguồn giao", "text", 16),
                Column("agency_name", "Cơ quan chủ trì", "text", 26),
                Column("assigned_on", "Ngày giao", "date", 11),
                Column("due_on", "Hạn xử lý", "date", 11),
                Column("days_overdue", "Số ngày quá hạn", "int", 9),
                Column("assigned_when", "Giao trong kỳ / kỳ trước", "text", 11),
            ],
            rows=rows,
            empty_text="Không có nhiệm vụ trọng tâm quá hạn (no overdue key tasks).",
        )
    )
    return section


def _shifting(ctx: Context, rows: list[dict[str, Any]]) -> Section:
    section = Section("IV. CƠ QUAN CÓ NHIỀU BIỂU HIỆN ĐÙN ĐẨY, NÉ TRÁNH TRÁCH NHIỆM")
    section.paragraphs.append(
        f"Các phát hiện được ghi nhận {period_range(ctx)} (đến ngày {vn_date(ctx.cutoff)}) theo Công điện "
        "280/CĐ-TTg và Văn bản 966/UBND-KSTTHC: chuyển hoặc trình cấp trên việc thuộc thẩm quyền, hồ sơ bị "
        "trả lại, chuyển qua lại giữa các cơ quan, xin ý kiến và trả lời xin ý kiến không đúng quy định. "
        f"Danh sách gồm tối đa {SHIFTING_TOP} cơ quan có nhiều phát hiện nhất; mỗi phát hiện có bằng chứng "
        "cụ thể trong bảng shifting_flags của kho dữ liệu."
    )
    section.tables.append(
        Table(
            sheet="Đùn đẩy trách nhiệm",
            title="Bảng 4. Cơ quan có nhiều phát hiện đùn đẩy, né tránh trách nhiệm",
            columns=[
                Column("agency_name", "Cơ quan", "text", 34),
                Column("findings", "Tổng số phát hiện", "int", 10),
                Column("within_authority", "Chuyển, trình việc thuộc thẩm quyền", "int", 13),
                Column("ping_pong", "Chuyển qua lại", "int", 10),
                Column("dossiers_returned", "Hồ sơ bị trả lại", "int", 10),
                Column("consultation_findings", "Xin ý kiến, trả lời xin ý kiến", "int", 13),
                Column("tasks_involved", "Số nhiệm vụ liên quan", "int", 10),
            ],
            rows=rows,
            empty_text="Không có phát hiện đùn đẩy, né tránh trách nhiệm trong kỳ (no findings).",
        )
    )
    return section


def _comparison(
    ctx: Context,
    totals: dict[str, dict[str, Any]],
    shifting_totals: dict[str, Any],
    previous_label: str,
    prev_cutoff: Any,
) -> Section:
    section = Section("V. SO SÁNH VỚI KỲ TRƯỚC")
    section.paragraphs.append(
        f"Kỳ trước ({previous_label}) được tính theo cùng cách, với tình trạng xác định tại ngày "
        f"{vn_date(prev_cutoff)}. Với tỷ lệ, cột tăng/giảm là chênh lệch theo điểm phần trăm."
    )
    current, previous = totals.get("current") or {}, totals.get("previous") or {}
    rows: list[dict[str, Any]] = []
    for key, label, kind in INDICATORS:
        cur, prev = (
            current.get(key, 0 if kind == "int" else None),
            previous.get(key, 0 if kind == "int" else None),
        )
        rows.append(
            {
                "indicator": label,
                "current": cur,
                "previous": prev,
                "change": None if cur is None or prev is None else cur - prev,
                "_kind": kind,
            }
        )
    cur_f, prev_f = shifting_totals["current_findings"], shifting_totals["previous_findings"]
    rows.append(
        {
            "indicator": "Phát hiện đùn đẩy, né tránh trách nhiệm",
            "current": cur_f,
            "previous": prev_f,
            "change": cur_f - prev_f,
            "_kind": "int",
        }
    )
    section.tables.append(
        Table(
            sheet="So sánh kỳ trước",
            title=f"Bảng 5. So sánh {ctx.period.label_vi} với {previous_label}",
            columns=[
                Column("indicator", "Chỉ tiêu", "text", 44),
                Column("current", _upper_first(ctx.period.label_vi), "int", 16),
                Column("previous", _upper_first(previous_label), "int", 16),
                Column("change", "Tăng (+), giảm (−)", "int", 14, signed=True),
            ],
            rows=rows if (current or previous or cur_f or prev_f) else [],
            empty_text=f"{NO_DATA}: không có nhiệm vụ được giao trong kỳ này và kỳ trước.",
        )
    )
    return section


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
