"""`congvu report --kind review`: officials under review (personnel_review) for the Department of Home
Affairs and the City Inspectorate, with names, agencies, reasons and severity.

personnel_review is judged as of the warehouse's as_of, not per period: the report lists it when that day
falls within the requested period, and otherwise says there is no data for the period.
"""

from __future__ import annotations

from pipelines.decisions.policy import decision_text
from pipelines.reports.common import Context, period_range
from pipelines.reports.model import NO_DATA, Column, Report, Section, Table, number
from pipelines.reports.periods import vn_date
from pipelines.reports.queries import Warehouse


def build_review_report(wh: Warehouse, ctx: Context) -> Report:
    period = ctx.period
    in_period = period.start <= ctx.as_of <= period.end
    min_n = int(float(wh.setting("review.min_tasks")))  # the minimum personnel_review judged its rates with
    rows = wh.run("review_list") if in_period else []
    _rate_columns(rows)
    # the Department's outcome, from the decision store at build time
    for row in rows:
        row["decision_text"] = decision_text(
            "review", row.get("decision"), row.get("decided_by"), row.get("decided_on")
        )
    report = Report(
        kind="review",
        issuer_parent=ctx.issuer_parent,
        issuer="SỞ NỘI VỤ",
        number="Số:        /BC-SNV",
        place=ctx.place,
        issued_on=ctx.issued_on,
        doc_type="BÁO CÁO",
        title=f"Danh sách cán bộ, công chức, viên chức thuộc diện xem xét thay thế, điều chuyển hoặc xử lý "
        f"{period.label_vi}",
        period_label=period.label_vi,
        judged_on=ctx.as_of,
        has_data=bool(rows),
        recipients=[
            "Chủ tịch UBND thành phố (để báo cáo);",
            "Thanh tra thành phố;",
            "Các cơ quan có cán bộ thuộc diện xem xét;",
            "Lưu: VT.",
        ],
        signer_title=["GIÁM ĐỐC"],
    )
    report.intro = [
        "Thực hiện Công điện 280/CĐ-TTg ngày 19/4/2023 của Thủ tướng Chính phủ và Công văn "
        "966/UBND-KSTTHC ngày 4/5/2023 của UBND thành phố về chấn chỉnh, tăng cường trách nhiệm trong xử "
        "lý công việc, Sở Nội vụ phối hợp với Thanh tra thành phố tổng hợp danh sách cán bộ, công chức, "
        "viên chức thuộc diện xem xét để thay thế, điều chuyển hoặc xử lý kỷ luật.",
        f"Danh sách được xác định tại ngày {vn_date(ctx.as_of)} (ngày số liệu của kho dữ liệu). "
        "Mức độ “Cao”: từ hai lý do trở lên hoặc đang trong thời hạn kỷ luật. Tỷ lệ hoàn thành đúng hạn "
        "được thể hiện bằng khoảng tin cậy 95% kèm số nhiệm vụ đến hạn; dưới "
        f"{min_n} nhiệm vụ đến hạn ghi “Chưa đủ dữ liệu”. Đây là danh sách để xem xét, không phải kết "
        "luận; mỗi lý do có hồ sơ, bản ghi cụ thể trong kho dữ liệu.",
    ]
    if not in_period:
        report.intro.append(
            f"{NO_DATA} cho kỳ {period.label_vi} ({period_range(ctx)}): danh sách xem xét chỉ được xác "
            "định tại "
            f"ngày số liệu của kho dữ liệu ({vn_date(ctx.as_of)}), nằm ngoài kỳ báo cáo."
        )
    elif not rows:
        report.intro.append(
            f"{NO_DATA}: không có cán bộ, công chức, viên chức nào thuộc diện xem xét tại ngày "
            f"{vn_date(ctx.as_of)}."
        )
    high = sum(1 for r in rows if r["severity"] == "high")
    report.sections.append(
        Section(
            "DANH SÁCH XEM XÉT",
            paragraphs=[
                f"Có {number(len(rows))} người thuộc diện xem xét, trong đó {number(high)} người ở mức độ "
                "cao."
            ]
            if rows
            else [],
            tables=[
                Table(
                    sheet="Diện xem xét",
                    title=f"Danh sách cán bộ thuộc diện xem xét tại ngày {vn_date(ctx.as_of)}",
                    columns=[
                        Column("official_name", "Họ và tên", "text", 24),
                        Column("position_label", "Chức vụ", "text", 12),
                        Column("category_label", "Ngạch", "text", 10),
                        Column("agency_name", "Cơ quan", "text", 28),
                        Column("severity_label", "Mức độ", "text", 11),
                        Column("reasons", "Lý do", "text", 60),
                        Column("n_due", "Số nhiệm vụ đến hạn", "int", 9),
                        Column("rate_low", "Tỷ lệ đúng hạn: cận dưới 95%", "pct", 10),
                        Column("rate_high", "Tỷ lệ đúng hạn: cận trên 95%", "pct", 10),
                        Column("rate_note", "Ghi chú", "text", 14),
                        Column("decision_text", "Kết quả rà soát (Sở Nội vụ)", "text", 22),
                    ],
                    rows=rows,
                    empty_text=f"{NO_DATA}: không có người thuộc diện xem xét (no officials under review).",
                )
            ],
        )
    )
    return report


def _rate_columns(rows: list[dict]) -> None:
    """The on-time interval next to each name: the review mart's own figures (the ones its reasons quote),
    which it leaves NULL below its minimum n: then no number is shown, only "Chưa đủ dữ liệu"
    (domain.md §8)."""
    for row in rows:
        enough = row["on_time_rate_low"] is not None
        row["n_due"] = row["tasks_due"]
        row["rate_low"], row["rate_high"] = (
            (row["on_time_rate_low"], row["on_time_rate_high"]) if enough else (None, None)
        )
        row["rate_note"] = "" if enough else "Chưa đủ dữ liệu"
