"""Study: one card at a time. The screen shows what the `StudySession` gives and reports keys.

Waiting on torch (a computed answer, a demonstration) happens in thread workers, so keys keep
working while a snippet runs; a card serial number drops results that arrive for a card that
is no longer on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from quizapp.errors import QuizappError
from quizapp.grading import AnswerFormatError
from quizapp.study import CardView, StudySession
from quizapp.study.runs import PendingRun
from quizapp.study.truth import PendingTruth, Truth
from quizapp.study.views import digest_line
from quizapp.tui.screens.card_screen import ANSWER_BOX_KEY, NUMBER_KEYS, TRUE_FALSE_KEYS, CardScreen
from quizapp.tui.widgets.card_body import CardBody
from quizapp.tui.widgets.engine_status import EngineStatusLine
from quizapp.tui.widgets.feedback_panel import FeedbackPanel, retry_line, verdict_line
from quizapp.tui.widgets.grade_bar import GradeBar
from quizapp.tui.widgets.inline_code import with_code
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from quizapp.study.views import Feedback

MODE_TITLES = {"today": "Study", "cram": "Cram (schedule untouched)",
               "mistakes": "Drill mistakes (schedule untouched)", "drill": "Drill (schedule untouched)",
               "preview": "Preview as a student sees it (nothing recorded)"}

def truth_words(truth: Truth) -> str:
    """The state of a computed card's truth, shown next to the answer box."""
    if truth.state == "computing":
        return "◌ torch is computing the answer…"
    if truth.state == "ready":
        return "● answer ready (" + truth.note + ")"
    if truth.state == "declared":
        return ""
    return "○ " + truth.note


