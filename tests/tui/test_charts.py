"""Charts as plotext draws them (issue 15 item 13): round log ticks, no legend over the curves,
the y label where it cannot be read as the x axis's."""

from __future__ import annotations

import re

import plotext

from quizapp.tui.widgets.chart import draw

CHART = {"title": "Gradient norm per layer", "x_label": "layer", "y_label": "gradient norm", "log_y": True,
         "series": [{"name": "sigmoid", "x": list(range(24)), "y": [3 * 0.25 ** (24 - i) for i in range(24)]},
                    {"name": "relu", "x": list(range(24)), "y": [0.9 + 0.01 * i for i in range(24)]}]}


def drawn(chart: dict) -> list[str]:
    plotext.clear_figure()
    plotext.plotsize(70, 18)
    plotext.theme("clear")
    draw(plotext, chart)
    return [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in plotext.build().splitlines()]


def test_log_scale_ticks_are_powers_of_ten() -> None:
    ticks = [m.group(1) for line in drawn(CHART) if (m := re.match(r"^\s*(\S+)┤", line))]
    assert ticks and all(re.fullmatch(r"1|1e-\d\d|0\.0*1", t) for t in ticks), ticks


def test_series_are_named_in_the_title_not_in_a_legend_over_the_plot() -> None:
    lines = drawn(CHART)
    assert lines[0].strip() == "Gradient norm per layer · y: gradient norm · ⠿ sigmoid · x relu"
    inside = "\n".join(lines[1:])
    assert "sigmoid" not in inside and "relu" not in inside  # plotext's legend box is gone


def test_the_y_label_is_not_printed_under_the_x_axis() -> None:
    lines = drawn(CHART)
    below = "\n".join(lines[lines.index(next(line for line in lines if "└" in line)):])
    assert "gradient norm" not in below and "layer" in below
