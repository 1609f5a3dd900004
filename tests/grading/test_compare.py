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


# -- issue 15, item 2: what cannot be read as what the card asks for is refused, not wrong ----

@pytest.mark.parametrize(("typed", "truth", "compare"), [
    ("abc", 112, "exact"),  # "one whole number": letters are not a wrong number
    ("abc", 0.72, "numeric"),
    ("(1,2", (1, 2), "shape"),  # half typed
    ("[1, 2)", (1, 2), "shape"),
    ("(1, 2.5)", (1, 2), "shape"),
    ("(1, -2)", (1, 2), "shape"),
    ("1e999", 0.5, "numeric"),  # inf is no answer
    ("1e999", 112, "exact"),
    ("-1e999", 3.0, "one_of"),
    ("inf", 112, "exact"),
    ("nan", 0.5, "numeric"),
    ("36%", 0.36, "numeric"),
    ("", 112, "exact"),
    ("maybe", True, "exact"),
    ("abc", [1, 2], "one_of"),
])
def test_an_answer_that_cannot_be_read_is_refused_for_every_comparison(typed, truth, compare) -> None:
    with pytest.raises(AnswerFormatError):
        check_answer(typed, [truth] if compare == "one_of" and not isinstance(truth, list) else truth,
                     compare=compare)


def test_text_answers_still_take_any_text() -> None:
    assert not check_answer("abc", "global average pooling").correct
    assert check_answer("yes", True).correct and not check_answer("no", True).correct


# -- issue 15, item 3: numbers as people write them; rounded answers ------------------------

@pytest.mark.parametrize("typed", ["22145", "22_145", "22 145", "22\u2009145", "22\u202f145", "22,145", "22145.0"])
def test_thousands_groups_are_read_as_the_model_answer_prints_them(typed: str) -> None:
    assert check_answer(typed, 22145, compare="numeric").correct
    assert check_answer(typed, 22145).correct


def test_an_ambiguous_comma_is_read_as_thousands_and_the_verdict_says_so() -> None:
    verdict = check_answer("1,234", 1234, compare="numeric")
    assert verdict.correct and "read 1,234 as 1234" in verdict.note and "type 1.234 for a decimal" in verdict.note
    decimal = check_answer("0,72", 0.72, compare="numeric")
    assert decimal.correct and "comma in 0,72 as a decimal point" in decimal.note
    assert check_answer("1,000,000", 10**6, compare="numeric").correct


def test_badly_grouped_digits_are_not_a_number() -> None:
    with pytest.raises(AnswerFormatError):
        check_answer("22 14 5", 22145, compare="numeric")


@pytest.mark.parametrize(("typed", "truth", "tolerance"), [
    ("0.667", 2 / 3, (1e-4, 0.0)),
    ("0.143", 1 / 7, (1e-4, 0.0)),
    ("0.4082", 1 / math.sqrt(6), (1e-6, 0.0)),
    ("2.07", 31 / 15, (0.0, 1e-3)),
    ("1.067", 1.0667, (0.0, 1e-4)),
    ("6.67e-1", 2 / 3, (1e-6, 0.0)),
])
def test_an_answer_rounded_correctly_to_the_digits_typed_is_right(typed, truth, tolerance) -> None:
    verdict = check_answer(typed, truth, compare="numeric", tolerance=tolerance)
    assert verdict.correct
    assert f"the full value is {truth:.12g}" in verdict.note


@pytest.mark.parametrize(("typed", "truth"), [
    ("0.666", 2 / 3),  # not rounded right
    ("0.67", 2 / 3),  # two significant digits are too few
    ("0.7", 2 / 3),
    ("22100", 22145),  # a count is not "rounded"
])
def test_too_few_or_wrongly_rounded_digits_stay_wrong(typed, truth) -> None:
    assert not check_answer(typed, truth, compare="numeric", tolerance=(1e-4, 0.0)).correct


def test_a_question_that_asks_for_more_digits_gets_them() -> None:
    assert not check_answer("0.667", 2 / 3, compare="numeric", tolerance=(1e-6, 0.0), digits=5).correct
    assert check_answer("0.66667", 2 / 3, compare="numeric", tolerance=(1e-6, 0.0), digits=5).correct


def test_an_exact_count_is_not_rounded_but_an_exact_fraction_may_be() -> None:
    assert not check_answer("112.4", 112).correct
    assert check_answer("0.667", 2 / 3).correct
