"""Chart builders: a DataFrame in, a Plotly figure out.

Pure functions — no Streamlit, no database, no translation: the page passes the column names and the
(already translated) titles, so every builder is tested on a plain DataFrame. Numbers on axes follow
the Vietnamese convention by default (decimal comma, thousands dot); pass ``separators=".,"`` for English.
Dates on axes are shown dd/mm/yyyy.

Plotly draws a subset of HTML in labels and hover text (`<a href>`, `<b>`, `<br>`): every builder passes
its figure through `_layout`, which escapes the data's text (`<`, `>`, `&`) in every trace, axis category
list and annotation — an agency named `<a href=…>` is shown as that text, not as a link.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

VI_SEPARATORS = ",."
DATE_AXIS_FORMAT = "%d/%m/%Y"


def _escaped(value: object) -> object:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v) for v in value)
    if hasattr(value, "dtype") and hasattr(value, "tolist") and getattr(value.dtype, "kind", "") in "OUS":
        return [_escaped(v) for v in value.tolist()]
    return value


_TEXT_FIELDS = ("x", "y", "text", "hovertext", "labels", "customdata", "name", "ids")


def _escape_text(fig: go.Figure) -> None:
    """Data text shown as text: escapes what Plotly would read as markup (the builders' own templates and
    titles are left alone: they come from the code and the translations)."""
    for trace in fig.data:
        for name in _TEXT_FIELDS:
            if name in trace and trace[name] is not None:
                value = trace[name]
                if name == "customdata" and hasattr(value, "tolist"):
                    value = value.tolist()
                if name == "customdata" and isinstance(value, list):
                    trace[name] = [_escaped(row) if isinstance(row, list) else _escaped(row) for row in value]
                else:
                    trace[name] = _escaped(value)
        if trace.type == "sankey" and trace.node is not None and trace.node.label is not None:
            trace.node.label = _escaped(list(trace.node.label))
    for axis in ("xaxis", "yaxis"):
        layout_axis = fig.layout[axis]
        if layout_axis.categoryarray is not None:
            layout_axis.categoryarray = _escaped(list(layout_axis.categoryarray))


# Where the title and the legend go, for every chart: the title at the top left of the figure, the legend
# in a row at the bottom of the figure, below the plot and its axis titles. Both are placed in container
# coordinates, so Plotly reserves their room and shrinks the plot instead of drawing one over the other (a
# legend above the plot sat under the title: the discipline chart's title hid "Cảnh cáo"); on a phone the
# legend wraps onto more rows below the plot and still stays clear of the title.
TITLE_PLACE = {"x": 0, "xanchor": "left", "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}}
LEGEND_PLACE = {
    "orientation": "h",
    "xref": "container",
    "x": 0,
    "xanchor": "left",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
}
# at most this many gaps between the ticks of a count axis or a date axis (readable on a 390 px phone)
MAX_TICKS = 6


def _layout(fig: go.Figure, *, title: str | None, separators: str, height: int | None = None) -> go.Figure:
    _escape_text(fig)
    shows_legend = _shows_legend(fig)
    fig.update_layout(
        title={"text": title, **TITLE_PLACE} if title else None,
        separators=separators,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        legend=LEGEND_PLACE,
        showlegend=shows_legend,
        **({"height": height + (40 if shows_legend else 0)} if height else {}),
    )
    for axis in ("xaxis", "yaxis"):
        if fig.layout[axis].type == "date":
            fig.layout[axis].nticks = MAX_TICKS
    _short_category_labels(fig)
    return fig


# the longest category label drawn beside a horizontal bar; a longer one is cut, keeping its code
LABEL_CHARS = 32


def short_label(text: str) -> str:
    """A label cut to LABEL_CHARS characters for an axis: "Ban Quản lý dự án đầu tư xây dựng các công trình
    (BQLDA-NN)" → "Ban Quản lý dự án… (BQLDA-NN)" — the code in brackets at its end stays whole. On a 390 px
    phone a full agency name took the chart's whole width and left no room for its bars."""
    if len(text) <= LABEL_CHARS:
        return text
    head, code = text, ""
    if text.endswith(")") and " (" in text:
        head, code = text[: text.rindex(" (")], text[text.rindex(" (") :]
    room = max(8, LABEL_CHARS - len(code) - 1)
    cut = head[: room + 1]
    # at a word's end where one is near
    cut = cut.rsplit(" ", 1)[0] if " " in cut[room // 2 :] else cut[:room]
    return cut.rstrip() + "…" + code


def _short_category_labels(fig: go.Figure) -> None:
    """The category axis of horizontal bars and lanes shows short labels (`short_label`); the category
    itself — what hover shows and what a click on a bar returns — stays whole."""
    axis = fig.layout.yaxis
    if axis.type != "category" or axis.categoryarray is None:
        return
    categories = list(axis.categoryarray)
    shown = [html.escape(short_label(html.unescape(str(c))), quote=False) for c in categories]
    if shown != [str(c) for c in categories]:
        axis.update(tickmode="array", tickvals=categories, ticktext=shown)


def _shows_legend(fig: go.Figure) -> bool:
    """A legend only where it names something: two traces or more that take part in it."""
    return sum(1 for trace in fig.data if trace.type != "sankey" and trace.showlegend is not False) > 1


def integer_step(top: float) -> int:
    """The step between the ticks of a count axis that runs from 0 to `top`: a whole number of the series
    1, 2, 5, 10, 20, 50, … giving at most MAX_TICKS gaps — a count axis never shows 0,5."""
    step = 1
    for _ in range(30):
        for factor in (1, 2, 5):
            if top <= factor * step * MAX_TICKS:
                return factor * step
        step *= 10
    return step


def _count_axis(fig: go.Figure, axis: str, top: object, title: str | None) -> None:
    """A count axis from zero with whole-number ticks (``top`` is the longest bar, stacked parts summed)."""
    highest = float(top) if top is not None and not pd.isna(top) else 0.0  # type: ignore[arg-type]
    fig.layout[axis].update(
        title=title,
        rangemode="tozero",
        tickmode="linear",
        tick0=0,
        dtick=integer_step(highest),
        tickformat=",d",
    )


def separates(df: pd.DataFrame, *, bar: str, measure: str, part: str | None = None) -> bool:
    """Whether a bar chart of ``measure`` per ``bar`` (stacked by ``part``) tells its bars apart: it needs two
    bars or more that are not all alike — not all of the same length and, stacked, not all of the same parts.
    A chart that does not (ten equal bars, one bar) says nothing its table does not: the pages then show a
    measure that separates (`separating_measure`) or only the table. The one rule, for every page."""
    rows = df.dropna(subset=[bar])
    if rows[bar].nunique() < 2:
        return False
    if part is None:
        values = rows.groupby(bar, sort=False)[measure].sum()
        return values.nunique(dropna=False) > 1
    shapes = rows.pivot_table(index=bar, columns=part, values=measure, aggfunc="sum", fill_value=0)
    return len(shapes.drop_duplicates()) > 1


def separating_measure(df: pd.DataFrame, *, bar: str, measures: Sequence[str]) -> str | None:
    """The first of ``measures`` (in the page's order of preference) whose bars `separates` tells apart; None
    when none does (the page then shows the table alone)."""
    for measure in measures:
        if measure in df.columns and separates(df, bar=bar, measure=measure):
            return measure
    return None


def aging_bars(
    df: pd.DataFrame,
    *,
    bucket: str,
    count: str,
    group: str,
    bucket_order: Sequence[str],
    x_title: str,
    y_title: str,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """Stacked bars of tasks per aging bucket, one trace per group (e.g. the task's source).

    Buckets keep the given order (1–7, 8–30, ...) even when some of them hold no task.
    """
    fig = go.Figure()
    for name, part in df.groupby(group, sort=False, dropna=False):
        by_bucket = part.groupby(bucket)[count].sum()
        fig.add_trace(
            go.Bar(
                name=str(name),
                x=list(bucket_order),
                y=[int(by_bucket.get(b, 0)) for b in bucket_order],
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=x_title, type="category", categoryorder="array", categoryarray=list(bucket_order))
    stacked = [sum(heights) for heights in zip(*(trace.y for trace in fig.data), strict=True)]
    _count_axis(fig, "yaxis", max(stacked, default=0), y_title)
    return _layout(fig, title=title, separators=separators)


def task_timeline(
    df: pd.DataFrame,
    *,
    when: str,
    lane: str,
    text: str,
    lane_order: Sequence[str] | None = None,
    x_title: str,
    y_title: str,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """One task's life on a date axis: a line through every step in order, one marker per step.

    ``lane`` is the kind of step (assignment, hand-over, consultation, ...) shown on the y axis;
    ``text`` is the pre-formatted description shown on hover (dates already dd/mm/yyyy).
    """
    steps = df.dropna(subset=[when]).sort_values(when, kind="stable")
    lanes = list(lane_order) if lane_order is not None else list(dict.fromkeys(steps[lane]))
    fig = go.Figure(
        go.Scatter(
            x=steps[when],
            y=steps[lane],
            mode="lines+markers",
            marker={"size": 12},
            line={"dash": "dot", "width": 1},
            text=steps[text],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_xaxes(title=x_title, type="date", tickformat=DATE_AXIS_FORMAT)
    fig.update_yaxes(title=y_title, type="category", categoryorder="array", categoryarray=lanes[::-1])
    return _layout(fig, title=title, separators=separators, height=max(300, 60 * len(lanes) + 120))


def handover_sankey(
    df: pd.DataFrame,
    *,
    source: str,
    target: str,
    value: str,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """Hand-overs between agencies as a two-column Sankey: who passes on (left) → who receives (right).

    The two sides are separate nodes, so X → Y and Y → X (a bounce) are both visible instead of a cycle
    that a Sankey cannot draw.
    """
    flows = df[[source, target, value]].dropna(subset=[source, target])
    flows = flows[flows[value] > 0]
    senders = list(dict.fromkeys(flows[source].astype(str)))
    receivers = list(dict.fromkeys(flows[target].astype(str)))
    index_from = {name: i for i, name in enumerate(senders)}
    index_to = {name: len(senders) + i for i, name in enumerate(receivers)}
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": senders + receivers, "pad": 12, "thickness": 14},
            link={
                "source": [index_from[s] for s in flows[source].astype(str)],
                "target": [index_to[t] for t in flows[target].astype(str)],
                "value": [float(v) for v in flows[value]],
            },
        )
    )
    return _layout(
        fig, title=title, separators=separators, height=max(350, 28 * max(len(senders), len(receivers)))
    )


def rate_intervals(
    df: pd.DataFrame,
    *,
    label: str,
    rate: str,
    low: str,
    high: str,
    x_title: str,
    hover: str | None = None,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """Rates as dots with their 95% interval as error bars, one row per label, in the given order.

    Rows without a rate (no tasks due, or below the minimum n — the page blanks those) are left out.
    """
    rows = df.dropna(subset=[rate, low, high])
    fig = go.Figure(
        go.Scatter(
            x=rows[rate],
            y=rows[label],
            mode="markers",
            marker={"size": 9},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (rows[high] - rows[rate]).tolist(),
                "arrayminus": (rows[rate] - rows[low]).tolist(),
            },
            text=rows[hover] if hover else None,
            hovertemplate=("%{text}" if hover else "%{y}: %{x:.1%}") + "<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_xaxes(title=x_title, range=[0, 1.02], tickformat=".0%")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(rows[label])[::-1])
    return _layout(fig, title=title, separators=separators, height=max(300, 24 * len(rows) + 120))


def stacked_counts(
    df: pd.DataFrame,
    *,
    category: str,
    group: str,
    count: str,
    x_title: str,
    y_title: str,
    group_order: Sequence[str] | None = None,
    horizontal: bool = True,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """Counts per category split by group (e.g. consultations per consulted agency and status)."""
    categories = list(dict.fromkeys(df[category]))
    groups = list(group_order) if group_order is not None else list(dict.fromkeys(df[group]))
    table = df.pivot_table(index=category, columns=group, values=count, aggfunc="sum", fill_value=0)
    fig = go.Figure()
    for name in groups:
        values = [int(table.at[c, name]) if name in table.columns else 0 for c in categories]
        if not any(values):
            continue
        if horizontal:
            fig.add_trace(go.Bar(name=str(name), y=categories, x=values, orientation="h"))
        else:
            fig.add_trace(go.Bar(name=str(name), x=categories, y=values))
    fig.update_layout(barmode="stack")
    top = table.sum(axis=1).max() if len(table) else 0
    if horizontal:
        _count_axis(fig, "xaxis", top, x_title)
        fig.update_yaxes(
            title=y_title, type="category", categoryorder="array", categoryarray=categories[::-1]
        )
        height = max(300, 24 * len(categories) + 120)
    else:
        fig.update_xaxes(title=x_title, type="category")
        _count_axis(fig, "yaxis", top, y_title)
        height = None
    return _layout(fig, title=title, separators=separators, height=height)


def cap_check_bars(
    df: pd.DataFrame,
    *,
    label: str,
    excellent: str,
    cap_limit: str,
    exceeded: str,
    excellent_name: str,
    cap_name: str,
    x_title: str,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """Officials graded excellent per agency (bars, red where over the cap) against the cap (markers)."""
    colours = ["#d62728" if bool(x) else "#1f77b4" for x in df[exceeded].fillna(False)]
    fig = go.Figure(
        [
            go.Bar(
                name=excellent_name, y=df[label], x=df[excellent], orientation="h", marker={"color": colours}
            ),
            go.Scatter(
                name=cap_name,
                y=df[label],
                x=df[cap_limit],
                mode="markers",
                marker={"symbol": "line-ns-open", "size": 18, "line": {"width": 3}, "color": "black"},
            ),
        ]
    )
    _count_axis(fig, "xaxis", max(df[excellent].max(), df[cap_limit].max()) if len(df) else 0, x_title)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(df[label])[::-1])
    return _layout(fig, title=title, separators=separators, height=max(300, 26 * len(df) + 120))


def period_bars(
    df: pd.DataFrame,
    *,
    label: str,
    start: str,
    end: str,
    group: str,
    x_title: str,
    today: object | None = None,
    today_name: str | None = None,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """Periods (e.g. a disciplinary action in effect) as horizontal bars on a date axis, one trace per group.

    ``end`` must be filled by the caller (an open period ends where the caller says, e.g. as_of).
    """
    fig = go.Figure()
    rows = df.dropna(subset=[start, end])
    for name, part in rows.groupby(group, sort=False):
        starts = pd.to_datetime(part[start])
        ends = pd.to_datetime(part[end])
        fig.add_trace(
            go.Bar(
                name=str(name),
                y=part[label],
                base=starts.dt.strftime("%Y-%m-%d").tolist(),
                x=((ends - starts).dt.total_seconds() * 1000).tolist(),
                orientation="h",
                customdata=list(
                    zip(starts.dt.strftime(DATE_AXIS_FORMAT), ends.dt.strftime(DATE_AXIS_FORMAT), strict=True)
                ),
                hovertemplate="%{y}<br>%{customdata[0]} – %{customdata[1]}<extra>" + str(name) + "</extra>",
            )
        )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title=x_title, type="date", tickformat=DATE_AXIS_FORMAT)
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(dict.fromkeys(rows[label]))[::-1]
    )
    if today is not None:
        day = pd.Timestamp(today).strftime("%Y-%m-%d")
        fig.add_shape(
            type="line", x0=day, x1=day, yref="paper", y0=0, y1=1, line={"dash": "dash", "color": "grey"}
        )
        if today_name:
            fig.add_annotation(x=day, yref="paper", y=1, text=today_name, showarrow=False, yanchor="bottom")
    return _layout(fig, title=title, separators=separators, height=max(300, 26 * rows[label].nunique() + 120))


# --- builders for the overview and data-quality pages ---------------------------


def rate_trend(
    df: pd.DataFrame,
    *,
    x: str,
    rate: str,
    low: str,
    high: str,
    rate_name: str,
    band_name: str,
    x_title: str,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """A rate per period (line) with its 95% interval as a shaded band; periods without a rate are gaps."""
    data = df.sort_values(x)
    fig = go.Figure(
        [
            go.Scatter(
                x=data[x], y=data[high], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"
            ),
            go.Scatter(
                x=data[x],
                y=data[low],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor="rgba(44,160,44,0.15)",
                name=band_name,
                hoverinfo="skip",
            ),
            go.Scatter(
                x=data[x],
                y=data[rate],
                mode="lines+markers",
                name=rate_name,
                line={"color": "#2ca02c"},
                hovertemplate="%{x|%m/%Y}: %{y:.1%}<extra></extra>",
            ),
        ]
    )
    fig.update_xaxes(title=x_title, type="date", tickformat="%m/%Y")
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    return _layout(fig, title=title, separators=separators)


def count_bars(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    y_name: str,
    x_title: str,
    horizontal: bool = False,
    colour: str = "#d62728",
    date_axis: bool = False,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """One count per category or per period as bars (horizontal: the first row on top)."""
    if horizontal:
        fig = go.Figure(go.Bar(x=df[y], y=df[x], orientation="h", name=y_name, marker={"color": colour}))
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(df[x])[::-1])
        _count_axis(fig, "xaxis", df[y].max() if len(df) else 0, y_name)
        return _layout(fig, title=title, separators=separators, height=max(300, 26 * len(df) + 120))
    fig = go.Figure(go.Bar(x=df[x], y=df[y], name=y_name, marker={"color": colour}))
    if date_axis:
        fig.update_xaxes(title=x_title, type="date", tickformat="%m/%Y")
    else:
        fig.update_xaxes(title=x_title, type="category")
    _count_axis(fig, "yaxis", df[y].max() if len(df) else 0, y_name)
    return _layout(fig, title=title, separators=separators)


def custody_lanes(
    df: pd.DataFrame,
    *,
    lane: str,
    start: str,
    end: str,
    text: str,
    outside: str,
    inside_name: str,
    outside_name: str,
    x_title: str,
    title: str | None = None,
    separators: str = VI_SEPARATORS,
) -> go.Figure:
    """Who held a task when: one lane per holder (in order of first holding), one bar per holding period from
    `start` to `end`, coloured by whether the holder is the task's owner (`outside` False) or another agency.
    A period of zero days is drawn one day wide so that it stays visible. ``text`` is the hover sentence."""
    periods = df.dropna(subset=[start]).copy()
    lanes = list(dict.fromkeys(periods[lane]))
    starts = pd.to_datetime(periods[start])
    ends = pd.to_datetime(periods[end]).fillna(starts)
    widths = ((ends - starts).dt.days.clip(lower=1) * 86_400_000).astype("int64")
    fig = go.Figure()
    for is_outside, name, color in ((False, inside_name, "#2b6cb0"), (True, outside_name, "#c05621")):
        mask = (periods[outside].fillna(False).astype(bool) == is_outside).to_numpy()
        if not mask.any():
            continue
        fig.add_trace(
            go.Bar(
                name=name,
                orientation="h",
                y=periods.loc[mask, lane],
                base=starts[mask].dt.strftime("%Y-%m-%d"),
                x=widths[mask],
                marker={"color": color},
                text=periods.loc[mask, text],
                textposition="none",
                hovertemplate="%{text}<extra></extra>",
            )
        )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title=x_title, type="date", tickformat=DATE_AXIS_FORMAT)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=lanes[::-1], automargin=True)
    return _layout(fig, title=title, separators=separators, height=max(220, 50 * len(lanes) + 140))
