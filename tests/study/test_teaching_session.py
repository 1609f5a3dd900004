"""A computed card that teaches, with a real engine: the typical mistake a wrong answer equals
is named with this variant's numbers, a near miss suggests Hard, hints cost a grade, a second
try comes before the answer, a broken variant is redrawn and reported — and an exam shows none
of it until the end."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from study_support import Timer, open_workspace, reviews_in

from quizapp.banks import draw_variant, load_bank
from quizapp.plain import PlainFrontEnd
from quizapp.snippets import SnippetEngine, TrustStore
from quizapp.study import StudySession
from quizapp.study.exam import ExamSession
from quizapp.study.review import Review

pytestmark = pytest.mark.slow  # one engine start (~3 s) for the module

TEACH = Path(__file__).resolve().parent / "teach_banks" / "teach.yaml"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnippetEngine]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUIZAPP_HOME", str(tmp_path_factory.mktemp("engine-home")))
        engine = SnippetEngine(cache=False)
    assert engine.wait_ready(90).state == "ready"
    yield engine
    engine.close()


@pytest.fixture
def ws(db: Path, clock, engine):
    bank, _problems = load_bank(TEACH)
    TrustStore().trust(bank)
    workspace = open_workspace(db, TEACH, clock=clock, engine=engine)
    yield workspace
    workspace.close()


def session_on(ws, key: str, **options) -> StudySession:
    return StudySession(ws, mode="drill", keys=[f"teach/{key}"], seed=3, **options)


def test_a_wrong_answer_equal_to_a_typical_mistake_is_told_which_with_this_variants_numbers(ws) -> None:
    session = session_on(ws, "padded-conv")
    p = session.current().params["p"]
    session.wait_truth()
    side = 20 + p - 5 + 1  # padding on one side only
    fb = session.answer_typed(f"(1, 8, {side}, {side})")
    right = 20 + 2 * p - 5 + 1
    assert fb.correct is False and fb.default_rating == 1
    assert fb.diagnosis == (f"Padding {p} is added on both sides, 2×{p} in all: (1, 8, {right}, {right}), "
                            f"not (1, 8, {side}, {side}).")
    session.undo()
    fb = session.answer_typed("(1, 8, 16, 16)")
    assert fb.diagnosis == f"That is what you get if you forget the padding of {p}."


def test_a_near_miss_names_what_is_right_and_suggests_hard(ws) -> None:
    session = session_on(ws, "padded-conv")
    p = session.current().params["p"]
    session.wait_truth()
    right = 20 + 2 * p - 5 + 1
    fb = session.answer_typed(f"(1, 8, {right}, 99)")
    assert fb.diagnosis == f"Right rank, and all but one dimension right: the fourth (index 3) is {right}, not 99."
    assert fb.default_rating == 2  # Hard, not Again
    session.undo()
    fb = session.answer_typed(f"(8, {right}, {right})")
    assert fb.diagnosis == "The right sizes, but the batch dimension (1) at the front is missing."


def test_hints_come_one_at_a_time_and_a_right_answer_after_one_suggests_hard(ws, db) -> None:
    session = session_on(ws, "padded-conv")
    p = session.current().params["p"]
    assert session.current().hint_count == 2
    assert session.next_hint() == f"A 5×5 kernel loses 4 pixels per side length; padding {p} adds some back."
    assert session.next_hint() == "The formula: H_out = H + 2p − k + 1."
    assert session.next_hint() is None
    session.wait_truth()
    right = 20 + 2 * p - 5 + 1
    fb = session.answer_typed(f"1x8x{right}x{right}")
    assert fb.correct and fb.default_rating == 2 and len(fb.hints) == 2
    session.grade()
    assert reviews_in(db)[-1][:2] == ("teach/padded-conv", 2)


def test_a_second_try_shows_the_mistake_but_not_the_answer_then_right_suggests_hard(ws, db) -> None:
    session = session_on(ws, "linear-count")
    session.wait_truth()
    first = session.answer_typed("40")
    assert first.retry and first.verdict == "✗ Not yet" and first.expected == ""
    assert first.diagnosis == "40 counts the weights only: the 4 biases are parameters too."
    assert session.feedback is None  # not answered yet: no grade can be given
    second = session.answer_typed("44")
    assert second.correct and second.verdict == "✓ Right on the second try" and second.default_rating == 2
    session.grade()
    assert reviews_in(db)[-1][:4] == ("teach/linear-count", 2, "40 → 44", 1)


def test_wrong_twice_is_again_and_a_bank_named_factor_is_a_near_miss(ws) -> None:
    session = session_on(ws, "linear-count")
    session.wait_truth()
    assert session.answer_typed("88").retry  # twice the answer: factor 2 named by the bank
    fb = session.answer_typed("88")
    assert fb.correct is False and fb.expected == "44"
    assert fb.diagnosis == "Off by a factor of 2: yours is 2 times the answer." and fb.default_rating == 2
    no_retry = session_on(ws, "linear-count", second_try=False)  # the session's setting wins
    no_retry.wait_truth()
    assert not no_retry.answer_typed("40").retry


def test_a_typed_tensor_is_checked_entry_by_entry(ws) -> None:
    session = session_on(ws, "transpose")
    session.wait_truth()
    fb = session.answer_typed("[[0, 1], [2, 3]]")
    assert fb.correct is False and fb.note == "first difference at [0][1]: you typed 1, it is 2"
    session.undo()
    assert session.answer_typed("[[0, 2], [1, 3]]").correct


def test_a_variant_whose_code_fails_is_redrawn_and_reported_never_shown_broken(ws) -> None:
    ref = ws.catalog.get("teach/sometimes-broken")
    seed = next(s for s in range(100) if draw_variant(ref.question, s).params["n"] == 0)
    review = Review(ws, ref, seed)
    review.truth.wait()
    view = review.view()  # showing the card: the broken variant is replaced
    assert view.params["n"] != 0
    truth = review.wait_ready()
    assert truth.state == "ready" and truth.value == 2 * view.params["n"]
    [problem] = [p for p in ws.problems if p.code == "broken-variant"]
    assert "sometimes-broken (n=0): the snippet failed (AssertionError: n must be positive)" in problem.message
    assert problem.severity == "warning"


def test_an_exam_shows_no_hint_no_second_try_and_the_mistake_only_in_the_results(ws, db) -> None:
    exam = ExamSession(ws, count=4, seed=1, timer=Timer())
    while (view := exam.current()) is not None:
        assert view.hint_count == 0 or view.key != "teach/linear-count"
        if view.key == "teach/linear-count":
            exam.answer_typed("40")  # a second try would be allowed in study: not in an exam
        else:
            exam.skip()
    results = exam.finish()
    [answer] = [a for a in results.answers if a.key == "teach/linear-count"]
    assert answer.correct is False and answer.expected == "44"
    assert answer.note == "40 counts the weights only: the 4 biases are parameters too."


def test_plain_mode_gives_hints_a_second_try_and_names_the_mistake(ws) -> None:
    session = session_on(ws, "linear-count")
    out = io.StringIO()
    PlainFrontEnd(io.StringIO("40\n41\n1\n"), out, width=200).study(session)
    text = out.getvalue()
    assert "✗ Not yet — you said 40. 40 counts the weights only: the 4 biases are parameters too. One more try" in text
    assert "✗ Wrong — you said 41; the answer is 44." in text
    hinted = session_on(ws, "padded-conv")
    out = io.StringIO()
    PlainFrontEnd(io.StringIO(":hint\n:hint\n:hint\n(1, 8, 16, 16)\n1\n"), out, width=200).study(hinted)
    text = out.getvalue()
    assert "This card has 2 hints: type :hint to see one." in text
    assert "Hint: The formula: H_out = H + 2p − k + 1." in text and "No more hints for this card." in text
    assert "That is what you get if you forget the padding of" in text


def test_before_a_second_try_the_feedback_does_not_give_the_answer_away(ws) -> None:
    session = session_on(ws, "padded-conv", second_try=True)
    p = session.current().params["p"]
    session.wait_truth()
    side = 20 + p - 5 + 1
    first = session.answer_typed(f"(1, 8, {side}, {side})")  # padding on one side only
    assert first.retry
    assert first.diagnosis == (f"Padding {p} is added on both sides, 2×{p} in all: the right answer, "
                               f"not (1, 8, {side}, {side}).")
    right = 20 + 2 * p - 5 + 1
    second = session.answer_typed(f"(1, 8, {right}, 99)")
    assert second.diagnosis.endswith(f"is {right}, not 99.")  # the answer is shown now anyway
    near = session_on(ws, "padded-conv", second_try=True)
    near.wait_truth()
    assert near.answer_typed(f"(1, 8, {right}, 99)").diagnosis == (
        "Right rank, and all but one dimension right: the fourth (index 3) is off.")


def test_the_settings_file_turns_the_second_try_on_or_off_per_bank(ws) -> None:
    from quizapp.config import set_setting

    set_setting("second_try", "off", bank="teach")  # overrides linear-count's own `second_try: true`
    off = session_on(ws, "linear-count")
    off.wait_truth()
    assert not off.answer_typed("40").retry
    set_setting("second_try", "on", bank="teach")  # padded-conv's bank does not ask for one
    on = session_on(ws, "padded-conv")
    on.wait_truth()
    assert on.answer_typed("(1, 8, 16, 16)").retry
    assert not session_on(ws, "padded-conv", second_try=False).answer_typed("(1, 8, 16, 16)").retry
