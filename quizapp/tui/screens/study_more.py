"""Study more today (Anki's custom study): new cards over today's limit, or reviews ahead.

Opened from home with `n` for the selected rows (or everything). Dismisses with
(extra_new, ahead_days), or None when cancelled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from quizapp.tui.widgets.text_box import TextBox


class StudyMoreScreen(ModalScreen[tuple[int, int] | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, new_left: int, what: str) -> None:
        super().__init__()
        self.new_left = new_left
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="study-more"):
            yield Static(f"Study more today — {self.what}", classes="title", markup=False)
            yield Static(f"{self.new_left} new card{'s' if self.new_left != 1 else ''} not yet "
                         "studied here.", markup=False)
            yield Label("Extra new cards over today's limit:")
            yield TextBox(str(min(self.new_left, 20)), id="extra-new", type="integer")
            yield Label("Also review cards due in the next days (0: none):")
            yield TextBox("0", id="ahead-days", type="integer")
            yield Static("enter: study · escape: cancel", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#extra-new", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            extra = int(self.query_one("#extra-new", Input).value or 0)
            ahead = int(self.query_one("#ahead-days", Input).value or 0)
        except ValueError:
            self.notify("Type whole numbers.", severity="error")
            return
        if not (0 <= extra <= 9999 and 0 <= ahead <= 365):
            self.notify("Extra new cards: 0–9999; days ahead: 0–365.", severity="error")
            return
        self.dismiss((extra, ahead))

    def action_cancel(self) -> None:
        self.dismiss(None)
