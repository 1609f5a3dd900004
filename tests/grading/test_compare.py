"""What a student types is read generously and compared strictly."""

from __future__ import annotations

import math

import pytest

from quizapp.grading import AnswerFormatError, check_answer, compare_values, evaluate, from_typed


@pytest.mark.parametrize("typed", ["(1, 32, 122, 122)", "[1,32,122,122]", "1x32x122x122", "1 × 32 × 122 × 122",
                                   "torch.Size([1, 32, 122, 122])", "1, 32, 122, 122"])
def test_shapes_in_every_common_spelling(typed: str) -> None:
    assert check_answer(typed, (1, 32, 122, 122), compare="shape").correct


def test_a_wrong_shape_is_wrong_and_shown_as_read() -> None:
    verdict = check_answer("(1, 32, 121, 121)", (1, 32, 122, 122), compare="shape")
    assert not verdict.correct
    assert verdict.expected == "(1, 32, 122, 122)" and verdict.given == "(1, 32, 121, 121)"


def test_unreadable_shape_asks_again() -> None:
    with pytest.raises(AnswerFormatError, match="shape"):
        check_answer("big", (1, 2), compare="shape")


def test_numeric_accepts_arithmetic_and_tolerance() -> None:
    assert check_answer("2*ln(2)", 2 * math.log(2), compare="numeric").correct
    assert check_answer("1.386", 2 * math.log(2), compare="numeric").correct  # within rel 1e-3
    verdict = check_answer("1.3", 2 * math.log(2), compare="numeric")
    assert not verdict.correct and verdict.note.startswith("off by")


def test_numeric_can_use_the_variant_parameters() -> None:
    assert check_answer("1-(1-p1)*(1-p2)", 0.28, compare="numeric", params={"p1": 0.1, "p2": 0.2}).correct


def test_expression_compare_checks_equivalence_not_spelling() -> None:
    names = {"p1": (0.0, 0.9), "p2": (0.0, 0.9)}
    assert check_answer("p1 + p2 - p1*p2", "1 - (1-p1)*(1-p2)", compare="expression", variables=names).correct
    assert not check_answer("p1 * p2", "1 - (1-p1)*(1-p2)", compare="expression", variables=names).correct


@pytest.mark.parametrize("hostile", ["__import__('os').system('true')", "(1).__class__", "9**9**9**9", "x" * 400,
                                     "[1 for _ in range(10**9)]", "lambda: 1"])
def test_the_evaluator_never_runs_code(hostile: str) -> None:
    with pytest.raises(AnswerFormatError):
        check_answer(hostile, 1.0, compare="numeric")


def test_exact_ignores_case_spaces_and_quotes_and_reads_numbers() -> None:
    assert check_answer("  'Global  Average Pooling' ", "global average pooling").correct
    assert check_answer("112.0", 112).correct
    assert not check_answer("113", 112).correct


def test_one_of_accepts_any_listed_answer() -> None:
    assert check_answer("relu", ["ReLU", "leaky relu"], compare="one_of").correct
    assert check_answer("0.5", [0.5, "half"], compare="one_of").correct
    assert not check_answer("tanh", ["ReLU"], compare="one_of").correct


def test_engine_values_become_python() -> None:
    assert from_typed({"type": "shape", "value": [1, 32, 122, 122]}) == (1, 32, 122, 122)
    assert math.isinf(from_typed({"type": "float", "value": "inf"}))
    assert from_typed({"type": "list", "items": [{"type": "int", "value": 1}, {"type": "bool", "value": True}]}) == [1, True]


def test_check_compares_computed_with_declared() -> None:
    assert compare_values((1, 8, 62, 62), [1, 8, 62, 62], compare="shape")
    assert not compare_values((1, 8, 62, 62), [1, 8, 61, 61], compare="shape")
    assert compare_values(0.2800000001, 0.28, compare="numeric", tolerance=(1e-9, 1e-6))
    assert compare_values(112, 112)
    assert evaluate("2^10") == 1024
