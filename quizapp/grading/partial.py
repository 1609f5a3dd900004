"""Near misses: a wrong answer that shows most of the understanding, said in words.

- shapes: the right rank with one dimension off (which one), the right sizes in the wrong
  order, the batch dimension dropped;
- numbers: off by a factor the bank names (``factors: [2, "k**2"]``) or by the sign;
- expressions: equal to the truth up to an added constant.

Each finding is one line of feedback. A near miss suggests the grade Hard rather than Again
(the bank may say otherwise with ``near_miss_grade``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.grading.compare import (
    AnswerFormatError,
    close,
    parse_number,
    parse_shape,
    show,
)
from quizapp.grading.expr import ExpressionError, evaluate

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def _ordinal(index: int) -> str:
    return _ORDINALS[index] if index < len(_ORDINALS) else f"{index + 1}th"


def shape_near_miss(given: Sequence[int], truth: Sequence[int], reveal: bool = True) -> str | None:
    """What is right about a wrong shape, or None when nothing recognisable is (``reveal``
    False: without the right size of the dimension that is off)."""
    given, truth = tuple(given), tuple(truth)
    if given == truth:
        return None
    if len(given) == len(truth):
        differ = [i for i, (g, t) in enumerate(zip(given, truth, strict=True)) if g != t]
        if len(differ) == 1:
            i = differ[0]
            if not reveal:
                return f"Right rank, and all but one dimension right: the {_ordinal(i)} (index {i}) is off."
            return (f"Right rank, and all but one dimension right: the {_ordinal(i)} (index {i}) "
                    f"is {truth[i]}, not {given[i]}.")
        if sorted(given) == sorted(truth):
            return "The right sizes, in the wrong order."
    if len(given) == len(truth) - 1 and given == truth[1:]:
        return f"The right sizes, but the batch dimension ({truth[0]}) at the front is missing."
    return None


def _factor_value(factor: Any, params: Mapping[str, float]) -> float | None:
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        return float(factor)
    try:
        return float(evaluate(str(factor), params))
    except ExpressionError:
        return None


def _factor_words(factor: Any, value: float) -> str:
    shown = f"{value:g}"
    return shown if isinstance(factor, (int, float)) or str(factor).strip() == shown else f"{factor} = {shown}"


def number_near_miss(given: float, truth: float, factors: Sequence[Any], params: Mapping[str, float],
                     tolerance: tuple[float, float]) -> str | None:
    """Off by a factor the bank names, or by the sign — in words; None otherwise."""
    if math.isnan(given) or math.isnan(truth) or close(given, truth, tolerance):
        return None
    if truth != 0 and close(given, -truth, tolerance):
        return "The right size but the wrong sign."
    for factor in factors:
        value = _factor_value(factor, params)
        if value is None or value in (0.0, 1.0) or not math.isfinite(value):
            continue
        words = _factor_words(factor, value)
        if truth != 0 and close(given, truth * value, tolerance):
            return f"Off by a factor of {words}: yours is {words} times the answer."
        if truth != 0 and close(given, truth / value, tolerance):
            return f"Off by a factor of {words}: the answer is {words} times yours."
    return None


def expression_near_miss(given: str, truth: str, variables: Mapping[str, tuple[float, float]],
                         points: int = 7, seed: int = 1) -> str | None:
    """``given`` − ``truth`` is the same constant everywhere (not 0): say so."""
    rng = random.Random(seed)
    differences = []
    for _ in range(points):
        env = {name: rng.uniform(low, high) for name, (low, high) in variables.items()}
        try:
            differences.append(evaluate(given, env) - evaluate(truth, env))
        except ExpressionError:
            return None
    first = differences[0]
    if abs(first) < 1e-9 or not all(close(d, first, (1e-9, 1e-7)) for d in differences):
        return None
    return f"Equal to the answer up to a constant: yours is the answer {'+' if first > 0 else '−'} {abs(first):.6g}."


def near_miss(response: str, truth: Any, *, compare: str, factors: Sequence[Any] = (),
              params: Mapping[str, Any] | None = None, tolerance: tuple[float, float] = (1e-9, 1e-3),
              variables: Mapping[str, tuple[float, float]] | None = None, reveal: bool = True) -> str | None:
    """The near-miss line for a wrong ``response`` (None when it is not a near miss); ``reveal``
    False keeps a shape's right size out of it (before a second try)."""
    numeric = {k: float(v) for k, v in (params or {}).items()
               if isinstance(v, (int, float)) and not isinstance(v, bool)}
    try:
        if compare == "shape":
            truth_shape = truth["shape"] if isinstance(truth, dict) and "shape" in truth else truth
            if isinstance(truth_shape, (list, tuple)):
                return shape_near_miss(parse_shape(response), tuple(truth_shape), reveal)
            return None
        if compare == "expression":
            return expression_near_miss(response, str(truth), dict(variables or {}))
        if compare in ("numeric", "exact") and isinstance(truth, (int, float)) and not isinstance(truth, bool):
            return number_near_miss(parse_number(response, numeric), float(truth), factors, numeric,
                                    tolerance if compare == "numeric" else (1e-9, 1e-9))
    except (AnswerFormatError, TypeError, ValueError):
        return None
    return None


__all__ = ["expression_near_miss", "near_miss", "number_near_miss", "shape_near_miss", "show"]
