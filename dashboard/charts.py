"""Chart builders: DataFrame → Plotly figure. Pure functions, no st.* calls, unit-tested.

Both dashboard engineers add builders here (append; keep each builder small and documented).
Labels are passed in by the caller (already translated); builders never look up strings themselves.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

PALETTE = {
    "on_time": "#2e7d32",
    "late": "#f9a825",
    "overdue": "#c62828",
    "neutral": "#546e7a",
    "band": "rgba(46,125,50,0.15)",
}


def _layout(fig: go.Figure, height: int = 320) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        separators=",.",
    )
    return fig


def rate_trend(
    df: pd.DataFrame, x: str, rate: str, low: str, high: str, *, title: str, rate_label: str, band_label: str
) -> go.Figure:
    """A rate over periods with its interval as a band. Rates are fractions; shown as %."""
    data = df.sort_values(x)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=data[x], y=data[high], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"
        )
    )
    fig.add_trace(
        go.Scatter(
            x=data[x],
            y=data[low],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=PALETTE["band"],
            name=band_label,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=data[x], y=data[rate], mode="lines+markers", name=rate_label, line={"color": PALETTE["on_time"]}
        )
    )
    fig.update_layout(title=title, yaxis={"tickformat": ".0%", "range": [0, 1.02]})
    return _layout(fig)


def count_bars(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    y_label: str,
    color: str = "overdue",
    horizontal: bool = False,
) -> go.Figure:
    """Counts per category (or per period) as bars."""
    if horizontal:
        data = df.iloc[::-1]  # the first row at the top
        bar = go.Bar(x=data[y], y=data[x], orientation="h", name=y_label, marker_color=PALETTE[color])
    else:
        bar = go.Bar(x=df[x], y=df[y], name=y_label, marker_color=PALETTE[color])
    fig = go.Figure(bar)
    fig.update_layout(title=title)
    return _layout(fig, height=max(320, 28 * len(df) + 80) if horizontal else 320)


def stacked_counts(df: pd.DataFrame, x: str, series: dict[str, tuple[str, str]], *, title: str) -> go.Figure:
    """Several count columns stacked per x: series maps column → (legend label, palette key)."""
    fig = go.Figure()
    for column, (name, color) in series.items():
        fig.add_trace(go.Bar(x=df[x], y=df[column], name=name, marker_color=PALETTE.get(color, color)))
    fig.update_layout(title=title, barmode="stack")
    return _layout(fig)
