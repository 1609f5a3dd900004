"""The answer box: an Input that leaves `?` to the app (help opens from anywhere) and that
`escape` leaves, so that one-letter keys (u, t, f…) work again without a mouse.

No answer quizapp checks (a number, a shape, an expression, a date) contains a question mark.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

from quizapp.tui.widgets.text_box import TextBox


class AnswerInput(TextBox):
    BINDINGS = [Binding("escape", "leave", "Leave the box", show=True)]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "question_mark":
            return False
        return super().check_consume_key(key, character)

    def action_leave(self) -> None:
        """Move the focus out of the box (to the screen's scrollable part, if any)."""
        leave_box(self)


def leave_box(box: Widget) -> None:
    """Move the focus out of an answer box: to its screen's `.leave-target` (the scrollable
    part), or nowhere."""
    scrollers = box.screen.query(".leave-target")
    if scrollers:
        scrollers.first().focus()
    else:
        box.screen.set_focus(None)
