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
        def on_mount(self) -> None:
            super().on_mount()
            draw(self.plt, chart)

    return ChartPlot(**kwargs)


def draw(plt: Any, chart: dict[str, Any]) -> None:
    """Draw ``chart`` with a plotext-like ``plt``."""
    plt.clear_data()
    kind = chart.get("kind", "line")
    log_y = bool(chart.get("log_y"))
    labels: list[str] | None = chart.get("x_ticks")
    many = len(chart.get("series", [])) > 1  # a legend only says something with several series
    for series in chart.get("series", []):
        xs = list(series.get("x") or range(len(series.get("y", []))))
        ys = [_finite(y) for y in series.get("y", [])]
        name = str(series.get("name", "")) if many else ""
        if log_y:  # log scale cannot show zero or negatives: leave those points out
            pairs = [(x, y) for x, y in zip(xs, ys, strict=False) if y is not None and y > 0]
            xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
        else:
            xs, ys = [x for x, y in zip(xs, ys, strict=False) if y is not None], [y for y in ys if y is not None]
        if not xs:
            continue
        if kind == "bar":
            plt.bar(labels or xs, ys, label=name or None)
        elif kind == "scatter":
            plt.scatter(xs, ys, label=name or None)
        else:
            plt.plot(xs, ys, label=name or None, marker="braille")
    if log_y:
        plt.yscale("log")
    if chart.get("integer_y"):  # counts: whole-number ticks, not 0.33, 0.67…
        top = max((max(s.get("y") or [0]) for s in chart.get("series", [])), default=0)
        step = max(1, math.ceil(top / 5))
        plt.yticks(list(range(0, int(top) + step, step)))
    ticks = chart.get("ticks")  # [(x, label)…]: a few readable x labels instead of every value
    if ticks:
        plt.xticks([t[0] for t in ticks], [str(t[1]) for t in ticks])
    plt.title(str(chart.get("title", "")))
    plt.xlabel(str(chart.get("x_label", "")))
    plt.ylabel(str(chart.get("y_label", "")))


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
