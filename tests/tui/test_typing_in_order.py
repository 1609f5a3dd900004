"""Keys that arrive together (fast typing, SSH, a busy machine) are applied in the order typed.

The terminal driver posts every key of one read to the app without waiting; Pilot's `press`
waits between keys, so these tests post them the way the driver does."""

from __future__ import annotations

import pytest
from study_support import BASICS
from textual import events
from textual.widgets import Input
from tui_support import ready, screen_name, text, wait_for

from quizapp.progress import QueueFilter

KEYS = {"backspace": "\x7f", "ctrl+u": "\x15", "left": None, "enter": "\r"}


def arrive_together(app, *keys: str) -> None:
    """Post keys as the terminal driver does when one read holds them all."""
    for key in keys:
        app.post_message(events.Key(key, KEYS.get(key, key)))


async def open_computed_card(make_app, pilot):
    await ready(pilot)
    await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
    box = pilot.app.screen.query_one("#answer", Input)
    assert pilot.app.focused is box
    return box


@pytest.mark.parametrize(("keys", "value"), [
    (("1", "9", "backspace", "2", "5"), "125"),          # a typo fixed on the fly
    (("7", "7", "ctrl+u", "0", ".", "5"), "0.5"),        # the box cleared, a new answer typed
    (("2", "5", "left", "0"), "205"),                    # the cursor moved, a digit inserted
])
async def test_editing_keys_apply_where_they_were_typed(make_app, keys, value):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("dropout",)))
    async with app.run_test(size=(80, 24)) as pilot:
        box = await open_computed_card(make_app, pilot)
        arrive_together(app, *keys)
        await pilot.pause(0.2)
        assert box.value == value


async def test_an_answer_typed_with_enter_is_checked_as_typed(make_app):
    app = make_app(BASICS, start="study", filters=QueueFilter(topics=("dropout",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_computed_card(make_app, pilot)
        arrive_together(app, "0", ".", "9", "backspace", "8", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#verdict").display, what="the verdict")
        assert "you said 0.8" in text(pilot, "#verdict")
