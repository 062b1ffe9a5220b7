"""Chart builders on plain DataFrames: figure type, traces and the values they carry (no Streamlit)."""

from __future__ import annotations

import datetime as dt
import html
import inspect

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


# --- every builder: the title at the top, the legend in a row below the plot; count axes in whole numbers ---

AGENCIES = ["Sở Xây dựng (SXD)", "Sở Tài chính (STC)", "Sở Nội vụ (SNV)"]


def _every_builder() -> dict[str, go.Figure]:
    """One figure from every public builder of dashboard/charts.py, each with a title and, where the builder
    draws more than one series, a legend (a test below checks that none is left out)."""
    day = dt.date(2026, 3, 1)
    return {
        "aging_bars": charts.aging_bars(
            pd.DataFrame({"bucket": ["1–7", ">90"], "source": ["A", "B"], "tasks": [1, 2]}),
            bucket="bucket", count="tasks", group="source", bucket_order=BUCKETS, x_title="x", y_title="y",
            title="Nhiệm vụ quá hạn",
        ),
        "task_timeline": charts.task_timeline(
            pd.DataFrame({"on": [day, dt.date(2026, 4, 1)], "lane": ["Giao", "Xong"], "text": ["a", "b"]}),
            when="on", lane="lane", text="text", x_title="Ngày", y_title="Bước", title="Diễn biến",
        ),
        "handover_sankey": charts.handover_sankey(
            pd.DataFrame({"from": ["A"], "to": ["B"], "n": [2]}), source="from", target="to", value="n",
            title="Chuyển giao",
        ),
        "rate_intervals": charts.rate_intervals(
            pd.DataFrame({"who": AGENCIES, "r": [0.5, 0.6, 0.7], "lo": [0.4] * 3, "hi": [0.8] * 3}),
            label="who", rate="r", low="lo", high="hi", x_title="Tỷ lệ", title="Tỷ lệ đúng hạn",
        ),
        "stacked_counts": charts.stacked_counts(
            pd.DataFrame({"agency": AGENCIES * 2, "kind": ["Bóng bàn"] * 3 + ["Trễ"] * 3,
                          "n": [1, 2, 3, 1, 1, 1]}),
            category="agency", group="kind", count="n", x_title="Số", y_title="Cơ quan", title="Dấu hiệu",
        ),
        "cap_check_bars": charts.cap_check_bars(
            pd.DataFrame({"agency": AGENCIES, "ex": [3, 1, 2], "cap": [2, 2, 2],
                          "over": [True, False, False]}),
            label="agency", excellent="ex", cap_limit="cap", exceeded="over", excellent_name="Xuất sắc",
            cap_name="Giới hạn", x_title="Số người", title="Giới hạn xuất sắc",
        ),
        "period_bars": charts.period_bars(
            pd.DataFrame({"who": ["An (O1)", "Châu (O3)"], "start": [day, day],
                          "end": [dt.date(2026, 6, 1), dt.date(2026, 9, 1)],
                          "form": ["Khiển trách", "Cảnh cáo"]}),
            label="who", start="start", end="end", group="form", x_title="Thời gian", today=day,
            today_name="Hôm nay", title="Thời gian có hiệu lực của quyết định kỷ luật",
        ),
        "rate_trend": charts.rate_trend(
            pd.DataFrame({"m": [day, dt.date(2026, 4, 1)], "r": [0.5, 0.6], "lo": [0.4, 0.5],
                          "hi": [0.6, 0.7]}),
            x="m", rate="r", low="lo", high="hi", rate_name="Tỷ lệ", band_name="KTC 95%", x_title="Tháng",
            title="Tỷ lệ theo tháng",
        ),
        "count_bars": charts.count_bars(
            pd.DataFrame({"agency": AGENCIES, "n": [3, 2, 1]}), x="agency", y="n", y_name="Quá hạn",
            x_title="Cơ quan", horizontal=True, title="Quá hạn",
        ),
        "custody_lanes": charts.custody_lanes(
            pd.DataFrame({"holder": ["SXD", "STC"], "start": [day, dt.date(2026, 3, 10)],
                          "end": [dt.date(2026, 3, 10), dt.date(2026, 4, 1)], "text": ["a", "b"],
                          "outside": [False, True]}),
            lane="holder", start="start", end="end", text="text", outside="outside", inside_name="Chủ trì",
            outside_name="Nơi khác", x_title="Ngày", title="Ai giữ nhiệm vụ",
        ),
    }  # fmt: skip


def test_every_public_builder_is_checked_for_its_title_and_legend() -> None:
    builders = {
        name
        for name, value in vars(charts).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", "") == charts.__name__
        and inspect.signature(value).return_annotation in ("go.Figure", go.Figure)
    }
    assert builders == set(_every_builder())


@pytest.mark.parametrize("name", sorted(_every_builder()))
def test_the_title_is_at_the_top_and_the_legend_below_the_plot(name: str) -> None:
    """Issue 12.7: a legend above the plot sat under the title (the discipline chart's title hid "Cảnh cáo").
    Both are placed in the figure's own coordinates — the title at its top, the legend at its bottom, below
    the plot and its axis titles — so Plotly reserves room for each: they never meet, whatever the width."""
    fig = _every_builder()[name]
    title, legend = fig.layout.title, fig.layout.legend
    assert title.text
    assert (title.yref, title.y, title.yanchor) == ("container", 1, "top")
    assert (legend.yref, legend.y, legend.yanchor, legend.orientation) == ("container", 0, "bottom", "h")
    # the plot reserves no room above it for a legend: only the title's
    assert fig.layout.margin.t <= 50


