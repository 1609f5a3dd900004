"""Mock exams with open questions: written (or only thought through) during the exam, graded by
the student at the end, counted in the score, the drill and — when asked — the schedule."""

from __future__ import annotations

from pathlib import Path

import pytest
from study_support import Timer, open_workspace, reviews_in

from quizapp.errors import QuizappError
from quizapp.grading import AnswerFormatError
from quizapp.progress import QueueFilter
from quizapp.study import ExamSession

REVISION = Path(__file__).parent / "open_banks" / "revision.yaml"
ATTENTION, POOLING, SOFTMAX = "revision/why-attention-scale", "revision/pooling-invariance", \
    "revision/softmax-facts/sums-to-one"


@pytest.fixture
def revision(db, clock):
    ws = open_workspace(db, REVISION, clock=clock)
    yield ws
    ws.close()


def exam_of(ws, timer: Timer, **options) -> ExamSession:
    exam = ExamSession(ws, count=3, seed=1, timer=timer, **options)
    assert [r.ref.key for r in exam.reviews] == [ATTENTION, POOLING, SOFTMAX]  # seed 1's order
    return exam


def test_open_questions_are_examined_then_graded_by_the_student_before_the_score(workspace, db):
    timer = Timer()
    exam = ExamSession(workspace, filters=QueueFilter(banks=("basics",)), count=5, seed=3, timer=timer)
    assert "open" in [r.ref.kind for r in exam.reviews]  # a third of a bank is no longer left out
    while (view := exam.current()) is not None:
        timer.advance(10)
        if view.kind == "open":
            exam.answer_open("  The input region\nthat can change the unit  ")
        elif view.kind == "true_false":
            exam.answer_true_false(True)
        elif view.kind == "multiple_choice":
            exam.answer_choice(1)
        else:
            exam.answer_typed("0.72")
    [item] = exam.open_answers()
    assert (item.number, item.title, item.grade) == (3, "Receptive field", None)
    assert item.written == "The input region\nthat can change the unit"
    assert item.model_answer == "The region of the input that can influence that unit's value."
    assert "grows with depth, kernel size and stride" in item.key_points
    timer.advance(300)  # a slow self-grading is not exam time
    exam.grade_open(item.index, False)
    results = exam.finish()

    assert (results.correct, results.questions, results.seconds, results.timed_out) == (3, 5, 50, False)
    assert ("cnn", 1, 0) in results.by_topic
    open_row = results.answers[2]
    assert (open_row.given, open_row.correct, open_row.self_graded) == (item.written, False, True)
    assert open_row.expected == item.model_answer
    assert results.mistakes == ["basics/receptive-field", "basics/relu-facts/no-vanishing"]
    report = workspace.store.exam_report(results.exam_id)
    stored = {a.key: (a.response, a.correct) for a in report.answers}
    assert stored["basics/receptive-field"] == ("The input region\nthat can change the unit", False)
    assert (report.answered, report.correct) == (5, 3)
    assert "basics/receptive-field" in workspace.store.mistakes()  # `quizapp study --mode mistakes`
    assert reviews_in(db) == []  # the schedule was not touched


def test_a_recorded_exam_moves_the_schedule_right_to_good_wrong_to_again(revision, db):
    exam = exam_of(revision, Timer(), record_in_schedule=True)
    exam.answer_open("variance grows with d")
    exam.answer_open("")  # thought through, nothing written
    with pytest.raises(AnswerFormatError, match="not an open question"):
        exam.answer_open("true")
    exam.answer_true_false(True)
    graded = {a.key: a for a in exam.open_answers()}
    assert graded[POOLING].written == ""
    exam.grade_open(graded[ATTENTION].index, True)
    exam.grade_open(graded[POOLING].index, False)
    results = exam.finish()
    assert results.recorded_in_schedule and results.correct == 2
    assert reviews_in(db) == [  # in exam order: open answers are stored when handed in
        (ATTENTION, 3, "variance grows with d", 1, "exam"),
        (POOLING, 1, None, 0, "exam"),
        (SOFTMAX, 3, "true", 1, "exam"),
    ]


