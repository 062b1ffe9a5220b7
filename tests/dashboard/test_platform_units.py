"""Formatting (Vietnamese numbers and dates), labels, and the overview/data-quality chart builders."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
import streamlit as st

from dashboard import charts, fmt
from dashboard.downloads import to_csv, to_xlsx
from dashboard.labels import agency_label, person_label


@pytest.fixture
def english():
    st.session_state["lang"] = "en"
    yield
    del st.session_state["lang"]


def test_vietnamese_formats() -> None:
    assert fmt.date(dt.date(2026, 11, 27)) == "27/11/2026"
    assert fmt.date(pd.Timestamp("2026-01-05 10:30")) == "05/01/2026"
    assert fmt.date(None) == "" and fmt.date(pd.NaT) == ""
    assert fmt.datetime(dt.datetime(2026, 1, 5, 9, 7)) == "05/01/2026 09:07"
    assert fmt.number(1234567) == "1.234.567"
    assert fmt.number(1234.5, decimals=1) == "1.234,5"
    assert fmt.percent(0.825) == "82,5%"
    assert fmt.percent(None) == "—"
    assert fmt.rate_with_interval(0.825, 0.741, 0.886, 40, 5) == "82,5% (74,1–88,6%; n = 40)"
    assert fmt.rate_with_interval(1.0, 0.4, 1.0, 3, 5) == "Không đủ dữ liệu (n = 3)"
    assert fmt.rate_with_interval(None, None, None, 0, 5) == "Không đủ dữ liệu (n = 0)"


def test_english_formats(english) -> None:
    assert fmt.number(1234.5, decimals=1) == "1,234.5"
    assert fmt.rate_with_interval(0.825, 0.741, 0.886, 40, 5) == "82.5% (74.1–88.6%; n = 40)"
    assert fmt.rate_with_interval(1.0, 0.4, 1.0, 3, 5) == "Insufficient data (n = 3)"


def test_people_and_agencies_by_name_with_id() -> None:
    assert person_label("Nguyễn Văn An", "O1") == "Nguyễn Văn An (O1)"
    assert person_label(None, "O9") == "(O9)"
    assert agency_label("Sở Xây dựng", "SXD") == "Sở Xây dựng (SXD)"


def test_exports_keep_vietnamese() -> None:
    frame = pd.DataFrame({"Cơ quan": ["Sở Xây dựng (SXD)"], "Số": [3]})
    assert to_csv(frame).decode("utf-8-sig").splitlines() == ["Cơ quan,Số", "Sở Xây dựng (SXD),3"]
    assert to_xlsx(frame)[:2] == b"PK"  # a zip container, i.e. an .xlsx workbook
    back = pd.read_excel(io.BytesIO(to_xlsx(frame)), engine="openpyxl")
    assert back.to_dict("records") == frame.to_dict("records")


def test_rate_trend_draws_band_and_rate() -> None:
    months = pd.DataFrame({
        "m": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
        "r": [0.8, None, 0.9], "lo": [0.7, None, 0.8], "hi": [0.9, None, 0.95],
    })  # fmt: skip
    fig = charts.rate_trend(months, x="m", rate="r", low="lo", high="hi", rate_name="Tỷ lệ", band_name="KTC",
                            x_title="Tháng", title="Xu hướng")  # fmt: skip
    assert [trace.name for trace in fig.data] == [None, "KTC", "Tỷ lệ"]
    assert list(fig.data[2].y[:1]) == [0.8] and fig.layout.yaxis.tickformat == ".0%"
    assert fig.layout.separators == ",."


def test_count_bars_keeps_the_first_row_on_top() -> None:
    top = pd.DataFrame({"agency": ["A (1)", "B (2)"], "n": [5, 3]})
    fig = charts.count_bars(top, x="agency", y="n", y_name="Quá hạn", x_title="Cơ quan", horizontal=True)
    assert fig.data[0].orientation == "h"
    assert list(fig.layout.yaxis.categoryarray) == ["B (2)", "A (1)"]
