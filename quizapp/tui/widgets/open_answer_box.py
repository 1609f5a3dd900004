"""The multi-line box for an open question's written answer in an exam.

`enter` starts a new line (an answer is prose), so moving on is a key that works inside the box
(the exam screen's ctrl+n). `escape` leaves the box, as it leaves the one-line answer box, so
that the exam's one-letter keys work again without a mouse.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import TextArea

from quizapp.tui.widgets.answer_input import leave_box


class OpenAnswerBox(TextArea):
    BINDINGS = [Binding("escape", "leave", "Leave the box", show=True)]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        kwargs.setdefault("placeholder", "Write your answer here (optional: you may also just think it through).")
        super().__init__(**kwargs)

    def action_leave(self) -> None:
        """Move the focus out of the box (to the screen's scrollable part, if any)."""
        leave_box(self)
