"""Charts with textual-plotext (imported only when a chart is shown: it costs ~0.3 s)."""

from __future__ import annotations

import math
from typing import Any

from textual.widget import Widget


def chart_widget(chart: dict[str, Any], **kwargs: Any) -> Widget:
    """A plot of one chart dict (``title``, ``x_label``, ``y_label``, ``kind``, ``log_y``,
    ``series``: ``[{"name", "x", "y"}]``), as the snippet engine and the statistics give them."""
    from textual_plotext import PlotextPlot

    class ChartPlot(PlotextPlot):
        # The figure is drawn afresh for every render: plotext takes the log of a log-scale
        # plot's data in place when it builds, so a second render (a resize, a scroll) of the
        # same figure took the log of negative numbers and raised ValueError.
        def render(self) -> Any:
            draw(self.plt, chart)
            return super().render()

    return ChartPlot(**kwargs)


def draw(plt: Any, chart: dict[str, Any]) -> None:
    """Draw ``chart`` with a plotext-like ``plt``."""
    plt.clear_data()
    kind = chart.get("kind", "line")
    log_y = bool(chart.get("log_y"))
    labels: list[str] | None = chart.get("x_ticks")
    many = len(chart.get("series", [])) > 1  # a legend only says something with several series
    # plotext draws its legend inside the plot, over the upper curve: the series are named in
    # the title instead, each with the marker that draws it.
    legend: list[str] = []
    shown: list[float] = []
    for index, series in enumerate(chart.get("series", [])):
        xs = list(series.get("x") or range(len(series.get("y", []))))
        ys = [_finite(y) for y in series.get("y", [])]
        marker = MARKERS[index % len(MARKERS)] if many else "braille"
        if log_y:  # log scale cannot show zero or negatives: leave those points out
            pairs = [(x, y) for x, y in zip(xs, ys, strict=False) if y is not None and y > 0]
            xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
        else:
            xs, ys = [x for x, y in zip(xs, ys, strict=False) if y is not None], [y for y in ys if y is not None]
        if not xs:
            continue
        shown.extend(y for y in ys if y is not None)
        if many:
            legend.append(f"{MARKER_WORDS.get(marker, marker)} {series.get('name', '')}")
        if kind == "bar":
            plt.bar(labels or xs, ys)
        elif kind == "scatter":
            plt.scatter(xs, ys, marker=marker)
        else:
            plt.plot(xs, ys, marker=marker)
    if log_y:
        plt.yscale("log")
        decades = decade_ticks(shown)
        if decades:  # round ticks (1e-3, 0.01, 0.1, 1), not plotext's 0.99999 and 0.15191
            plt.yticks(decades, [tick_label(t) for t in decades])
    if chart.get("integer_y"):  # counts: whole-number ticks, not 0.33, 0.67…
        top = max((max(s.get("y") or [0]) for s in chart.get("series", [])), default=0)
        step = max(1, math.ceil(top / 5))
        plt.yticks(list(range(0, int(top) + step, step)))
    ticks = chart.get("ticks")  # [(x, label)…]: a few readable x labels instead of every value
    if ticks:
        plt.xticks([t[0] for t in ticks], [str(t[1]) for t in ticks])
    # plotext prints the y label under the x axis, where it reads as part of the x label: the
    # title says what y is instead.
    y_label = str(chart.get("y_label", "") or "")
    title = str(chart.get("title", ""))
    parts = [title] + ([f"y: {y_label}"] if y_label and y_label not in title else []) + legend
    plt.title(" · ".join(p for p in parts if p))
    plt.xlabel(str(chart.get("x_label", "")))


MARKERS = ("braille", "x", "+", "o")
MARKER_WORDS = {"braille": "⠿"}


def decade_ticks(values: list[float]) -> list[float]:
    """Powers of ten spanning the positive ``values`` (every other one past six decades)."""
    positive = [v for v in values if v > 0]
    if not positive:
        return []
    low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    if high == low:
        high += 1
    step = 1 if high - low <= 6 else 2
    return [10.0 ** k for k in range(low, high + 1, step)]


def tick_label(value: float) -> str:
    """``0.01``, ``1``, ``1000``; ``1e-05`` and ``1e+06`` beyond."""
    return f"{value:g}"


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
