"""Recognising a typical error: does the typed answer equal what a bank-named mistake gives?

Each mistake's value is computed for the current variant by the snippet engine (like the
truth); here we only compare, with the same rule the truth is compared with, and fill the
mistake's feedback with the variant's numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.grading.compare import (
    AnswerFormatError,
    check_answer,
    compare_values,
    show,
)

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def fill_feedback(text: str, names: Mapping[str, Any], value: Any, answer: Any, compare: str,
                  reveal: bool = True) -> str:
    """``{{param}}``, ``{{value}}`` (what the error gives) and ``{{answer}}`` filled in; with
    ``reveal`` False (before a second try) ``{{answer}}`` stays words, not the answer."""
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "value":
            return show(value, compare)
        if name == "answer":
            return show(answer, compare) if reveal else "the right answer"
        if name in names:
            return show(names[name])
        return match.group(0)

    return _PLACEHOLDER.sub(one, text)


def matching_mistake(response: str, mistakes: Sequence[tuple[Any, str]], *, compare: str,
                     tolerance: tuple[float, float], params: Mapping[str, Any] | None = None,
                     variables: Mapping[str, tuple[float, float]] | None = None) -> int | None:
    """The index of the first mistake whose value the response equals (None: no mistake).

    ``mistakes`` are (computed value, feedback) pairs; a value of None (its code failed) is
    never matched.
    """
    for index, (value, _feedback) in enumerate(mistakes):
        if value is None:
            continue
        try:
            verdict = check_answer(response, value, compare=compare, tolerance=tolerance,
                                   params=params, variables=variables)
        except (AnswerFormatError, TypeError, ValueError, KeyError):
            continue
        if verdict.correct:
            return index
    return None


def mistake_equals_truth(value: Any, truth: Any, *, compare: str, tolerance: tuple[float, float],
                         variables: Mapping[str, tuple[float, float]] | None = None) -> bool:
    """True when a mistake gives the right answer (its feedback would then be wrong)."""
    try:
        return compare_values(value, truth, compare=compare, tolerance=tolerance, variables=variables)
    except (TypeError, ValueError, KeyError):
        return False
