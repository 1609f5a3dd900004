"""Typed values and charts: how results are described (no engine needed)."""

from __future__ import annotations

import math

import pytest

from quizapp.snippets.charts import MAX_POINTS, chart_collector, make_chart
from quizapp.snippets.values import MAX_STR_CHARS, to_typed


def test_plain_python_values_are_typed() -> None:
    assert to_typed(None) == {"type": "none"}
    assert to_typed(True) == {"type": "bool", "value": True}
    assert to_typed(112) == {"type": "int", "value": 112}
    assert to_typed(0.28) == {"type": "float", "value": 0.28}
    assert to_typed(math.nan)["value"] == "nan"
    assert to_typed(-math.inf)["value"] == "-inf"
    assert to_typed("relu") == {"type": "str", "value": "relu", "truncated": False}
    assert to_typed((1, 2.5)) == {"type": "list", "items": [
        {"type": "int", "value": 1}, {"type": "float", "value": 2.5}]}
    assert to_typed({"a": 1}) == {"type": "dict", "items": {"a": {"type": "int", "value": 1}}}
    assert to_typed(object())["type"] == "repr"


def test_huge_values_are_capped_not_fatal() -> None:
    text = to_typed("x" * (MAX_STR_CHARS * 10))
    assert text["truncated"] and len(text["value"]) == MAX_STR_CHARS
    many = to_typed(list(range(50_000)))
    assert many["truncated"] and len(many["items"]) == 10_000
    assert to_typed(10**5000)["type"] == "repr"  # too many digits for JSON readers


def test_hostile_repr_does_not_escape() -> None:
    class Evil:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert "repr failed" in to_typed(Evil())["value"]


def test_chart_data_from_ys_and_from_xy_pairs() -> None:
    chart = make_chart({"relu": [1, 2, 3], "sig": ([0, 10, 20], [0.5, float("nan"), 0.1])},
                       title="t", x_label="layer", y_label="norm", log_y=True)
    relu, sig = chart["series"]
    assert relu == {"name": "relu", "x": [0.0, 1.0, 2.0], "y": [1.0, 2.0, 3.0]}
    assert sig["x"] == [0.0, 10.0, 20.0] and sig["y"] == [0.5, None, 0.1]
    assert (chart["title"], chart["x_label"], chart["log_y"], chart["kind"]) == (
        "t", "layer", True, "line")


def test_chart_thins_long_series_and_rejects_bad_input() -> None:
    long = make_chart({"a": list(range(10 * MAX_POINTS))})["series"][0]
    assert len(long["y"]) == MAX_POINTS and long["thinned"]
    with pytest.raises(ValueError, match="kind"):
        make_chart({"a": [1]}, kind="pie")
    with pytest.raises(ValueError, match="x values"):
        make_chart({"a": ([1, 2], [1])})
    with pytest.raises(TypeError, match="numbers"):
        make_chart({"a": ["x"]})
    chart, charts = chart_collector()
    chart({"a": [1]}, title="one")
    assert charts[0]["title"] == "one"
