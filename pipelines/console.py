"""What the terminal shows: the build summary and the agency scorecard, in Vietnamese number format."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines import formats
from pipelines.build import BuildSummary


def number(value: float | int | None) -> str:
    return "" if value is None else formats.number(value)


def percent(value: float | None) -> str:
    return "–" if value is None else formats.percent(value)


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), line(["─" * w for w in widths]), *(line(r) for r in rows)])


def print_build_summary(summary: BuildSummary) -> None:
    rows = [
        [
            f.file or f"({f.source})",
            number(f.loaded),
            number(f.rejected),
            f"{f.seconds:.2f}",
            "; ".join(f.notes),
        ]
        for f in summary.files
    ]
    print()
    print(
        f"Kho dữ liệu (warehouse): {summary.db_path}   ngày đánh giá (as of): {summary.as_of:%d/%m/%Y}   "
        f"lần xây dựng (run) #{summary.run_id}"
    )
    print(
        _table(
            ["Tệp (file)", "Nạp (loaded)", "Loại (rejected)", "Giây (s)", "Ghi chú (notes)"], rows, {1, 2, 3}
        )
    )
    if summary.not_read:
        print(
            "Tệp không đọc (files not read — tên không khớp loại dữ liệu nào): " + ", ".join(summary.not_read)
        )
    print(
        f"Tổng: {number(summary.rows_loaded)} dòng nạp, {number(summary.rows_rejected)} dòng bị loại — "
        f"{summary.seconds:.1f} s. Dòng bị loại và lý do: bảng rejected_rows."
    )


def print_agency_scorecard(db_path: Path, limit: int = 15, organised: str = "now") -> None:
    """The agencies with the most overdue key work first: a real first look at the warehouse. As organised
    now (agency_scorecard_current: agencies in force, with the figures of those merged into them) by default;
    `organised="then"` reads agency_scorecard (the agency that held each record)."""
    table_name = {"now": "agency_scorecard_current", "then": "agency_scorecard"}[organised]
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            "select name, tasks_total, open_overdue, key_open_overdue, on_time_rate, on_time_rate_low, "
            f"on_time_rate_high, shifting_flags from {table_name} "
            "order by key_open_overdue desc, open_overdue desc, name limit $n",
            {"n": limit},
        ).fetchall()
    finally:
        con.close()
    table = [
        [
            name,
            number(total),
            number(overdue),
            number(key_overdue),
            percent(rate),
            f"{percent(low)}–{percent(high)}" if rate is not None else "–",
            number(flags),
        ]
        for name, total, overdue, key_overdue, rate, low, high, flags in rows
    ]
    print()
    reading = "theo tổ chức hiện nay" if organised == "now" else "theo tổ chức tại thời điểm phát sinh"
    print(
        f"Bảng điểm cơ quan (agency scorecard), {reading} — {limit} cơ quan có nhiều nhiệm vụ trọng tâm "
        "quá hạn nhất"
    )
    print(
        _table(
            [
                "Cơ quan",
                "Nhiệm vụ",
                "Quá hạn",
                "Trọng tâm quá hạn",
                "Đúng hạn",
                "Khoảng tin cậy 95%",
                "Đùn đẩy",
            ],
            table,
            {1, 2, 3, 4, 5, 6},
        )
    )
    print(
        f"Mở kho dữ liệu (open the warehouse): duckdb -readonly {db_path}  hoặc  "
        f"python -c \"import duckdb; print(duckdb.connect('{db_path}', read_only=True)"
        ".sql('from agency_scorecard_current'))\""
    )
