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
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from quizapp.errors import QuizappError
from quizapp.grading import AnswerFormatError
from quizapp.study import CardView, ExamSession
from quizapp.tui.screens.card_screen import ANSWER_BOX_KEY, NUMBER_KEYS, TRUE_FALSE_KEYS, CardScreen
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.card_body import CardBody
from quizapp.tui.widgets.countdown import Countdown
from quizapp.tui.widgets.engine_status import EngineStatusLine
from quizapp.tui.widgets.open_answer_box import OpenAnswerBox
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from quizapp.study.exam import ExamResults


class ExamScreen(CardScreen[None]):
    """A mock exam in progress. Keys shared with study, and where they differ: `CardScreen`."""

    BINDINGS = [
        *TRUE_FALSE_KEYS,
        *NUMBER_KEYS,  # only ever choose: an exam shows no verdict to grade
        # Differs from study's hint: an exam gives none, and enter in the open-answer box is a
        # new line, so moving on from an open question is a key that works inside the box.
        Binding("ctrl+n", "next", "Next"),
        ANSWER_BOX_KEY,
        Binding("s", "skip", "Skip"),
        # Differs from study's back: an exam is not thrown away by one stray key (see action_end).
        Binding("escape", "end", "End exam"),
    ]

    def __init__(self, exam: ExamSession) -> None:
        super().__init__()
        self.exam = exam
        self._finishing = False
        self._end_armed_at = 0.0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="exam-top"):
            yield Static(id="exam-position", markup=False)
            yield Countdown(self.exam.remaining, self._time_up, id="countdown")
        with VerticalScroll(id="card-scroll", classes="leave-target"):
            yield CardBody(id="card")
            yield OpenAnswerBox(id="open-answer")
        # Below the scroll, as in study: focusing the box never scrolls a long card's title and
        # question away, and the refusal and the keys stay in sight.
        with Horizontal(id="answer-row"):
            yield AnswerInput(id="answer", placeholder="your answer")
        yield Static(id="answer-status", markup=False)
        yield Static(id="key-hint", markup=False)
        yield EngineStatusLine(id="engine-line")
        yield Footer()

    # -- what `CardScreen` asks of a screen ------------------------------------------------

    @property
    def cards(self) -> ExamSession:
        return self.exam

    @property
    def answered(self) -> bool:
        return False  # an answer moves on to the next question: the one on screen is open

    def screen_title(self) -> str:
        return "Exam"

    def key_hint(self, view: CardView) -> str:
        return view.form.exam_keys

    def answer_box_for(self, view: CardView) -> Widget | None:
        """A computed card's box; an open question's written answer (unlike in study, where
        it is revealed)."""
        if view.form.self_graded:
            return self.query_one("#open-answer", OpenAnswerBox)
        return self.answer_input() if view.form.typed else None

    def show_card(self) -> None:
        """Show the exam's current question, or end the answering when there is none."""
        self.view = self.exam.current()
        if self.view is None:
            self.finish()
            return
        view = self.view
        self.query_one("#exam-position", Static).update(f"Question {self.exam.number} of {self.exam.total}")
        self.query_one(CardBody).show(view)
        self.prepare_answer_input(view)
        box = self.query_one("#open-answer", OpenAnswerBox)
        box.text = ""
        box.display = view.form.self_graded
        self.query_one("#answer-status").display = False
        self.show_key_hint(view)
        self.focus_card(view)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.view is None or self._finishing:
            return action == "end"
        written = self.view.form.self_graded  # answered in words, graded by the student at the end
        if action == "next":
            return written
        if action == "skip":  # a written answer is handed in (written or not), never skipped
            return not written
        return super().check_action(action, parameters)

    def submit(self, act: Callable[[], None]) -> None:
        """Answer, then show the next question (no feedback until the end)."""
        if self._finishing:
            return
        try:
            act()
        except (AnswerFormatError, QuizappError) as exc:
            self.refuse_or_report(exc)
            return
        self.show_card()

    def action_next(self) -> None:
        text = self.query_one("#open-answer", OpenAnswerBox).text
        self.submit(lambda: self.exam.answer_open(text))

    def action_skip(self) -> None:
        self.submit(self.exam.skip)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        self.submit(lambda: self.exam.answer_typed(text) if text.strip() else self.exam.skip())

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
