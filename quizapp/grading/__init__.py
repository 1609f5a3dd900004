"""Grading typed answers: read what the student typed, compare it with the truth."""

from quizapp.grading.compare import (
    AnswerFormatError,
    Verdict,
    check_answer,
    compare_values,
    from_typed,
    parse_shape,
    show,
)
from quizapp.grading.expr import ExpressionError, evaluate

__all__ = [
    "AnswerFormatError", "ExpressionError", "Verdict", "check_answer", "compare_values", "evaluate",
    "from_typed", "parse_shape", "show",
]
