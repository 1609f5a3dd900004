"""The end-of-session summary reads the same in both front ends: the same session played with
keys in the app and typed into plain mode ends on the same lines."""

from __future__ import annotations

import io

import pytest
from study_support import Clock, Timer, open_workspace
from tui_support import ready, screen_name, text, wait_for

from quizapp.plain import PlainFrontEnd
from quizapp.progress import QueueFilter
from quizapp.study import StudySession
from quizapp.study.session import Mode

ACTIVATIONS = QueueFilter(topics=("activations",), banks=("basics",))  # two true/false statements
SECONDS = 125  # the session's length on both pinned timers


def plain_summary(tmp_path, mode: Mode) -> list[str]:
    """The summary plain mode prints after: true (right, suggested grade), true (wrong, Again),
    then the end of input."""
    timer = Timer()
    workspace = open_workspace(tmp_path / "plain.sqlite3", clock=Clock())
    try:
        session = StudySession(workspace, mode=mode, filters=ACTIVATIONS, seed=1, timer=timer)
        timer.advance(SECONDS)
        out = io.StringIO()
        PlainFrontEnd(io.StringIO("t\n\nt\n1\n"), out, width=200).study(session)
    finally:
        workspace.close()
    lines = out.getvalue().splitlines()
    return lines[lines.index("Session over"):]


@pytest.mark.parametrize(("start", "mode"), [("study", "today"), ("cram", "cram")])
async def test_plain_mode_ends_on_the_summary_screen_s_words(make_app, timer, tmp_path, start, mode):
    app = make_app(start=start, filters=ACTIVATIONS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        timer.advance(SECONDS)
        await pilot.press("t", "enter", "t", "1")
        if screen_name(pilot) == "StudyScreen":  # today's session shows the Again card again: leave
            await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "SummaryScreen")
        shown = [text(pilot, "#summary-title"), *text(pilot, "#summary-text").splitlines()]
    assert "By topic: activations 2 (1 Again)" in shown  # the session went as planned in the app
    assert ("This was practice: your schedule was not changed." in shown) == (mode == "cram")
    assert plain_summary(tmp_path, mode) == shown
