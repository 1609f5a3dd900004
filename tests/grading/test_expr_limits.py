"""A typed answer that evaluates to a number nothing can compare — an integer of a hundred
thousand digits, a complex root — is refused as unreadable (the screen asks again), never an
OverflowError that stops plain mode."""

from __future__ import annotations

import pytest

from quizapp.grading import AnswerFormatError, check_answer
from quizapp.grading.expr import ExpressionError, evaluate

HUGE = ["(10^100)^1000", "(10^99)^1000", "9^999", "9^200*9^200*9^200", "10^300", "-(10^150)^3"]


@pytest.mark.parametrize("typed", HUGE)
@pytest.mark.parametrize(("compare", "truth"), [("numeric", 3.0), ("exact", 112), ("one_of", [1, 2]),
                                                ("expression", "x")])
def test_a_huge_typed_number_is_asked_again_in_every_comparison(typed, compare, truth):
    with pytest.raises(AnswerFormatError, match="number too large"):
        check_answer(typed, truth, compare=compare, variables={"x": (0.0, 1.0)})


def test_a_complex_result_is_not_a_number():
    with pytest.raises(AnswerFormatError, match="not a real number"):
        check_answer("(-2)^0.5", 1.41, compare="numeric")
    with pytest.raises(ExpressionError, match="not a real number"):
        evaluate("(-8)^(1/3)")


@pytest.mark.parametrize(("typed", "value"), [("2^64", 2**64), ("10^299", 10**299), ("(1e100)^3", 1e300),
                                              ("0.5^1000", 0.5**1000), ("9^99*9^99", 9**198)])
def test_large_numbers_below_the_bound_stay_exact(typed, value):
    assert evaluate(typed) == value
