"""Small tensors typed as nested lists (``[[1, 2], [3, 4]]``), compared entry by entry.

The comparison is numpy's ``allclose`` rule with the question's tolerance
(``|given - truth| <= abs + rel·|truth|``), and when it fails the first entry that differs is
named, so the student sees where their working went wrong rather than just "wrong".
"""

from __future__ import annotations

import ast
import re
from typing import Any

from quizapp.grading.compare import close
from quizapp.records import Record

MAX_ENTRIES = 10_000
_PREFIX = re.compile(r"^\s*(?:torch\.)?tensor\s*\((.*)\)\s*$", re.DOTALL)


class TensorFormatError(ValueError):
    """The text is not a number or nested lists of numbers."""


class TensorVerdict(Record, frozen=True):
    correct: bool
    note: str = ""  # which entry differs, or how the shapes differ


def parse_tensor(text: str) -> Any:
    """``[[1, 2], [3, 4]]`` (or ``tensor([[…]])``, or a bare number) as nested lists of floats."""
    body = text.strip()
    match = _PREFIX.match(body)
    if match:
        body = match.group(1).strip()
    body = body.replace("−", "-")
    if len(body) > 20 * MAX_ENTRIES:
        raise TensorFormatError("too long for a small tensor")
    try:
        value = ast.literal_eval(body)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise TensorFormatError(
            f"cannot read {text.strip()!r} as a tensor: type nested lists such as [[1, 2], [3, 4]]") from None
    return _as_floats(value, text)


def _as_floats(value: Any, text: str) -> Any:
    if isinstance(value, bool):
        raise TensorFormatError(f"{text.strip()!r}: entries must be numbers")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_as_floats(v, text) for v in value]
    raise TensorFormatError(f"{text.strip()!r}: entries must be numbers, in nested lists")


def shape_of(value: Any) -> tuple[int, ...] | None:
    """The shape of nested lists, or None when they are ragged."""
    if not isinstance(value, list):
        return ()
    inner = [s for s in map(shape_of, value) if s is not None]
    if len(inner) < len(value) or len(set(inner)) > 1:  # a ragged entry, or entries of two shapes
        return None
    return (len(value), *(inner[0] if inner else ()))


def _entries(value: Any, index: tuple[int, ...] = ()) -> list[tuple[tuple[int, ...], float]]:
    if not isinstance(value, list):
        return [(index, float(value))]
    out = []
    for i, v in enumerate(value):
        out += _entries(v, (*index, i))
    return out


def _dims(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) if shape else "a single number"


def _number(x: float) -> str:
    return f"{x:.6g}"


def compare_tensors(given: Any, truth: Any, tolerance: tuple[float, float]) -> TensorVerdict:
    """``allclose(given, truth)``, naming the first differing entry (or the shape mismatch)."""
    given_shape, truth_shape = shape_of(given), shape_of(truth)
    if given_shape is None:
        return TensorVerdict(False, "your rows do not all have the same length")
    if given_shape != truth_shape:
        return TensorVerdict(False, f"you typed {_dims(given_shape)} entries, "
                                    f"the answer has {_dims(truth_shape or ())}")
    for (index, g), (_i, t) in zip(_entries(given), _entries(truth), strict=True):
        if not close(g, t, tolerance):
            where = "".join(f"[{i}]" for i in index) or "the value"
            return TensorVerdict(False, f"first difference at {where}: you typed {_number(g)}, it is {_number(t)}")
    return TensorVerdict(True)


def show_tensor(value: Any) -> str:
    """Nested lists as typed: ``[[1, 2], [3, 4]]`` with short numbers."""
    if isinstance(value, list):
        return "[" + ", ".join(show_tensor(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return _number(value) if isinstance(value, float) else str(value)


def check_tensor_answer(response: str, truth: Any, tolerance: tuple[float, float]) -> tuple[bool, str, str, str]:
    """(correct, expected, given, note) for a typed tensor; unreadable text raises
    `AnswerFormatError` (the screen asks again, it does not count)."""
    from quizapp.grading.compare import AnswerFormatError

    try:
        given = parse_tensor(response)
    except TensorFormatError as exc:
        raise AnswerFormatError(str(exc)) from None
    if isinstance(truth, dict):  # a tensor too large to carry its values
        raise AnswerFormatError("the computed answer is too large to compare entry by entry")
    verdict = compare_tensors(given, truth, tolerance)
    return verdict.correct, show_tensor(truth), show_tensor(given), verdict.note
