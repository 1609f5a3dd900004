"""Compare a typed answer with the truth, the way the question's `compare` says.

The truth is either what the snippet engine computed (a typed value, see `from_typed`) or the
bank's declared answer. The same rules serve the study screen, the plain CLI, the exam and
`quizapp check` (which compares computed truths with declared answers).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from typing import Any

from quizapp.grading.expr import ExpressionError, evaluate
from quizapp.records import Record

EXACT_NUMBER_TOLERANCE = 1e-9


class AnswerFormatError(ValueError):
    """The typed answer cannot be read for this question; the message says what to type."""


class Verdict(Record, frozen=True):
    """The outcome of comparing one typed answer with the truth."""

    correct: bool
    expected: str  # the truth, as shown to the student
    given: str  # what we understood the student typed
    note: str = ""


# -- the truth from the engine --------------------------------------------------------


def from_typed(typed: Mapping[str, Any] | None) -> Any:
    """Turn the engine's typed value (``{"type": "shape", "value": [...]}``…) into Python."""
    if typed is None:
        return None
    kind = typed.get("type")
    if kind in ("bool", "int", "str", "repr"):
        return typed.get("value")
    if kind == "float":
        value = typed.get("value")
        return float(value) if isinstance(value, str) else value
    if kind == "shape":
        return tuple(typed.get("value") or ())
    if kind == "list":
        return [from_typed(item) for item in typed.get("items", [])]
    if kind == "dict":
        return {k: from_typed(v) for k, v in (typed.get("items") or {}).items()}
    if kind == "tensor":
        values = typed.get("values")
        return values if values is not None else {"shape": tuple(typed.get("shape") or ())}
    return None


# -- reading what the student typed ----------------------------------------------------

_SHAPE_SPLIT = re.compile(r"[\s,x×*]+")


