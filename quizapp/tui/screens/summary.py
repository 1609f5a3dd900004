"""The end of a study session: answered, right, time spent, when cards are due next. The words
are `quizapp.study.summary_text` (plain mode prints the same); this screen only lays them out."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.study import SessionSummary
from quizapp.study.summary_text import SUMMARY_TITLE, summary_lines
from quizapp.tui.widgets.title_bar import TitleBar


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("enter", "home", "Home"),
        Binding("escape", "home", "Home", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, summary: SessionSummary, now: datetime) -> None:
        super().__init__()
        self.summary = summary
        self.now = now

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="summary-body"):
            yield Static(SUMMARY_TITLE, id="summary-title", markup=False)
            yield Static("\n".join(summary_lines(self.summary, self.now)), id="summary-text", markup=False)
            yield Static("Press enter to go back home.", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Summary"

    def action_home(self) -> None:
        self.dismiss()