class StudyScreen(CardScreen["Feedback"]):
    """One study session; at its end, the summary. Keys shared with the exam: `CardScreen`."""

    BINDINGS = [
        *TRUE_FALSE_KEYS,
        Binding("space", "reveal", "Reveal", key_display="space"),
        Binding("enter", "accept", "Suggested grade"),
        ANSWER_BOX_KEY,
        *NUMBER_KEYS,  # after the verdict, 1–4 grade (the exam shows no verdict)
        # One key on every card, the answer box included (where `u` is a letter to type).
        Binding("ctrl+z", "undo", "Undo", key_display="^z", priority=True),
        Binding("u", "undo", "Undo", show=False),
        # Differs from the exam, where ctrl+n is "next question" (an exam gives no hints).
        Binding("ctrl+n", "hint", "Hint", key_display="^n"),
        Binding("h", "hint", "Hint", show=False),
        # Differs from the exam, which asks for a second escape before it ends.
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session
        self._checked = ""  # the typed answer last checked (enter on it again grades)
        self.serial = 0  # bumps on every card shown: stale worker results are dropped

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="progress-line", markup=False)
        with VerticalScroll(id="card-scroll", classes="leave-target"):
            yield CardBody(id="card", first=self.session.current())
            yield Static(id="hints", markup=False)
            yield FeedbackPanel(id="feedback")
        # Below the scroll, never scrolled out of view by a long card: the box, what became of
        # the answer typed (a refusal wraps here in full), and the keys.
        yield Horizontal(id="answer-row")  # the answer box goes in at the first computed card
        yield Static(id="answer-status", markup=False)
        yield Static(id="key-hint", markup=False)
        # Outside the scroll, so they never scroll away while grading: the question in one line
        # (the model answer and demonstrations below it can be long) and the verdict.
        yield Static(id="digest", markup=False)
        yield Static(id="verdict", markup=False)
        yield GradeBar(id="grades")
        yield EngineStatusLine(id="engine-line")
        yield Footer()

    # -- what `CardScreen` asks of a screen ------------------------------------------------

    @property
    def cards(self) -> StudySession:
        return self.session

    @property
    def answered(self) -> bool:
        return self.session.feedback is not None

    def screen_title(self) -> str:
        return MODE_TITLES.get(self.session.mode, "Study")

    def key_hint(self, view: CardView) -> str:
        return view.form.study_keys

    def answer_box_for(self, view: CardView) -> Widget | None:
        """A computed card's box (an open question is revealed, not written, in study)."""
        return self.answer_input() if view.form.typed else None

    # -- showing a card ------------------------------------------------------------------

    def show_card(self) -> None:
        """Show the session's current card, or the summary when there is none."""
        self.view = self.session.current()
        if self.view is None:
            self.finish()
            return
        self.serial += 1
        view = self.view
        self.query_one(CardBody).show(view)
        feedback = self.query_one(FeedbackPanel)
        feedback.display = False
        feedback.clear()
        self.query_one("#verdict").display = False
        self.query_one("#digest").display = False
        self.query_one(GradeBar).display = False
        self.prepare_answer_input(view)
        self._checked = ""
        hints = (f" {view.hint_count} hint{'s' if view.hint_count > 1 else ''}: ctrl+n "
                 "(a right answer after a hint suggests Hard).") if view.hint_count else ""
        self.show_key_hint(view, hints)
        hint_box = self.query_one("#hints", Static)
        hint_box.update("")
        hint_box.display = False
        self._show_truth()
        self._show_progress()
        self.focus_card(view)
        self.refresh_bindings()

    def _show_progress(self) -> None:
        p = self.session.progress()
        right = f" · {p.right} of {p.checked} right" if p.checked else ""
        self.query_one("#progress-line", Static).update(
            f"{p.done} done · {p.left} left today{right}" if self.session.mode == "today"
            else f"{p.done} done · {p.left} left{right}")

    def _show_truth(self) -> None:
        status = self.query_one("#answer-status", Static)
        if self.view is None or not self.view.form.typed:
            status.display = False
            return
        truth = self.session.truth()
        status.update(truth_words(truth))
        status.display = bool(truth_words(truth))
        if truth.state == "computing":
            self._wait_for_truth(self.serial, self.session.review.truth)

    @work(thread=True, group="truth", exit_on_error=False)
    def _wait_for_truth(self, serial: int, pending: PendingTruth) -> None:
        """Wait for torch without blocking the UI, then show the truth's state."""
        pending.wait()
        self.app.call_from_thread(self._truth_arrived, serial)

    def _truth_arrived(self, serial: int) -> None:
        if serial == self.serial and self.session.feedback is None:
            view = self.session.current()  # a variant whose code failed is replaced by another
            if view is not None and self.view is not None and view.params != self.view.params:
                self.view = view
                self.query_one(CardBody).show(view)
            self._show_truth()

    # -- answering -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view, answered = self.view, self.answered
        if view is None:
            return action in ("back", "undo")
        if action == "reveal":
            return view.form.self_graded and not answered
        if action == "accept":
            feedback = self.session.feedback
            return feedback is not None and feedback.default_rating is not None
        if action == "hint":
            return not answered and view.hint_count > self.session.review.hints_shown
        return super().check_action(action, parameters)

    def action_hint(self) -> None:
        """Show the next hint under the question (before answering)."""
        if self.view is None:
            return
        if self.session.next_hint() is None:
            self.notify("No more hints for this card.")
            return
        shown = self.session.review.shown_hints()
        box = self.query_one("#hints", Static)
        lines = (f"Hint {n} of {self.view.hint_count}: {text}" for n, text in enumerate(shown, 1))
        box.update(with_code("\n".join(lines)))  # `code` shown as code, as in the card above
        box.display = True
        # On a short terminal the box sits below the card's setup, out of view: bring it in,
        # or the key seems to do nothing.
        self.call_after_refresh(box.scroll_visible, animate=False)
        self.refresh_bindings()

    def action_reveal(self) -> None:
        self.submit(self.session.reveal)

    def action_number(self, number: int) -> None:
        if self.view is None:
            return
        if self.answered:
            if 1 <= number <= 4:
                self.grade(number)
        else:
            self.action_choose(number)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.view is None:
            return
        if self.session.feedback is not None:
            self._after_verdict(event.value)
            return
        text = event.value
        status = self.query_one("#answer-status", Static)
        try:
            self.session.check_format(text)
        except AnswerFormatError as exc:
            self.refuse_or_report(exc)
            return
        if not self.session.ready():
            status.update("◌ checking as soon as torch has computed the answer…")
            status.display = True
            self.query_one("#answer", Input).disabled = True
            self._check_when_ready(self.serial, text, self.session.review.truth)
            return
        self.submit(lambda: self.session.answer_typed(text))

    def _after_verdict(self, text: str) -> None:
        """Enter in the answer box once the card is checked: an empty box takes the suggested
        grade; a corrected answer is checked for practice and counts for nothing. (Digits
        typed here are the answer's, never grades: those are 1–4 outside the box.)"""
        if not text.strip() or text.strip() == self._checked:
            self.action_accept()
            return
        status = self.query_one("#answer-status", Static)
        try:
            judgement = self.session.try_again(text)
        except AnswerFormatError as exc:
            status.update(f"✗ Cannot read that: {exc}. (Practice: it does not count.)")
        else:
            self._checked = text.strip()
            verdict = {True: "✓ right now", False: "✗ still not right", None: "checked"}[judgement.correct]
            status.update(f"Practice, it does not count: {verdict} — you said {judgement.given}. "
                          "Enter again takes the suggested grade.")
        status.display = True

    @work(thread=True, group="truth", exit_on_error=False)
    def _check_when_ready(self, serial: int, text: str, pending: PendingTruth) -> None:
        pending.wait()
        self.session.wait_truth()  # the typical mistakes' values too
        self.app.call_from_thread(self._check_now, serial, text)

    def _check_now(self, serial: int, text: str) -> None:
        if serial == self.serial and self.session.feedback is None:
            self.submit(lambda: self.session.answer_typed(text))

    def submit(self, act: Callable[[], Feedback]) -> None:
        """Answer, then show the verdict, the feedback and the grades (or the second try)."""
        try:
            feedback = act()
        except (AnswerFormatError, QuizappError) as exc:
            self.refuse_or_report(exc)
            return
        assert self.view is not None
        if feedback.retry:
            self._show_retry(feedback)
            return
        if self.view.form.has_choices:
            self.query_one(CardBody).mark_choices(self.view, feedback.chosen, feedback.correct_choices)
        answer = self.answer_input()
        typed = self.view.form.typed and answer is not None
        if answer is not None:
            answer.disabled = not typed
        if typed:
            assert answer is not None
            # The box stays: what the student types next is theirs (a corrected answer to try),
            # never a grade — a `1` typed here once graded the card Again (issue 15).
            self._checked = ""
            answer.value = ""
            answer.placeholder = "type a corrected answer to practise (it does not count)"
            self.query_one("#key-hint", Static).update(
                "Enter takes the suggested grade · escape leaves the box, then 1–4 grade.")
        self.query_one("#key-hint").display = typed
        self.query_one("#answer-status").display = False
        digest = self.query_one("#digest", Static)
        digest.update(digest_line(self.view))
        digest.display = True
        verdict = self.query_one("#verdict", Static)
        verdict.update(with_code(verdict_line(feedback)))
        verdict.set_class(feedback.correct is True, "-right")
        verdict.set_class(feedback.correct is False, "-wrong")
        verdict.display = True
        panel = self.query_one(FeedbackPanel)
        laid_out = [panel.show(feedback)]
        panel.display = True
        grades = self.query_one(GradeBar)
        grades.show(feedback)
        grades.display = True
        if self.view.demo_count:
            laid_out.append(panel.show_demos(self.session.demos()))
            self._wait_for_demos(self.serial, self.session.review.demo_runs())
        if typed:
            assert answer is not None
            answer.focus()
        else:
            self.query_one("#card-scroll", VerticalScroll).focus()
        self._scroll_to_feedback(self.serial, AwaitComplete(*laid_out))
        self.refresh_bindings()

    def _show_retry(self, feedback: Feedback) -> None:
        """A wrong first try: what is wrong, and the box open again for the second."""
        status = self.query_one("#answer-status", Static)
        status.update(retry_line(feedback))
        status.display = True
        answer = self.answer_input()
        if answer is not None:
            answer.disabled = False
            answer.value = ""
            answer.focus()
        self.refresh_bindings()

    @work(group="scroll", exclusive=True, exit_on_error=False)
    async def _scroll_to_feedback(self, serial: int, laid_out: AwaitComplete) -> None:
        """Once the feedback's Markdown is laid out, bring it into view (the question is a
        scroll away: up / page up)."""
        await laid_out
        if serial == self.serial:
            panel = self.query_one(FeedbackPanel)
            self.call_after_refresh(self.query_one("#card-scroll", VerticalScroll).scroll_to_widget,
                                    panel, animate=False, top=True)

    @work(thread=True, group="demos", exit_on_error=False)
    def _wait_for_demos(self, serial: int, runs: list[PendingRun]) -> None:
        for run in runs:
            run.wait()
            self.app.call_from_thread(self._demos_changed, serial)

    def _demos_changed(self, serial: int) -> None:
        if serial == self.serial and self.session.feedback is not None:
            self.query_one(FeedbackPanel).show_demos(self.session.demos())

    # -- grading, undo, leaving ----------------------------------------------------------

    def on_grade_bar_chosen(self, message: GradeBar.Chosen) -> None:
        self.grade(message.rating)

    def action_accept(self) -> None:
        fb = self.session.feedback
        if fb is None:
            return
        if fb.default_rating is None:
            self.notify("Grade yourself: 1 Again, 2 Hard, 3 Good or 4 Easy.")
            return
        self.grade(fb.default_rating)

    def grade(self, rating: int) -> None:
        try:
            self.session.grade(rating)
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        if self.session.notice:  # a new leech: told once
            self.notify(self.session.notice, title="Leech", severity="warning", timeout=10)
        self.show_card()

    def action_undo(self) -> None:
        try:
            key = self.session.undo()
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        if key is None:
            self.notify("Nothing to undo in this session.")
            return
        self.notify("Undone: the card is back.", timeout=2)
        self.show_card()

    def action_back(self) -> None:
        if self.session.feedback is not None:
            self.notify("The last card was not graded, so it was not recorded.", timeout=4)
        if self.session.progress().done:
            self.finish()
        else:
            self.close_session()
            self.dismiss()

    def finish(self) -> None:
        """The session is over (or left): show its summary in place of this screen."""
        from quizapp.tui.screens.summary import SummaryScreen

        summary = self.session.summary()
        now = self.session.store.now()
        self.close_session()
        self.app.switch_screen(SummaryScreen(summary, now))

    def close_session(self) -> None:
        self.serial += 1
        self.session.close()
