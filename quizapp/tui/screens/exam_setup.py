"""Set up a mock exam: topics, number of questions, time limit, and whether it counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Checkbox,
    Footer,
    Input,
    Label,
    SelectionList,
    Static,
)

from quizapp.errors import QuizappError
from quizapp.plural import plural
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.marked_selection_list import MarkedSelectionList
from quizapp.tui.widgets.text_box import TextBox
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.progress import QueueFilter
    from quizapp.study import ExamOptions


class ExamSetupScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start exam"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, filters: QueueFilter | None = None, options: ExamOptions | None = None) -> None:
        super().__init__()
        self.filters = filters
        self.options = options

    def compose(self) -> ComposeResult:
        from quizapp.progress import QueueFilter
        from quizapp.study.exam import exam_candidates

        ws = quiz_app(self).ready_workspace()
        banks = self.filters.banks if self.filters else ()
        chosen = set(self.filters.topics) if self.filters and self.filters.topics else None
        candidates = exam_candidates(ws, QueueFilter(banks=banks))
        per_topic: dict[str, int] = {}
        for ref in candidates:
            per_topic[ref.topic] = per_topic.get(ref.topic, 0) + 1
        yield TitleBar()
        with VerticalScroll(id="exam-setup"):
            yield Static("Questions are drawn across the chosen topics. No feedback until the end; "
                         "open questions are graded by you at the end.", classes="hint", markup=False)
            yield Label("Topics (space toggles):")
            yield MarkedSelectionList(
                *((f"{ws.catalog.topic_name(topic)} ({plural(n, 'question')})", topic,
                   chosen is None or topic in chosen)
                  for topic, n in sorted(per_topic.items())),
                id="exam-topics",
            )
            count = self.options.count if self.options else 20
            minutes = self.options.minutes if self.options and self.options.minutes else 20
            with Horizontal(classes="field"):
                yield Label("Questions:")
                yield TextBox(str(count), id="exam-count", type="integer")
            with Horizontal(classes="field"):
                yield Label("Minutes (0 = no limit):")
                yield TextBox(f"{minutes:g}", id="exam-minutes", type="number")
            record = bool(self.options and self.options.record_in_schedule)
            yield Checkbox("Record the answers in my study schedule", record, id="exam-record")
            yield Static("Press ctrl+s (or enter in a field) to start.", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Exam setup"
        self.query_one("#exam-topics").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        from quizapp.progress import QueueFilter
        from quizapp.study import ExamSession
        from quizapp.tui.screens.exam import ExamScreen

        topics = tuple(self.query_one("#exam-topics", SelectionList).selected)
        if not topics:
            self.notify("Choose at least one topic.", severity="warning")
            return
        try:
            count = int(self.query_one("#exam-count", Input).value or "0")
            minutes = float(self.query_one("#exam-minutes", Input).value or "0")
        except ValueError:
            self.notify("Questions and minutes must be numbers.", severity="warning")
            return
        if count < 1:
            self.notify("Ask for at least one question.", severity="warning")
            return
        banks = self.filters.banks if self.filters else ()
        app = quiz_app(self)
        try:
            exam = ExamSession(
                app.ready_workspace(),
                filters=QueueFilter(banks=banks, topics=topics), count=count,
                time_limit_s=int(minutes * 60) if minutes > 0 else None,
                record_in_schedule=self.query_one("#exam-record", Checkbox).value,
                seed=app.options.seed,
                timer=app.options.timer,
            )
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.switch_screen(ExamScreen(exam))

    def action_back(self) -> None:
        self.dismiss()
