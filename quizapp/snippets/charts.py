"""The ``chart(...)`` function that demonstrations call, and the chart data it produces.

A chart is plain data (named series of x/y points, a title, axis labels) that the TUI draws;
the snippet process never imports a plotting library. Points are capped per series, evenly
thinned so the curve keeps its shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

MAX_POINTS = 2000
MAX_SERIES = 20
MAX_CHARTS = 20
KINDS = ("line", "bar", "scatter")


def _numbers(values: Any, what: str) -> list[float]:
    if hasattr(values, "tolist"):  # tensors and arrays
        values = values.tolist()
    if isinstance(values, (int, float)):
        values = [values]
    try:
        items = list(values)
    except TypeError:
        raise TypeError(f"chart(): {what} must be a list of numbers, not {type(values).__name__}") from None
    out = []
    for item in items:
        if hasattr(item, "item"):
            item = item.item()
        try:
            number = float(item)
        except (TypeError, ValueError):
            raise TypeError(f"chart(): {what} must hold numbers, found {item!r:.40}") from None
        out.append(number if math.isfinite(number) else math.nan)
    return out


def _thin(xs: list[float], ys: list[float]) -> tuple[list[float], list[float], bool]:
    if len(ys) <= MAX_POINTS:
        return xs, ys, False
    step = len(ys) / MAX_POINTS
    keep = [int(i * step) for i in range(MAX_POINTS)]
    return [xs[i] for i in keep], [ys[i] for i in keep], True


def _json_numbers(values: list[float]) -> list[float | None]:
    # JSON has no nan: a gap in a curve is null
    return [None if math.isnan(v) else v for v in values]


def make_chart(
    series: Mapping[str, Any],
    *,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    kind: str = "line",
    log_y: bool = False,
) -> dict[str, Any]:
    """Validate the arguments of ``chart(...)`` and build the chart's data."""
    if not isinstance(series, Mapping) or not series:
        raise TypeError("chart(): series must be a non-empty dict of name -> ys or (xs, ys)")
    if kind not in KINDS:
        raise ValueError(f"chart(): kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if len(series) > MAX_SERIES:
        raise ValueError(f"chart(): at most {MAX_SERIES} series per chart")
    out_series = []
    for name, data in series.items():
        if isinstance(data, tuple) and len(data) == 2:
            xs = _numbers(data[0], f"the x values of {name!r}")
            ys = _numbers(data[1], f"the y values of {name!r}")
            if len(xs) != len(ys):
                raise ValueError(
                    f"chart(): series {name!r} has {len(xs)} x values but {len(ys)} y values"
                )
        else:
            ys = _numbers(data, f"series {name!r}")
            xs = [float(i) for i in range(len(ys))]
        xs, ys, thinned = _thin(xs, ys)
        entry: dict[str, Any] = {"name": str(name), "x": _json_numbers(xs), "y": _json_numbers(ys)}
        if thinned:
            entry["thinned"] = True
        out_series.append(entry)
    return {
        "title": str(title),
        "x_label": str(x_label),
        "y_label": str(y_label),
        "kind": kind,
        "log_y": bool(log_y),
        "series": out_series,
    }


def chart_collector() -> tuple[Callable[..., None], list[dict[str, Any]]]:
    """A ``chart`` function for a snippet's namespace and the list it appends charts to."""
    charts: list[dict[str, Any]] = []

    def chart(
        series: Mapping[str, Any],
        *,
        title: str = "",
        x_label: str = "",
        y_label: str = "",
        kind: str = "line",
        log_y: bool = False,
    ) -> None:
        """Draw a chart after the reveal: ``series`` maps a name to ys or to (xs, ys)."""
        if len(charts) >= MAX_CHARTS:
            raise ValueError(f"chart(): at most {MAX_CHARTS} charts per snippet")
        charts.append(
            make_chart(series, title=title, x_label=x_label, y_label=y_label, kind=kind, log_y=log_y)
        )

    return chart, charts
