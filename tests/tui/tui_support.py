"""Driving the app in tests: wait for it to be ready, read what widgets show."""

from __future__ import annotations

import time
from typing import Callable

from textual.pilot import Pilot
from textual.widgets import Markdown, Static


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """Let the app run until ``condition()`` holds (fail after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.02)
    await pilot.pause()


async def ready(pilot: Pilot) -> None:
    """Wait until the banks are loaded and the first screen has drawn its counts."""
    await wait_for(pilot, lambda: pilot.app.workspace is not None, what="the workspace")
    await pilot.pause(0.05)


def text(pilot: Pilot, selector: str) -> str:
    """What a Static (or Markdown) shows."""
    widget = pilot.app.screen.query_one(selector)
    if isinstance(widget, Markdown):
        return widget.source
    assert isinstance(widget, Static)
    return str(widget.content)


def screen_name(pilot: Pilot) -> str:
    return type(pilot.app.screen).__name__


def screen_lines(pilot: Pilot) -> list[str]:
    """The screen as the terminal shows it, one string per row (what a user reads)."""
    strips = pilot.app.screen._compositor.render_strips()  # no public "screen text" in Textual
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]
