"""Study and exam share one card screen: the same keys, driven the same way in both, do the same
thing wherever the exam does not deliberately differ (those differences: quizapp/tui/screens/
card_screen.py)."""

from __future__ import annotations

import pytest
from study_support import BASICS, reviews_in
from textual.widgets import Input
from tui_support import ready, screen_name, text, wait_for

from quizapp.banks.kinds import Kind, kind_info
from quizapp.progress import QueueFilter
from quizapp.study import ExamOptions

SCREENS = {"study": ("StudyScreen", "study_keys"), "exam": ("ExamScreen", "exam_keys")}


def open_card(make_app, where: str, topic: str):
    """The app on the first card of ``topic`` (one card), in a study session or an exam."""
    start = "study" if where == "study" else "exam_now"
    return make_app(BASICS, start=start, filters=QueueFilter(topics=(topic,)),
                    exam=ExamOptions(count=1, minutes=15))


def answered(app) -> bool:
    """The card was taken as answered: study shows a verdict, an exam moves past its question."""
    screen = app.screen
    if type(screen).__name__ == "StudyScreen":
        return screen.query_one("#verdict").display
    return type(screen).__name__ != "ExamScreen" or screen.exam.number != 1


@pytest.mark.parametrize("where", list(SCREENS))
async def test_the_answer_box_keys_are_the_same_in_study_and_exam(make_app, where):
    name, hint_field = SCREENS[where]
    app = open_card(make_app, where, "dropout")  # dropout-keep: computed
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == name)
        assert app.screen.view.kind == Kind.COMPUTED
        # the key hint is the kind's, from its definition, and the box has the focus
        assert text(pilot, "#key-hint") == getattr(kind_info(Kind.COMPUTED), hint_field)
        assert app.screen.query_one("#key-hint").display
        box = app.screen.query_one("#answer", Input)
        assert app.focused is box
        # digits and letters typed in the box are the answer's: nothing is chosen, graded or skipped
        await pilot.press("1", "2", "t", "s", "u")
        assert box.value == "12tsu"
        assert not answered(app) and screen_name(pilot) == name
        # ? opens help from the box, and closing it gives the box back
        await pilot.press("question_mark")
        assert screen_name(pilot) == "HelpScreen"
        await pilot.press("escape")
        assert screen_name(pilot) == name and app.focused is box
        # escape leaves the box (and neither ends the session nor the exam); enter comes back
        await pilot.press("escape")
        assert screen_name(pilot) == name and not answered(app)
        assert app.focused is app.screen.query_one("#card-scroll")
        await pilot.press("enter")
        assert app.focused is box and box.value == "12tsu"
        # an answer that cannot be read is asked again, never counted
        await pilot.press("enter")
        assert text(pilot, "#answer-status").startswith("✗ Cannot read that:")
        assert text(pilot, "#answer-status").endswith("Try again (it does not count).")
        assert not answered(app) and app.focused is box


@pytest.mark.parametrize("where", list(SCREENS))
async def test_choice_and_true_false_keys_are_the_same_in_study_and_exam(make_app, db, where):
    name, hint_field = SCREENS[where]
    app = open_card(make_app, where, "metrics")  # dice-vs-iou: multiple choice, 3 choices
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == name)
        assert app.screen.view.kind == Kind.MULTIPLE_CHOICE
        assert text(pilot, "#key-hint") == getattr(kind_info(Kind.MULTIPLE_CHOICE), hint_field)
        # no box to go back to, no true/false, no choice 9 on a card of three choices
        await pilot.press("t", "f", "enter", "9")
        assert screen_name(pilot) == name and not answered(app)
        await pilot.press("1")  # the first choice (right)
        assert answered(app)
    assert reviews_in(db) == []  # choosing is not grading: study records at the grade, an exam not at all


async def test_where_the_exam_deliberately_differs_escape_and_an_empty_answer(make_app):
    study = open_card(make_app, "study", "dropout")
    async with study.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await pilot.press("enter")  # an empty answer cannot be read: asked again
        assert text(pilot, "#answer-status").startswith("✗ Cannot read that:")
        await pilot.press("escape", "escape")  # out of the box, then out of the session
        assert screen_name(pilot) == "HomeScreen"
    exam = open_card(make_app, "exam", "dropout")
    async with exam.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "ExamScreen")
        await pilot.press("escape", "escape")  # out of the box; the exam only asks
        assert screen_name(pilot) == "ExamScreen" and exam.screen.exam.number == 1
        await pilot.press("enter", "enter")  # back into the box; empty: skipped, the exam ends
        await wait_for(pilot, lambda: screen_name(pilot) == "ResultsScreen", what="the results")
        assert text(pilot, "#score").startswith("Score: 0 of 1")
