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
from quizapp.grading.numbers import MIN_SIGNIFICANT_DIGITS, WrittenNumber, read_written_number
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
_BRACKETS = {"(": ")", "[": "]"}


def parse_shape(text: str) -> tuple[int, ...]:
    """Read ``(1, 32, 122, 122)``, ``[1,32,122,122]``, ``1x32x122x122`` or ``torch.Size([…])``.

    Brackets must be closed (``(1,2`` is refused: it may be half typed) and every size a
    whole number ≥ 0."""
    example = "type whole numbers such as (1, 32, 122, 122)"
    body = re.sub(r"^torch\.Size\s*", "", text.strip())
    for _ in range(2):  # torch.Size([…]) has two pairs
        if body[:1] in _BRACKETS:
            if not body.endswith(_BRACKETS[body[0]]):
                raise AnswerFormatError(f"{text.strip()!r} has an unclosed {body[0]!r}: {example}")
            body = body[1:-1].strip()
    if any(c in body for c in "()[]"):
        raise AnswerFormatError(f"cannot read {text.strip()!r} as a shape: {example}")
    if not body:
        return ()
    parts = [p for p in _SHAPE_SPLIT.split(body) if p]
    if not all(p.isdigit() for p in parts):
        raise AnswerFormatError(f"cannot read {text.strip()!r} as a shape: {example}")
    return tuple(int(p) for p in parts)


def read_number(text: str, variables: Mapping[str, float] | None = None) -> WrittenNumber:
    """A number as people write it (``22 145``, ``22,145``, ``0.667``) or arithmetic such as
    ``2*ln(2)``; the question's parameters may be used. Only finite numbers are answers."""
    written = read_written_number(text)
    if written is None:
        try:
            written = WrittenNumber(value=float(evaluate(text, variables)), last_place=None, significant=0)
        except ExpressionError as exc:
            raise AnswerFormatError(f"{exc}: type a number or arithmetic such as 2*ln(2)") from None
    if not math.isfinite(written.value):
        raise AnswerFormatError(f"{text.strip()!r} is not a finite number: type a number such as 0.72")
    return written


def parse_number(text: str, variables: Mapping[str, float] | None = None) -> float:
    """The value of `read_number`."""
    return read_number(text, variables).value


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
    digits: int = MIN_SIGNIFICANT_DIGITS,
) -> Verdict:
    """Grade what the student typed against ``truth``.

    Raises `AnswerFormatError` when the response cannot be read as what the question asks
    for — a number, a shape, true/false, an expression — (the screen asks again rather than
    counting it wrong). A number rounded correctly to the digits typed (at least ``digits``
    significant ones) is right, whatever the tolerance.
    """
    numeric_params = {k: float(v) for k, v in (params or {}).items()
                      if isinstance(v, (int, float)) and not isinstance(v, bool)}
    if compare == "shape":
        given_shape = parse_shape(response)
        truth_shape = tuple(truth["shape"]) if isinstance(truth, dict) and "shape" in truth else tuple(truth)
        return Verdict(given_shape == truth_shape, show(truth_shape, "shape"), show(given_shape, "shape"))
    if compare == "tensor":  # nested lists, allclose: see quizapp.grading.tensors
        from quizapp.grading.tensors import check_tensor_answer

        return Verdict(*check_tensor_answer(response, truth, tolerance))
    if compare == "numeric":
        truth_number = _as_number(truth)
        if truth_number is None:
            raise AnswerFormatError(f"the computed answer {show(truth)} is not a number")
        return _number_verdict(read_number(response, numeric_params), truth_number, tolerance, digits)
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
        if options and all(_is_number(o) for o in options):
            read_number(response, numeric_params)  # refuses what is not a number
        ok = any(_matches_option(response, option, tolerance, numeric_params, digits) for option in options)
        return Verdict(ok, " or ".join(show(o) for o in options), response.strip())
    if isinstance(truth, bool):
        if normalise_text(response) not in _bool_words(True) | _bool_words(False):
            raise AnswerFormatError("type true or false")
        return Verdict(exact_equal(response, truth), show(truth), normalise_text(response))
    if _is_number(truth) or (isinstance(truth, str) and _as_number(truth) is not None):
        truth_number = _as_number(truth)
        assert truth_number is not None
        exact = (EXACT_NUMBER_TOLERANCE, EXACT_NUMBER_TOLERANCE)
        whole = isinstance(truth, int) or float(truth_number).is_integer()
        return _number_verdict(read_number(response, numeric_params), truth_number, exact,
                               # a count is exact; a computed fraction may be rounded
                               None if whole else digits)
    return Verdict(exact_equal(response, truth), show(truth), response.strip())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_verdict(written: WrittenNumber, truth: float, tolerance: tuple[float, float],
                    digits: int | None) -> Verdict:
    number = written.value
    notes = [written.note] if written.note else []
    ok = close(number, truth, tolerance)
    if not ok and digits is not None and written.rounds_to(truth, digits):
        ok = True
        notes.append(f"right to the {written.significant} digits typed; the full value is {truth:.12g}")
    elif not ok and truth != 0:
        notes.append(f"off by {abs(number - truth) / abs(truth):.1%}")
    return Verdict(ok, show(truth), show(number), "; ".join(notes))


def _matches_option(response: str, option: Any, tolerance: tuple[float, float], params: Mapping[str, float],
                    digits: int) -> bool:
    number = _as_number(option)
    if number is not None:
        try:
            written = read_number(response, params)
        except AnswerFormatError:
            return False
        return close(written.value, number, tolerance) or written.rounds_to(number, digits)
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
            def as_tuple(v: Any) -> tuple[Any, ...]:
                return tuple(v["shape"]) if isinstance(v, dict) else tuple(v)

            return as_tuple(computed) == as_tuple(declared)
        except (TypeError, KeyError):
            return False
    if compare == "tensor":
        from quizapp.grading.tensors import compare_tensors

        return compare_tensors(computed, declared, tolerance).correct
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