def test_a_grade_can_be_changed_until_the_end_and_an_ungraded_answer_counts_as_not_graded(revision):
    exam = exam_of(revision, Timer())
    exam.answer_open("scores get large")
    exam.answer_open("shifts")
    exam.answer_true_false(False)
    first, second = exam.open_answers()
    exam.grade_open(first.index, False)
    exam.grade_open(first.index, True)  # changed their mind (u in the grading step)
    results = exam.finish()  # the student stopped before grading the second
    assert [(a.key, a.correct) for a in results.answers] == [(ATTENTION, True), (POOLING, None), (SOFTMAX, False)]
    assert results.answers[1].note == "not graded by you"
    assert POOLING not in results.mistakes and SOFTMAX in results.mistakes
    with pytest.raises(QuizappError, match="finished"):
        exam.grade_open(second.index, True)
    stored = {a.key: a.correct for a in revision.store.exam_report(results.exam_id).answers}
    assert stored == {ATTENTION: True, POOLING: None, SOFTMAX: False}


def test_when_time_runs_out_the_unanswered_count_wrong_and_what_is_written_is_kept(revision):
    timer = Timer()
    exam = exam_of(revision, timer, time_limit_s=60)
    exam.answer_open("large dot products saturate the softmax")
    assert exam.current().key == POOLING
    timer.advance(61)
    assert exam.current() is None  # the answering is over
    exam.hand_in_draft("small shifts inside the win")  # in the box at the bell: kept
    items = exam.open_answers()
    assert [(i.key, i.written) for i in items] == [
        (ATTENTION, "large dot products saturate the softmax"), (POOLING, "small shifts inside the win")]
    timer.advance(120)  # grading after the bell is allowed and does not count
    exam.grade_open(items[0].index, True)
    exam.grade_open(items[1].index, True)
    results = exam.finish()
    assert (results.timed_out, results.seconds, results.correct) == (True, 60, 2)
    assert (results.answers[2].given, results.answers[2].correct) == ("(no answer)", False)
    assert SOFTMAX in results.mistakes


def test_finishing_the_last_question_in_time_is_not_a_time_out_however_long_the_grading(revision):
    timer = Timer()
    exam = exam_of(revision, timer, time_limit_s=60)
    for text in ("a", "b"):
        timer.advance(10)
        exam.answer_open(text)
    exam.answer_true_false(True)
    timer.advance(600)
    assert exam.remaining() == 40
    results = exam.finish()
    assert (results.timed_out, results.seconds) == (False, 20)


def test_an_exam_of_open_questions_only_is_possible(revision):
    exam = ExamSession(revision, filters=QueueFilter(topics=("cnn",)), count=5, timer=Timer())
    assert [r.ref.key for r in exam.reviews] == [POOLING]
    exam.answer_open("translations")
    exam.grade_open(exam.open_answers()[0].index, True)
    assert exam.finish().score == 1.0


def test_an_open_answer_is_stored_the_moment_it_is_handed_in(revision, db):
    import sqlite3

    exam = exam_of(revision, Timer())
    exam.answer_open("the dot products grow like sqrt(d)")

    def stored() -> list[tuple]:
        with sqlite3.connect(db) as conn:  # another connection: what a crash would leave behind
            return conn.execute("SELECT response, correct FROM exam_answers").fetchall()

    assert stored() == [("the dot products grow like sqrt(d)", None)]  # durable, not yet graded
    exam.answer_open("")
    exam.answer_true_false(True)
    for item in exam.open_answers():
        exam.grade_open(item.index, item.key == ATTENTION)
    exam.finish()
    assert sorted(stored(), key=str) == sorted([("the dot products grow like sqrt(d)", 1), (None, 0), ("true", 1)],
                                               key=str)


def test_an_exam_examines_every_topic_before_repeating_one(workspace):
    topics = {r.ref.topic for r in ExamSession(workspace, count=50, seed=0).reviews}  # every card
    assert len(topics) >= 3
    small = ExamSession(workspace, count=len(topics), seed=7)
    assert {r.ref.topic for r in small.reviews} == topics
    again = ExamSession(workspace, count=len(topics), seed=7)
    assert [r.ref.key for r in again.reviews] == [r.ref.key for r in small.reviews]  # a seed repeats
