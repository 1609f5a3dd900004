"""Open questions in a mock exam, driven with keys: written in a multi-line box (or only thought
through), graded by the student at the end, then in the score, the results and the drill."""

from __future__ import annotations

from study_support import BASICS, reviews_in
from textual.widgets import DataTable
from tui_support import ready, screen_name, text, wait_for

from quizapp.progress import ProgressStore
from quizapp.study import ExamOptions
from quizapp.tui.widgets.open_answer_box import OpenAnswerBox

# make_app's seed 1 draws the five basics cards in this order:
# no-vanishing (true/false, false), receptive-field (open), dropout-keep (computed, 0.72),
# gradient-constant (true/false, true), dice-vs-iou (multiple choice, 1 is right).


def enabled_keys(app) -> set[str]:
    return {b.binding.description for b in app.active_bindings.values() if b.enabled}


def exam_report(db):
    store = ProgressStore.open(db)
    try:
        return store.exam_report(store.exam_ids()[0])
    finally:
        store.close()


async def test_an_open_answer_is_written_then_graded_by_the_student_then_counted(make_app, db):
    app = make_app(BASICS, start="exam_now", exam=ExamOptions(count=5, minutes=15))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "ExamScreen")
        await pilot.press("f")
        assert "open question" in text(pilot, "#card-meta")
        assert "then ctrl+n: next question" in text(pilot, "#key-hint")
        assert isinstance(app.focused, OpenAnswerBox)  # type at once
        assert {"Next", "Leave the box"} <= enabled_keys(app) and "Skip" not in enabled_keys(app)
        await pilot.press("a", "?", "enter", "b")
        box = app.screen.query_one(OpenAnswerBox)
        assert box.text == "a?\nb"  # enter: a new line; ?: typed (no help here)
        await pilot.press("escape", "s")  # out of the box; an open question is not skipped
        assert text(pilot, "#exam-position") == "Question 2 of 5"
        await pilot.press("enter")  # back into the box
        assert app.focused is box
        await pilot.press("ctrl+n")
        assert text(pilot, "#exam-position") == "Question 3 of 5"
        await pilot.press(*"0.72", "enter", "t", "1")

        await wait_for(pilot, lambda: screen_name(pilot) == "SelfGradeScreen", what="the grading step")
        assert text(pilot, "#grade-position") == "Open answer 1 of 1: compare it with the model answer"
        assert text(pilot, "#grade-meta") == "Question 2 · cnn · Receptive field"
        assert text(pilot, "#grade-written") == "a?\nb"
        assert text(pilot, "#grade-model").startswith("**Model answer.** The region of the input")
        assert "grows with depth, kernel size and stride" in text(pilot, "#grade-points")
        assert "y = ✓ right" in text(pilot, "#grade-ask") and "n = ✗ wrong" in text(pilot, "#grade-ask")
        await pilot.press("n")
        assert text(pilot, "#grade-position") == "All 1 graded: 0 right, 1 wrong"
        await pilot.press("u")  # a slip: back to it, the grade shown
        assert text(pilot, "#grade-meta").endswith("— you graded it ✗ wrong")
        await pilot.press("y")
        assert text(pilot, "#grade-position") == "All 1 graded: 1 right, 0 wrong"
        assert exam_report(db).answered == 4  # the open answer is stored once the grading is done
        await pilot.press("enter")

        await wait_for(pilot, lambda: screen_name(pilot) == "ResultsScreen", what="the results")
        assert text(pilot, "#score").startswith("Score: 5 of 5 (100%)")
        topics = app.screen.query_one("#by-topic", DataTable)
        assert ["cnn", "1", "1", "100%"] in [[str(c) for c in topics.get_row_at(i)] for i in range(topics.row_count)]
        answers = app.screen.query_one("#answers", DataTable)
        assert [str(c) for c in answers.get_row_at(1)][1:4] == ["✓ right (you)", "Receptive field", "a? b"]
        await pilot.press("down", "enter")  # read the open question in full
        assert not app.screen.query_one("#answers").display
        detail = text(pilot, "#answer-detail-text")
        assert detail.startswith("**Question 2: Receptive field** — ✓ right (graded by you)")
        assert "> a?  \n> b" in detail
        assert "**Model answer.** The region of the input" in detail
        await pilot.press("escape")  # back to the list, not home
        assert screen_name(pilot) == "ResultsScreen" and app.screen.query_one("#answers").display
    stored = {a.key: (a.response, a.correct) for a in exam_report(db).answers}
    assert stored["basics/receptive-field"] == ("a?\nb", True)
    assert reviews_in(db) == []  # an exam leaves the schedule alone unless asked


async def test_at_the_bell_the_written_answer_is_kept_graded_recorded_and_drilled(make_app, db, timer):
    app = make_app(BASICS, start="exam_now", exam=ExamOptions(count=5, minutes=1, record_in_schedule=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "ExamScreen")
        await pilot.press("f", "a")  # the open answer is still being written…
        timer.advance(61)  # …when the time runs out
        await wait_for(pilot, lambda: screen_name(pilot) == "SelfGradeScreen", what="the grading step")
        assert text(pilot, "#grade-position").startswith("Time is up. Open answer 1 of 1")
        assert text(pilot, "#grade-written") == "a"
        await pilot.press("n", "enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "ResultsScreen", what="the results")
        score = text(pilot, "#score")
        assert score.startswith("Score: 1 of 5 (20%)")
        assert "time ran out" in score and "recorded in your schedule" in score
        answers = app.screen.query_one("#answers", DataTable)
        assert [str(answers.get_row_at(i)[1]) for i in range(5)] == \
            ["✓ right", "✗ wrong (you)", "✗ wrong", "✗ wrong", "✗ wrong"]  # the last three never answered
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert text(pilot, "#progress-line") == "0 done · 4 left"
        assert text(pilot, "#card-prompt") == "What is the receptive field of a unit in a CNN?"
    # recorded: the self-graded wrong answer is Again, like an auto-graded one
    assert ("basics/receptive-field", 1, "a", 0, "exam") in reviews_in(db)
    assert ("basics/relu-facts/no-vanishing", 3, "false", 1, "exam") in reviews_in(db)
