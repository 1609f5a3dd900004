"""A visible countdown for timed exams."""

from __future__ import annotations

from typing import Any, Callable

from textual.reactive import reactive
from textual.widgets import Static

from quizapp.study.text import countdown_words


class Countdown(Static):
    """Shows the time left, once a second; calls ``on_time_up`` when it reaches zero."""

    seconds_left: reactive[float | None] = reactive(None)

    def __init__(self, remaining: Callable[[], float | None], on_time_up: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._remaining = remaining
        self._on_time_up = on_time_up
        self._fired = False

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(0.5, self.tick)

    def tick(self) -> None:
        self.seconds_left = self._remaining()
        if self.seconds_left is not None and self.seconds_left <= 0 and not self._fired:
            self._fired = True
            self._on_time_up()

    def watch_seconds_left(self, left: float | None) -> None:
        if left is None:
            self.update("⏱ no time limit")
            return
        self.update(f"⏱ {countdown_words(left)} left")
        self.set_class(left <= 60, "-urgent")
