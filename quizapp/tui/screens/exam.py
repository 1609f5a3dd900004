"""A mock exam in progress: a countdown, one question at a time, no feedback until the end.

When the answering is over (last question, time up, or ended early) the open answers are graded
by the student (`SelfGradeScreen`), then the exam is graded and the results replace this screen.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from quizapp.banks.kinds import Kind, kind_info
from quizapp.errors import QuizappError
from quizapp.grading import AnswerFormatError
from quizapp.study import CardView, ExamSession
from quizapp.tui.app import is_shutting_down
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.card_body import CardBody
from quizapp.tui.widgets.countdown import Countdown
from quizapp.tui.widgets.engine_status import EngineStatusLine
from quizapp.tui.widgets.open_answer_box import OpenAnswerBox
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from quizapp.study.exam import ExamResults


class ExamScreen(Screen):
    BINDINGS = [
        Binding("t", "true", "True"),
        Binding("f", "false", "False"),
        *(Binding(str(n), f"choose({n})", str(n), show=False) for n in range(1, 10)),
        Binding("ctrl+n", "next", "Next"),
        Binding("enter", "answer_box", "Answer box"),
        Binding("s", "skip", "Skip"),
        Binding("escape", "end", "End exam"),
    ]

    def __init__(self, exam: ExamSession) -> None:
        super().__init__()
        self.exam = exam
        self.view: CardView | None = None
        self._finishing = False
        self._end_armed_at = 0.0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="exam-top"):
            yield Static(id="exam-position", markup=False)
            yield Countdown(self.exam.remaining, self._time_up, id="countdown")
        with VerticalScroll(id="card-scroll", classes="leave-target"):
            yield CardBody(id="card")
            with Horizontal(id="answer-row"):
                yield AnswerInput(id="answer", placeholder="your answer")
            yield OpenAnswerBox(id="open-answer")
            yield Static(id="answer-status", markup=False)
            yield Static(id="key-hint", markup=False)
        yield EngineStatusLine(id="engine-line")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Exam"
        if is_shutting_down(self.app):
            # Pushed just before the app quit: shutdown prunes the screen while it mounts,
            # so its widgets may never be composed and there is nothing to show a card in.
            return
        self.show_question()

    def show_question(self) -> None:
        self.view = self.exam.current()
        if self.view is None:
            self.finish()
            return
        view = self.view
        self.query_one("#exam-position", Static).update(f"Question {self.exam.number} of {self.exam.total}")
        self.query_one(CardBody).show(view)
        answer = self.query_one("#answer", Input)
        answer.value = ""
        answer.placeholder = view.answer_hint
        box = self.query_one("#open-answer", OpenAnswerBox)
        box.text = ""
        self.query_one("#answer-row").display = view.kind == Kind.COMPUTED
        box.display = view.kind == Kind.OPEN
        self.query_one("#answer-status").display = False
        self.query_one("#key-hint", Static).update(kind_info(view.kind).exam_keys)
        scroll = self.query_one("#card-scroll", VerticalScroll)
        scroll.scroll_home(animate=False)
        {Kind.COMPUTED: answer, Kind.OPEN: box}.get(Kind(view.kind), scroll).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.view is None or self._finishing:
            return action == "end"
        kind = self.view.kind
        if action in ("true", "false"):
            return kind == Kind.TRUE_FALSE
        if action == "next":
            return kind == Kind.OPEN
        if action == "skip":  # an open question is handed in (written or not), never skipped
            return kind != Kind.OPEN
        if action == "answer_box":  # enter goes back into the box that escape left
            return kind in (Kind.COMPUTED, Kind.OPEN) and not isinstance(self.focused, (Input, TextArea))
        return True

    def _act(self, act: Callable[[], object]) -> None:
        if self._finishing:
            return
        try:
            act()
        except AnswerFormatError as exc:
            status = self.query_one("#answer-status", Static)
            status.update(f"✗ Cannot read that: {exc}. Try again (it does not count).")
            status.display = True
            return
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        self.show_question()

    def action_true(self) -> None:
        self._act(lambda: self.exam.answer_true_false(True))

    def action_false(self) -> None:
        self._act(lambda: self.exam.answer_true_false(False))

    def action_choose(self, number: int) -> None:
        if self.view is not None and self.view.kind == Kind.MULTIPLE_CHOICE and number <= len(self.view.choices):
            self._act(lambda: self.exam.answer_choice(number))

    def action_next(self) -> None:
        text = self.query_one("#open-answer", OpenAnswerBox).text
        self._act(lambda: self.exam.answer_open(text))

    def action_answer_box(self) -> None:
        if self.view is not None:
            self.query_one("#open-answer" if self.view.kind == Kind.OPEN else "#answer").focus()

    def action_skip(self) -> None:
        self._act(self.exam.skip)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        self._act(lambda: self.exam.answer_typed(text) if text.strip() else self.exam.skip())

    def _time_up(self) -> None:
        self.finish()
        self.notify("Time is up.", title="Exam")

    def action_end(self) -> None:
        # An exam is not thrown away by one stray key: escape twice within 3 seconds ends it.
        now = time.monotonic()
        if now - self._end_armed_at > 3:
            self._end_armed_at = now
            self.notify("Press escape again to end the exam now (unanswered questions count as wrong).",
                        title="End the exam?", timeout=3)
            return
        self.finish()

    def finish(self) -> None:
        """The answering is over: let the student grade the open answers (if any), then grade
        the exam in a worker (it may wait for torch) and show the results."""
        if self._finishing:
            return
        self._finishing = True
        self.app.clear_notifications()
        box = self.query_one("#open-answer", OpenAnswerBox)
        self.exam.hand_in_draft(box.text)  # what is written when the exam ends is kept
        self.exam.stop_answering()
        self.query_one("#answer", Input).disabled = True
        box.read_only = True
        self.refresh_bindings()
        if self.exam.open_answers():
            from quizapp.tui.screens.self_grade import SelfGradeScreen

            self._say("Grading your open answers…")
            self.app.push_screen(SelfGradeScreen(self.exam), lambda _done: self._grade_all())
            return
        self._grade_all()

    def _say(self, words: str) -> None:
        hint = self.query_one("#key-hint", Static)
        hint.update(words)
        hint.display = True

    def _grade_all(self) -> None:
        waiting = " waiting for torch to compute the remaining answers." if self.exam.pending_truths() else ""
        self._say("Grading…" + waiting)
        self._grade()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _grade(self) -> None:
        try:
            results = self.exam.finish()
        except QuizappError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show_results, results)

    def _show_results(self, results: ExamResults) -> None:
        from quizapp.tui.screens.results import ResultsScreen

        self.app.switch_screen(ResultsScreen(results))

    def close_session(self) -> None:
        for review in self.exam.reviews:
            review.cancel()
