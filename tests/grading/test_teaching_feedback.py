"""What a wrong answer is told: the typical mistake it equals, what is right about it (a near
miss), and for typed tensors the first entry that differs."""

from __future__ import annotations

import pytest

from quizapp.grading import AnswerFormatError, check_answer
from quizapp.grading.mistakes import (
    fill_feedback,
    matching_mistake,
    mistake_equals_truth,
)
from quizapp.grading.partial import near_miss

# -- tensors typed as nested lists ---------------------------------------------------------

def test_a_typed_tensor_is_compared_with_allclose_and_the_first_difference_is_named() -> None:
    truth = [[0.5, 1.0], [1.5, 2.0]]
    assert check_answer("[[0.5, 1], [1.5, 2.0001]]", truth, compare="tensor").correct
    wrong = check_answer("[[0.5, 1], [1.4, 2]]", truth, compare="tensor")
    assert not wrong.correct
    assert wrong.note == "first difference at [1][0]: you typed 1.4, it is 1.5"
    assert wrong.expected == "[[0.5, 1], [1.5, 2]]"


def test_a_typed_tensor_of_the_wrong_shape_says_so_and_the_tolerance_is_the_banks() -> None:
    assert check_answer("[1, 2, 3, 4]", [[1, 2], [3, 4]], compare="tensor").note == (
        "you typed 4 entries, the answer has 2×2")
    assert not check_answer("[1.05]", [1.0], compare="tensor", tolerance=(0.01, 0)).correct
    assert check_answer("tensor([1.05])", [1.0], compare="tensor", tolerance=(0.1, 0)).correct


def test_text_that_is_not_nested_lists_is_refused_not_graded() -> None:
    with pytest.raises(AnswerFormatError, match="nested lists"):
        check_answer("[[1, 2], [3, x]]", [[1, 2], [3, 4]], compare="tensor")


# -- near misses -----------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "words"), [
    ("(1, 32, 120, 122)", "Right rank, and all but one dimension right: the third (index 2) is 122, not 120."),
    ("(32, 1, 122, 122)", "The right sizes, in the wrong order."),
    ("(32, 122, 122)", "The right sizes, but the batch dimension (1) at the front is missing."),
    ("(1, 16, 61, 61)", None),
])
def test_a_wrong_shape_is_told_what_it_got_right(typed: str, words: str | None) -> None:
    assert near_miss(typed, (1, 32, 122, 122), compare="shape") == words


def test_numbers_off_by_a_named_factor_or_the_sign_are_near_misses() -> None:
    factors = [2, "k**2"]
    assert near_miss("18", 2.0, compare="numeric", factors=factors, params={"k": 3}) == (
        "Off by a factor of k**2 = 9: yours is k**2 = 9 times the answer.")
    assert near_miss("1", 2.0, compare="numeric", factors=factors, params={"k": 3}) == (
        "Off by a factor of 2: the answer is 2 times yours.")
    assert near_miss("-2", 2.0, compare="numeric") == "The right size but the wrong sign."
    assert near_miss("3", 2.0, compare="numeric", factors=factors, params={"k": 3}) is None
    assert near_miss("16384", 8192, compare="exact", factors=[2]) is not None  # exact counts too


def test_an_expression_equal_up_to_a_constant_says_by_how_much() -> None:
    assert near_miss("p1 + p2 - p1*p2 + 1", "p1 + p2 - p1*p2", compare="expression",
                     variables={"p1": (0, 0.9), "p2": (0, 0.9)}) == (
        "Equal to the answer up to a constant: yours is the answer + 1.")
    assert near_miss("p1 * p2", "p1 + p2", compare="expression", variables={"p1": (0, 1), "p2": (0, 1)}) is None


# -- typical mistakes -------------------------------------------------------------------------

def test_the_mistake_matched_is_compared_the_way_the_truth_is() -> None:
    mistakes = [(None, "failed to compute: never matched"), ((1, 8, 16, 16), "forgot the padding"),
                ((1, 8, 17, 17), "padding on one side only")]
    assert matching_mistake("1x8x17x17", mistakes, compare="shape", tolerance=(0, 0)) == 2
    assert matching_mistake("(1, 8, 16, 16)", mistakes, compare="shape", tolerance=(0, 0)) == 1
    assert matching_mistake("(1, 8, 18, 18)", mistakes, compare="shape", tolerance=(0, 0)) is None
    numeric = [(0.3333, "a third")]
    assert matching_mistake("1/3", numeric, compare="numeric", tolerance=(1e-9, 1e-3)) == 0


def test_feedback_gets_the_variants_numbers_and_a_mistake_equal_to_the_truth_is_found() -> None:
    text = fill_feedback("Padding {{p}} on both sides gives {{answer}}, not {{value}}.", {"p": 2},
                         (1, 8, 18, 18), (1, 8, 20, 20), "shape")
    assert text == "Padding 2 on both sides gives (1, 8, 20, 20), not (1, 8, 18, 18)."
    assert mistake_equals_truth(8192, 8192.0, compare="exact", tolerance=(1e-9, 1e-3))
    assert not mistake_equals_truth(8320, 8192, compare="exact", tolerance=(1e-9, 1e-3))
