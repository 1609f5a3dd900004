"""The end of a study session: answered, right, time spent, when cards are due next."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.plural import plural
from quizapp.study import SessionSummary
from quizapp.study.text import duration_words, when_words
from quizapp.study.views import RATING_NAMES
from quizapp.tui.widgets.title_bar import TitleBar


def summary_lines(s: SessionSummary, now: datetime) -> list[str]:
    """The summary in sentences (the plain front end words it the same way)."""
    if not s.answered:
        return ["Nothing answered in this session."]
    lines = [f"Answered: {plural(s.answered, 'card')} in {duration_words(s.seconds)}."]
    if s.auto_graded:
        lines.append(f"Right: {s.right} of {s.auto_graded} checked automatically ({s.right / s.auto_graded:.0%}).")
    lines.append("Grades: " + " · ".join(f"{RATING_NAMES[r]} {n}" for r, n in s.ratings.items()))
    if s.by_topic:
        lines.append("By topic: " + " · ".join(f"{t} {n} ({again} Again)" if again else f"{t} {n}"
                                                for t, (n, again) in sorted(s.by_topic.items())))
    if s.next_due is not None:
        lines.append(f"Next card due: {when_words(s.next_due, now)}.")
    if s.due_tomorrow is not None:
        lines.append(f"Due tomorrow: {plural(s.due_tomorrow, 'card')}.")
    if s.mode != "today":
        lines.append("This was practice: your schedule was not changed.")
    return lines


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
            yield Static("Session over", id="summary-title", markup=False)
            yield Static("\n".join(summary_lines(self.summary, self.now)), id="summary-text", markup=False)
            yield Static("Press enter to go back home.", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Summary"

    def action_home(self) -> None:
        self.dismiss()
