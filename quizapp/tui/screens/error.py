"""When the app cannot open its data: the reason, in words, and the way out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.tui.widgets.title_bar import TitleBar


class ErrorScreen(Screen):
    BINDINGS = [Binding("q", "app.quit", "Quit"), Binding("escape", "app.quit", "Quit", show=False)]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="error-body"):
            yield Static("✗ quizapp cannot start", id="error-title", markup=False)
            yield Static(self.message, id="error-message", markup=False)
            yield Static("Nothing was changed. Fix the problem above (or start with `quizapp --db OTHER.sqlite3`), "
                         "then start again. Press q to quit.", classes="hint", markup=False)
        yield Footer()
