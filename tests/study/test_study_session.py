"""The study flow as any front end drives it: answers, grades, undo, modes — checked against
what the progress DB recorded."""

from __future__ import annotations

import pytest
from study_support import BASICS, CODE, Timer, open_workspace, reviews_in

from quizapp.errors import QuizappError
from quizapp.grading import AnswerFormatError
from quizapp.study import StudySession

GRADIENT = "basics/relu-facts/gradient-constant"
VANISHING = "basics/relu-facts/no-vanishing"
OPEN = "basics/receptive-field"
DICE = "basics/dice-vs-iou"
DROPOUT = "basics/dropout-keep"
CONV = "code/conv-shape"
KERNEL = "code/kernel-variant"


def test_new_cards_come_in_bank_order_with_the_stem_and_statement(workspace):
    session = StudySession(workspace, seed=1)
    view = session.current()
    assert view.key == GRADIENT
    assert view.kind == "true_false"
    assert view.stem == "About the ReLU activation, true or false?"
    assert view.prompt.startswith("For positive inputs the gradient")
    assert session.progress().left == 8


def test_true_false_right_answer_is_graded_good_and_recorded(workspace, db):
    session = StudySession(workspace, seed=1)
    session.current()
    fb = session.answer_true_false(True)
    assert fb.correct is True and fb.verdict == "✓ Right"
    assert fb.default_rating == 3
    assert fb.grade_label(3) == "3 Good · 10m" and fb.grade_label(1) == "1 Again · 1m"
    assert "derivative is 1 for x" in fb.explain  # math rendered, not raw LaTeX
    result = session.grade()
    assert result.rating == 3
    assert reviews_in(db) == [(GRADIENT, 3, "true", 1, "study")]
    assert session.current().key == OPEN  # not the other statement of the same stem next


def test_wrong_answer_suggests_again_but_the_user_may_choose_another_grade(workspace, db):
    session = StudySession(workspace, seed=1)
    session.current()
    fb = session.answer_true_false(False)
    assert fb.correct is False and fb.verdict == "✗ Wrong"
    assert fb.default_rating == 1
    session.grade(2)
    assert reviews_in(db) == [(GRADIENT, 2, "false", 0, "study")]


def test_open_question_reveals_model_answer_and_needs_a_self_grade(workspace, db):
    session = StudySession(workspace, seed=1, keys=[OPEN])
    assert session.current().kind == "open"
    fb = session.reveal()
    assert fb.correct is None and fb.default_rating is None
    assert fb.model_answer.startswith("The region of the input")
    assert fb.key_points[0] == "region of the input that influences one output unit"
    with pytest.raises(QuizappError):
        session.grade()  # no suggested grade: the student must choose
    session.grade(4)
    assert reviews_in(db) == [(OPEN, 4, None, None, "study")]


def test_multiple_choice_marks_the_right_choice(workspace):
    session = StudySession(workspace, seed=1, keys=[DICE])
    assert session.current().choices == ("2/3", "1/2", "1/4")
    fb = session.answer_choice(2)
    assert fb.correct is False
    assert fb.expected == "2/3" and fb.correct_choices == (1,) and fb.chosen == 2
    with pytest.raises(AnswerFormatError):
        StudySession(workspace, keys=[DICE]).answer_choice(7)


def test_unreadable_typed_answer_asks_again_and_records_nothing(workspace, db):
    session = StudySession(workspace, seed=1, keys=[DROPOUT])
    with pytest.raises(AnswerFormatError, match="type a number"):
        session.answer_typed("about seventy")
    assert session.feedback is None
    fb = session.answer_typed("0.9*0.8")
    assert fb.correct is True and fb.expected == "0.72"
    session.grade()
    assert reviews_in(db) == [(DROPOUT, 3, "0.9*0.8", 1, "study")]


def test_untrusted_code_is_shown_not_run_and_the_answer_is_marked_not_verified(workspace):
    session = StudySession(workspace, seed=1, keys=[CONV])
    view = session.current()
    assert view.code_runs is False and "turned off" in view.code_note
    assert view.setup.startswith("conv = nn.Conv2d(3, 8")
    assert session.truth().state == "not_verified"
    fb = session.answer_typed("1x8x8x8")
    assert fb.correct is True and fb.expected == "(1, 8, 8, 8)"
    assert fb.truth_note.startswith("not verified")
    demos = session.demos()
    assert [d.state for d in demos] == ["not_run"] and "chart(" in demos[0].code


def test_a_parametrised_question_shows_and_checks_its_own_variant(workspace, db):
    answers = {}
    for seed in range(8):
        session = StudySession(workspace, seed=seed, keys=[KERNEL])
        view = session.current()
        k = view.params["k"]
        assert f"With kernel size {k}," in view.prompt
        assert f"kernel_size={k}" in view.setup
        answers[k] = session.answer_typed(str(9 - k + 1)).correct
        session.close()
    assert answers == {3: True, 5: True}  # both variants drawn, each checked against its own answer


def test_undo_withdraws_feedback_then_the_last_recorded_answer(workspace, db):
    session = StudySession(workspace, seed=1)
    session.current()
    session.answer_true_false(True)
    assert session.undo() == GRADIENT  # feedback withdrawn, nothing was recorded
    assert session.feedback is None and reviews_in(db) == []
    session.answer_true_false(True)
    session.grade()
    session.current()
    assert session.undo() == GRADIENT
    assert session.current().key == GRADIENT
    assert session.progress().done == 0
    assert reviews_in(db) == []
    assert workspace.store.card_state(GRADIENT).state == "new"
    assert session.undo() is None  # nothing left in this session


