"""Chart builders on plain DataFrames: figure type, traces and the values they carry (no Streamlit)."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts

BUCKETS = ["1–7", "8–30", "31–90", ">90"]


def test_aging_bars_keep_bucket_order_and_fill_empty_buckets_with_zero():
    df = pd.DataFrame(
        {
            "bucket": [">90", "1–7", "8–30", "1–7"],
            "source": ["Chính phủ", "Chính phủ", "Chủ tịch", "Chủ tịch"],
            "tasks": [2, 1, 4, 3],
        }
    )
    fig = charts.aging_bars(
        df,
        bucket="bucket",
        count="tasks",
        group="source",
        bucket_order=BUCKETS,
        x_title="Số ngày quá hạn",
        y_title="Số nhiệm vụ",
    )
    assert isinstance(fig, go.Figure)
    assert [t.type for t in fig.data] == ["bar", "bar"]
    # labels reach Plotly escaped (">90" as "&gt;90", which Plotly draws as ">90")
    by_name = {t.name: ([html.unescape(x) for x in t.x], list(t.y)) for t in fig.data}
    assert by_name["Chính phủ"] == (BUCKETS, [1, 0, 0, 2])
    assert by_name["Chủ tịch"] == (BUCKETS, [3, 4, 0, 0])
    assert fig.layout.barmode == "stack"
    assert fig.layout.xaxis.title.text == "Số ngày quá hạn"
    assert fig.layout.separators == ",."


def test_aging_bars_on_no_rows_is_an_empty_figure():
    df = pd.DataFrame({"bucket": [], "source": [], "tasks": []})
    fig = charts.aging_bars(
        df, bucket="bucket", count="tasks", group="source", bucket_order=BUCKETS, x_title="x", y_title="y"
    )
    assert len(fig.data) == 0


def test_task_timeline_orders_steps_by_date_and_shows_dates_day_first():
    df = pd.DataFrame(
        {
            "on": [dt.date(2023, 3, 20), dt.date(2023, 3, 1), dt.date(2023, 4, 2), None],
            "lane": ["Chuyển xử lý", "Giao việc", "Hoàn thành", "Gia hạn"],
            "text": ["chuyển", "giao", "xong", "không ngày"],
        }
    )
    fig = charts.task_timeline(df, when="on", lane="lane", text="text", x_title="Ngày", y_title="Bước")
    (trace,) = fig.data
    assert trace.type == "scatter"
    assert list(trace.y) == ["Giao việc", "Chuyển xử lý", "Hoàn thành"]
    assert list(trace.text) == ["giao", "chuyển", "xong"]
    assert fig.layout.xaxis.tickformat == "%d/%m/%Y"
    # the first step is at the top of the chart
    assert list(fig.layout.yaxis.categoryarray) == ["Hoàn thành", "Chuyển xử lý", "Giao việc"]


def test_handover_sankey_separates_senders_and_receivers_so_bounces_show():
    df = pd.DataFrame(
        {
            "from": ["Sở Xây dựng (SXD)", "UBND (UBND)", "Sở Tài chính (STC)"],
            "to": ["UBND (UBND)", "Sở Xây dựng (SXD)", "Sở Xây dựng (SXD)"],
            "n": [5, 3, 0],
        }
    )
    fig = charts.handover_sankey(df, source="from", target="to", value="n")
    (trace,) = fig.data
    assert trace.type == "sankey"
    labels = list(trace.node.label)
    assert labels == ["Sở Xây dựng (SXD)", "UBND (UBND)", "UBND (UBND)", "Sở Xây dựng (SXD)"]
    assert list(trace.link.source) == [0, 1]
    assert list(trace.link.target) == [2, 3]
    assert list(trace.link.value) == [5.0, 3.0]


def test_rate_intervals_draw_asymmetric_error_bars_and_skip_missing_rates():
    df = pd.DataFrame(
        {
            "who": ["A", "B", "C"],
            "rate": [0.8, None, 0.5],
            "low": [0.6, None, 0.2],
            "high": [0.9, None, 0.8],
        }
    )
    fig = charts.rate_intervals(
        df, label="who", rate="rate", low="low", high="high", x_title="Tỷ lệ đúng hạn"
    )
    (trace,) = fig.data
    assert list(trace.y) == ["A", "C"]
    assert list(trace.x) == [0.8, 0.5]
    assert trace.error_x.array == pytest.approx([0.1, 0.3])
    assert trace.error_x.arrayminus == pytest.approx([0.2, 0.3])
    assert fig.layout.xaxis.tickformat == ".0%"


def test_stacked_counts_one_trace_per_group_in_given_order():
    df = pd.DataFrame(
        {
            "agency": ["SXD", "SXD", "STC"],
            "status": ["Trả lời quá hạn", "Đúng hạn", "Đúng hạn"],
            "n": [2, 5, 1],
        }
    )
    fig = charts.stacked_counts(
        df,
        category="agency",
        group="status",
        count="n",
        x_title="Số",
        y_title="Cơ quan",
        group_order=["Đúng hạn", "Trả lời quá hạn", "Không có"],
    )
    assert [t.name for t in fig.data] == ["Đúng hạn", "Trả lời quá hạn"]
    assert list(fig.data[0].y) == ["SXD", "STC"]
    assert list(fig.data[0].x) == [5, 1]
    assert list(fig.data[1].x) == [2, 0]
    assert fig.data[0].orientation == "h"


def test_cap_check_bars_mark_agencies_over_the_cap():
    df = pd.DataFrame({"agency": ["SXD", "STC"], "excellent": [3, 1], "cap": [1, 2], "over": [True, False]})
    fig = charts.cap_check_bars(
        df,
        label="agency",
        excellent="excellent",
        cap_limit="cap",
        exceeded="over",
        excellent_name="Xuất sắc",
        cap_name="Giới hạn",
        x_title="Số người",
    )
    bars, caps = fig.data
    assert bars.type == "bar" and caps.type == "scatter"
    assert list(bars.x) == [3, 1]
    assert list(caps.x) == [1, 2]
    assert list(bars.marker.color) == ["#d62728", "#1f77b4"]


def test_period_bars_span_from_start_to_end_with_a_today_line():
    df = pd.DataFrame(
        {
            "who": ["Nguyễn Văn An (O1)", "Lê Minh Châu (O3)"],
            "start": [dt.date(2023, 1, 10), dt.date(2024, 2, 1)],
            "end": [dt.date(2024, 1, 10), dt.date(2026, 2, 1)],
            "form": ["Khiển trách", "Cách chức"],
        }
    )
    fig = charts.period_bars(
        df,
        label="who",
        start="start",
        end="end",
        group="form",
        x_title="Thời gian",
        today=dt.date(2025, 6, 30),
        today_name="Hôm nay",
    )
    assert [t.name for t in fig.data] == ["Khiển trách", "Cách chức"]
    first = fig.data[0]
    assert list(first.base) == ["2023-01-10"]
    assert first.x[0] == pytest.approx(365 * 86400 * 1000)
    assert tuple(first.customdata[0]) == ("10/01/2023", "10/01/2024")
    assert fig.layout.shapes[0].x0 == "2025-06-30"


def test_data_text_reaches_plotly_as_text_not_markup() -> None:
    """An agency named with HTML is drawn as that text: Plotly would make `<a href>` a clickable link."""
    evil = '<a href="https://evil.example/x">Sở Xây dựng</a>'
    df = pd.DataFrame({"agency": [evil, "Sở Tài chính"], "kind": ["k", "k"], "flags": [3, 1]})
    fig = charts.stacked_counts(df, category="agency", group="kind", count="flags", x_title="n", y_title="a")
    shown = [str(v) for trace in fig.data for v in trace.y] + list(fig.layout.yaxis.categoryarray)
    assert all("<a" not in v for v in shown)
    assert '&lt;a href="https://evil.example/x"&gt;Sở Xây dựng&lt;/a&gt;' in shown