@pytest.mark.parametrize(
    "name", ["aging_bars", "stacked_counts", "cap_check_bars", "period_bars", "rate_trend"]
)
def test_charts_of_several_series_show_their_legend(name: str) -> None:
    fig = _every_builder()[name]
    assert fig.layout.showlegend is True
    assert len({trace.name for trace in fig.data if trace.showlegend is not False}) >= 2


def _count_axis_ticks(fig: go.Figure, axis: str) -> list[float]:
    layout_axis = fig.layout[axis]
    assert layout_axis.tickmode == "linear" and layout_axis.tick0 == 0
    return [layout_axis.dtick * i for i in range(charts.MAX_TICKS + 1)]


@pytest.mark.parametrize(
    ("name", "axis"),
    [
        ("aging_bars", "yaxis"),
        ("stacked_counts", "xaxis"),
        ("cap_check_bars", "xaxis"),
        ("count_bars", "xaxis"),
    ],
)
def test_count_axes_tick_at_whole_numbers(name: str, axis: str) -> None:
    """The overview's chart of ten bars of 1 had ticks at 0, 0,5, 1: a count axis ticks at whole numbers."""
    fig = _every_builder()[name]
    assert isinstance(fig.layout[axis].dtick, int) and fig.layout[axis].dtick >= 1
    assert fig.layout[axis].tickformat == ",d"


def test_ten_equal_bars_of_one_tick_at_zero_and_one_only() -> None:
    top = pd.DataFrame({"agency": [f"Cơ quan {i}" for i in range(10)], "n": [1] * 10})
    fig = charts.count_bars(
        top, x="agency", y="n", y_name="Trọng tâm quá hạn", x_title="Cơ quan", horizontal=True
    )
    assert fig.layout.xaxis.dtick == 1


@pytest.mark.parametrize(
    ("top", "step"),
    [(0, 1), (1, 1), (6, 1), (7, 2), (12, 2), (13, 5), (30, 5), (31, 10), (950, 200), (1e6, 200000)],
)
def test_integer_step_gives_whole_steps_and_few_ticks(top: float, step: int) -> None:
    assert charts.integer_step(top) == step
    assert top / step <= charts.MAX_TICKS


# --- no degenerate chart: bars that do not differ are not drawn (the rule, once, in charts.py) -------------


def test_equal_bars_or_a_single_bar_do_not_separate() -> None:
    ten = pd.DataFrame({"agency": [f"A{i}" for i in range(10)], "key": [1] * 10, "all": range(10, 20)})
    assert not charts.separates(ten, bar="agency", measure="key")
    assert charts.separates(ten, bar="agency", measure="all")
    assert not charts.separates(ten.head(1), bar="agency", measure="all")
    assert not charts.separates(ten.head(0), bar="agency", measure="all")


def test_stacked_bars_separate_by_their_parts_as_well_as_their_length() -> None:
    same_length = pd.DataFrame(
        {"agency": ["A", "A", "B", "B"], "kind": ["x", "y", "x", "y"], "n": [1, 2, 2, 1]}
    )
    assert charts.separates(same_length, bar="agency", measure="n", part="kind")
    alike = same_length.assign(n=[1, 2, 1, 2])
    assert not charts.separates(alike, bar="agency", measure="n", part="kind")
    one_bar = same_length[same_length["agency"] == "A"]
    assert not charts.separates(one_bar, bar="agency", measure="n", part="kind")


def test_separating_measure_takes_the_first_measure_that_separates_or_none() -> None:
    top = pd.DataFrame({"agency": ["A", "B", "C"], "key": [1, 1, 1], "open": [5, 3, 3], "flat": [2, 2, 2]})
    assert charts.separating_measure(top, bar="agency", measures=["key", "open"]) == "open"
    assert charts.separating_measure(top, bar="agency", measures=["open", "key"]) == "open"
    assert charts.separating_measure(top, bar="agency", measures=["key", "flat"]) is None


def test_long_category_labels_are_cut_on_the_axis_but_stay_whole_in_the_data() -> None:
    """At 390 px a full agency name took the chart's width: the axis shows a short label that keeps the code;
    the bar's category (hover, and the label a click returns to links.follow_chart) stays whole."""
    long = "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn (BQLDA-NN)"
    top = pd.DataFrame({"agency": [long, "Sở Y tế (SYT)"], "n": [3, 2]})
    fig = charts.count_bars(top, x="agency", y="n", y_name="Quá hạn", x_title="Cơ quan", horizontal=True)
    assert list(fig.data[0].y) == [long, "Sở Y tế (SYT)"]
    assert list(fig.layout.yaxis.tickvals) == ["Sở Y tế (SYT)", long]
    short = fig.layout.yaxis.ticktext[1]
    assert short.endswith("… (BQLDA-NN)") and len(short) <= charts.LABEL_CHARS
    assert fig.layout.yaxis.ticktext[0] == "Sở Y tế (SYT)"
    assert charts.short_label("Nguyễn Thị Thanh Phương (CB0001769)") == "Nguyễn Thị Thanh… (CB0001769)"
