"""SVG snapshots of the main screens at 80×24 and 120×40 (home, a card after reveal, exam
results and statistics also at 60×20 and 200×50).

Deterministic by construction: pinned clock, timer and seed; bank code off (no engine timing in
the picture); relative bank paths; cursor blink off. Update with `pytest --snapshot-update` and
look at every changed SVG.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea
from tui_support import ready, screen_name, wait_for

from quizapp.progress import QueueFilter
from quizapp.study import ExamOptions

REPO = Path(__file__).resolve().parents[2]
BANKS = Path("tests/study/banks")
BASICS = BANKS / "basics.yaml"
BROKEN = Path("tests/tui/banks/broken.yaml")
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
# The screens a student lives in, from a small terminal to a wide one (issue 15 item 12).
EVERY_SIZE = [pytest.param((60, 20), id="60x20"), *SIZES, pytest.param((200, 50), id="200x50")]


@pytest.fixture(autouse=True)
def _relative_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # bank paths on screen are relative, the same on every machine


def steady(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):  # the open answer box
        area.cursor_blink = False


def after(*keys: str, screen: str = "", extra=None):
    """A run_before: wait for the data, press ``keys``, wait for ``screen``."""

    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press(*keys)
        if screen:
            await wait_for(pilot, lambda: screen_name(pilot) == screen, what=screen)
        if extra is not None:
            await extra(pilot)
        steady(pilot)
        await pilot.app.workers.wait_for_complete()  # e.g. scrolling to the feedback once laid out
        # Let every widget settle (the footer recomposes after focus moves): a busy machine
        # must not change the picture.
        for _ in range(3):
            await pilot.pause(0.05)
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_home(snap_compare, make_app, size):
    assert snap_compare(make_app(BANKS, BROKEN), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_study_true_false_answered(snap_compare, make_app, size):
    assert snap_compare(make_app(BANKS), terminal_size=size, run_before=after("enter", "f", screen="StudyScreen"))


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_study_open_revealed(snap_compare, make_app, size):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("cnn",)))
    assert snap_compare(app, terminal_size=size, run_before=after(screen="StudyScreen", extra=_press("space")))


@pytest.mark.parametrize("size", SIZES)
def test_study_multiple_choice(snap_compare, make_app, size):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("metrics",)))
    assert snap_compare(app, terminal_size=size, run_before=after(screen="StudyScreen"))


@pytest.mark.parametrize("size", SIZES)
def test_study_computed_code_shown_not_run(snap_compare, make_app, size):
    app = make_app(BANKS, start="study", filters=QueueFilter(banks=("code",)))
    answer = _press(*"1x8x8x8", "enter")
    assert snap_compare(app, terminal_size=size, run_before=after(screen="StudyScreen", extra=answer))


@pytest.mark.parametrize("size", SIZES)
def test_exam(snap_compare, make_app, size):
    app = make_app(BASICS, start="exam_now", exam=ExamOptions(count=4, minutes=15))
    assert snap_compare(app, terminal_size=size, run_before=after(screen="ExamScreen"))


def _exam_to_the_open_question(*then: str, screen: str = ""):
    """seed 1 draws no-vanishing (true/false), dropout-keep (computed), receptive-field (open),
    dice-vs-iou: answer the first two, write the open answer (put in the box at once: typing
    it key by key only slows the test), then press ``then``."""

    async def run(pilot) -> None:
        await pilot.press("t", "0", "enter")
        pilot.app.screen.query_one(TextArea).insert("a region\nof the input")
        await _press(*then, screen=screen)(pilot)

    return run


def test_exam_open_question_written(snap_compare, make_app):
    app = make_app(BASICS, start="exam_now", exam=ExamOptions(count=4, minutes=15))
    run_before = after(screen="ExamScreen", extra=_exam_to_the_open_question())
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_exam_self_grading(snap_compare, make_app):
    app = make_app(BASICS, start="exam_now", exam=ExamOptions(count=4, minutes=15))
    run_before = after(screen="ExamScreen", extra=_exam_to_the_open_question("ctrl+n", "1", screen="SelfGradeScreen"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_exam_results(snap_compare, make_app, size):
    app = make_app(BASICS, start="exam_now", exam=ExamOptions(count=4, minutes=15))
    run_before = after(screen="ExamScreen",
                       extra=_exam_to_the_open_question("ctrl+n", "1", "n", "enter", screen="ResultsScreen"))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_statistics(snap_compare, make_app, size):
    # a statement, then the open question (the stem's other statement is kept apart)
    keys = ("enter", "t", "enter", "space", "3", "escape", "enter", "s")
    assert snap_compare(make_app(BASICS), terminal_size=size, run_before=after(*keys, screen="StatsScreen"))


@pytest.mark.parametrize("size", SIZES)
def test_problems(snap_compare, make_app, size):
    assert snap_compare(make_app(BASICS, BROKEN), terminal_size=size, run_before=after("p", screen="ProblemsScreen"))


@pytest.mark.parametrize("size", SIZES)
def test_trust_prompt(snap_compare, make_app, size):
    async def show_trust(pilot) -> None:
        from quizapp.tui.screens.trust import TrustScreen

        await pilot.app.push_screen(TrustScreen(pilot.app.workspace.catalog.bank("code")))

    assert snap_compare(make_app(BANKS), terminal_size=size, run_before=after(extra=show_trust))


def _press(*keys: str, screen: str = ""):
    async def press(pilot) -> None:
        await pilot.press(*keys)
        if screen:
            await wait_for(pilot, lambda: screen_name(pilot) == screen, what=screen)

    return press


def test_study_in_the_light_theme(snap_compare, make_app):
    app = make_app(BANKS, theme="textual-light")
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("enter", "f", screen="StudyScreen"))