def parse_shape(text: str) -> tuple[int, ...]:
    """Read ``(1, 32, 122, 122)``, ``[1,32,122,122]``, ``1x32x122x122`` or ``torch.Size([…])``."""
    body = text.strip()
    body = re.sub(r"^torch\.Size\s*", "", body)
    body = body.strip("()[] ")
    body = body.strip("()[] ")
    if not body:
        return ()
    parts = [p for p in _SHAPE_SPLIT.split(body) if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise AnswerFormatError(
            f"cannot read {text.strip()!r} as a shape: type whole numbers such as (1, 32, 122, 122)"
        ) from None


def parse_number(text: str, variables: Mapping[str, float] | None = None) -> float:
    """A number or arithmetic such as ``2*ln(2)``; the question's parameters may be used."""
    try:
        return float(evaluate(text, variables))
    except ExpressionError as exc:
        raise AnswerFormatError(f"{exc}: type a number or arithmetic such as 2*ln(2)") from None


def normalise_text(value: Any) -> str:
    """Text as compared by `exact`: case, surrounding quotes and runs of spaces ignored."""
    text = str(value).strip().strip("`'\"").strip()
    return " ".join(text.split()).casefold()


# -- comparing ---------------------------------------------------------------------------


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def close(a: float, b: float, tolerance: tuple[float, float]) -> bool:
    """``|a - b| <= abs + rel·|b|`` (b is the truth); NaN equals NaN, inf equals inf."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    abs_tol, rel_tol = tolerance
    return abs(a - b) <= abs_tol + rel_tol * abs(b)


def exact_equal(given: Any, truth: Any) -> bool:
    """Equality for `exact`: numbers by value, booleans by truth, text normalised."""
    if isinstance(truth, bool) or isinstance(given, bool):
        return normalise_text(given) in _bool_words(truth)
    g, t = _as_number(given), _as_number(truth)
    if g is not None and t is not None:
        return close(g, t, (EXACT_NUMBER_TOLERANCE, EXACT_NUMBER_TOLERANCE))
    if isinstance(truth, (list, tuple)) and isinstance(given, (list, tuple)):
        return len(given) == len(truth) and all(exact_equal(a, b) for a, b in zip(given, truth))
    return normalise_text(given) == normalise_text(truth)


def _bool_words(truth: Any) -> set[str]:
    value = truth if isinstance(truth, bool) else normalise_text(truth) in {"true", "yes", "t", "1"}
    return {"true", "t", "yes", "y", "1"} if value else {"false", "f", "no", "n", "0"}


def expressions_equal(
    a: str, b: str, variables: Mapping[str, tuple[float, float]], points: int = 7, seed: int = 0
) -> bool:
    """True when expressions ``a`` and ``b`` agree at random points of the variables' ranges."""
    rng = random.Random(seed)
    for _ in range(points):
        env = {name: rng.uniform(low, high) for name, (low, high) in variables.items()}
        try:
            va, vb = evaluate(a, env), evaluate(b, env)
        except ExpressionError:
            return False
        if not close(va, vb, (1e-9, 1e-7)):
            return False
    return True


def show(value: Any, compare: str = "exact") -> str:
    """A value as the student should read it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if compare == "shape" and isinstance(value, (list, tuple)):
        return "(" + ", ".join(str(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(show(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if isinstance(value, dict) and set(value) == {"shape"}:
        return f"a tensor of shape {show(value['shape'], 'shape')}"
    return str(value)


def check_answer(
    response: str,
    truth: Any,
    *,
    compare: str = "exact",
    tolerance: tuple[float, float] = (1e-9, 1e-3),
    params: Mapping[str, Any] | None = None,
    variables: Mapping[str, tuple[float, float]] | None = None,
) -> Verdict:
    """Grade what the student typed against ``truth``.

    Raises `AnswerFormatError` when the response cannot be read at all (the screen asks again
    rather than counting it wrong).
    """
    numeric_params = {k: float(v) for k, v in (params or {}).items()
                      if isinstance(v, (int, float)) and not isinstance(v, bool)}
    if compare == "shape":
        given_shape = parse_shape(response)
        truth_shape = tuple(truth["shape"]) if isinstance(truth, dict) and "shape" in truth else tuple(truth)
        return Verdict(given_shape == truth_shape, show(truth_shape, "shape"), show(given_shape, "shape"))
    if compare == "numeric":
        number = parse_number(response, numeric_params)
        truth_number = _as_number(truth)
        if truth_number is None:
            raise AnswerFormatError(f"the computed answer {show(truth)} is not a number")
        ok = close(number, truth_number, tolerance)
        note = "" if ok or truth_number == 0 else f"off by {abs(number - truth_number) / abs(truth_number):.1%}"
        return Verdict(ok, show(truth_number), show(number), note)
    if compare == "expression":
        names = dict(variables or {})
        try:
            evaluate(response, {n: (lo + hi) / 2 for n, (lo, hi) in names.items()})
        except ExpressionError as exc:
            raise AnswerFormatError(
                f"{exc}: type an expression in {', '.join(sorted(names))}") from None
        return Verdict(expressions_equal(response, str(truth), names), str(truth), response.strip())
    if compare == "one_of":
        options = list(truth) if isinstance(truth, (list, tuple)) else [truth]
        ok = any(_matches_option(response, option, tolerance, numeric_params) for option in options)
        return Verdict(ok, " or ".join(show(o) for o in options), response.strip())
    given: Any = response
    if _as_number(truth) is not None and not isinstance(truth, bool):
        try:
            given = parse_number(response, numeric_params)
        except AnswerFormatError:
            given = response
    return Verdict(exact_equal(given, truth), show(truth), show(given) if not isinstance(given, str) else given.strip())


def _matches_option(response: str, option: Any, tolerance: tuple[float, float], params: Mapping[str, float]) -> bool:
    number = _as_number(option)
    if number is not None:
        try:
            return close(parse_number(response, params), number, tolerance)
        except AnswerFormatError:
            return False
    return exact_equal(response, option)


def compare_values(
    computed: Any,
    declared: Any,
    *,
    compare: str = "exact",
    tolerance: tuple[float, float] = (1e-9, 1e-3),
    variables: Mapping[str, tuple[float, float]] | None = None,
) -> bool:
    """Whether a computed truth agrees with a declared answer (or with a second computation)."""
    if compare == "shape":
        try:
            as_tuple = lambda v: tuple(v["shape"]) if isinstance(v, dict) else tuple(v)  # noqa: E731
            return as_tuple(computed) == as_tuple(declared)
        except (TypeError, KeyError):
            return False
    if compare == "numeric":
        a, b = _as_number(computed), _as_number(declared)
        return a is not None and b is not None and close(a, b, tolerance)
    if compare == "expression":
        return expressions_equal(str(computed), str(declared), dict(variables or {}))
    if compare == "one_of":
        if not isinstance(computed, (list, tuple)) or not isinstance(declared, (list, tuple)):
            return False
        return sorted(map(normalise_text, computed)) == sorted(map(normalise_text, declared))
    return exact_equal(computed, declared)