def test_cards_failed_today_come_back_in_the_same_session(workspace):
    session = StudySession(workspace, seed=1, filters=None)
    keys = []
    while (view := session.current()) is not None and len(keys) < 12:
        keys.append(view.key)
        session.reveal()
        session.grade(1 if view.key == GRADIENT else 4)
    assert keys.count(GRADIENT) >= 2  # Again: shown again after the others
    assert keys.count(DICE) == 1  # Easy: not again today


def test_cram_is_logged_but_leaves_the_schedule_alone(workspace, db):
    session = StudySession(workspace, mode="cram", seed=1)
    view = session.current()
    fb = session.reveal()
    assert fb.intervals == {} and fb.grade_label(3) == "3 Good"  # no interval: nothing moves
    session.grade(3)
    assert reviews_in(db)[0][4] == "cram"
    assert workspace.store.card_state(view.key).state == "new"


def test_summary_counts_answers_grades_time_and_next_due(workspace):
    from quizapp.progress import QueueFilter

    timer = Timer()
    session = StudySession(workspace, seed=1, timer=timer, filters=QueueFilter(topics=("activations",)))
    session.current()
    session.answer_true_false(True)
    timer.advance(30)
    session.grade()
    session.current()
    session.answer_true_false(True)  # wrong
    timer.advance(45)
    session.grade()
    s = session.summary()
    assert (s.answered, s.right, s.auto_graded) == (2, 1, 2)
    assert s.ratings == {1: 1, 2: 0, 3: 1, 4: 0}
    assert s.seconds == 75
    assert s.next_due is not None and s.by_topic == {"activations": (2, 1)}


def test_progress_survives_a_restart(db, clock):
    from quizapp.progress import QueueFilter

    ws = open_workspace(db, BASICS, clock=clock)
    session = StudySession(ws, seed=1, filters=QueueFilter(topics=("activations",)))
    for _ in range(2):
        session.current()
        session.reveal()
        session.grade(4)
    ws.close()
    again = open_workspace(db, BASICS, clock=clock)
    rows = {r.topic: (r.new, r.total) for r in again.deck_rows()}
    assert rows["activations"] == (0, 2)
    assert GRADIENT not in again.queue_keys()
    again.close()


def test_statistics_count_only_the_banks_that_are_loaded(db, clock):
    """A bank studied once and not loaded now (its file removed, or given on the command line
    that time) keeps its history in the DB, but its cards are not counted as due: the
    statistics screen agrees with the home screen's counts."""
    first = open_workspace(db, BASICS, CODE, clock=clock)
    try:
        first.store.answer(OPEN, 1)  # Again: due again in a minute
        first.store.answer(CONV, 1)
    finally:
        first.close()
    clock.advance(minutes=30)
    ws = open_workspace(db, BASICS, clock=clock)
    try:
        everything, loaded = ws.store.stats(), ws.stats()
        rows = ws.deck_rows()
        assert (everything.due_today, loaded.due_today) == (2, 1)
        assert loaded.due_today == sum(r.due for r in rows)
        assert loaded.cards == sum(r.total for r in rows) == everything.cards - 3  # the code bank has 3 cards
        assert [d.reviews for d in loaded.reviews_per_day][-1] == 1
        assert [f.topic for f in ws.forecast(clock.now.date())] == sorted({r.topic for r in rows})
    finally:
        ws.close()


def test_a_filter_naming_nothing_loaded_says_so_instead_of_nothing_to_study(workspace):
    from quizapp.progress import QueueFilter
    from quizapp.study import ExamSession

    with pytest.raises(QuizappError, match=r"no topic `cnnn` in the loaded banks — did you mean `cnn`\? \(topics: "):
        StudySession(workspace, filters=QueueFilter(topics=("cnnn",)))
    with pytest.raises(QuizappError, match=r"no bank `nope` in the loaded banks \(banks: basics, code\)"):
        ExamSession(workspace, filters=QueueFilter(banks=("nope",)))
    assert StudySession(workspace, filters=QueueFilter(topics=("cnn",))).current() is not None


def test_untrusted_parametrised_questions_show_a_variant_the_bank_declares(tmp_path, clock):
    """Issue 15 item 15: with its code not run, a drawn variant had no answer ("grade
    yourself", nothing to compare); one of the bank's examples is shown instead."""
    bank = tmp_path / "widths.yaml"
    bank.write_text(
        "bank: widths\ntitle: Widths\ntopic: cnn\nquestions:\n  - id: width\n    kind: computed\n"
        "    params:\n      k: {choices: [3, 5, 7, 9, 11]}\n    setup: 'conv = nn.Conv2d(1, 1, kernel_size={{k}})'\n"
        "    prompt: Kernel {{k}}, input width 15. Output width?\n"
        "    compute: result = conv(torch.zeros(1, 1, 15, 15)).shape[-1]\n    examples:\n"
        "      - params: {k: 3}\n        answer: 13\n      - params: {k: 7}\n        answer: 9\n",
        encoding="utf-8")
    ws = open_workspace(tmp_path / "p.sqlite3", bank, clock=clock)
    try:
        shown = set()
        for seed in range(10):
            session = StudySession(ws, seed=seed, keys=["widths/width"])
            view = session.current()
            shown.add(view.params["k"])
            assert "an example the bank gives the answer of" in view.variant_line
            assert session.truth().state == "not_verified"
            assert session.answer_typed(str(15 - view.params["k"] + 1)).correct is True
            session.close()
        assert shown == {3, 7}
    finally:
        ws.close()
