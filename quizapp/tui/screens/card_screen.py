"""What the study and exam screens share: one card at a time, its keys, the key hint under it
(from the kind's definition, `quizapp.banks.kinds`) and the answer box.

A key does the same in both screens unless the exam deliberately differs; the differences:

- ``escape`` (outside an answer box): study ends the session at once (its summary follows);
  an exam asks for a second escape within 3 s, so that one stray key does not end it.
- ``ctrl+n``: study's next hint; in an exam, "next question" from an open answer (an exam
  gives no hints, and ``enter`` in the open-answer box starts a new line).
- ``1``–``4`` after the verdict grade the card in study; an exam shows no verdict, so digits
  only ever choose.
- Study only: ``space`` reveals an open question's model answer (in an exam the student writes
  it, and sees the model answer when grading themselves at the end), ``u`` / ``ctrl+z`` undo.
  Exam only: ``s`` skips, and so does ``enter`` on an empty answer box (in study an empty
  answer cannot be read, so it is asked again).

The same in both: ``t`` / ``f`` answer true or false, ``1``–``9`` pick a choice (a click too),
a typed answer is checked with ``enter``, an answer that cannot be read is asked again and
never counted, and in an answer box everything typed (digits, ``t``, ``u``…) is the answer's,
``escape`` leaves the box and ``enter`` goes back into it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from quizapp.errors import QuizappError
from quizapp.grading import AnswerFormatError
from quizapp.tui.app import is_shutting_down
from quizapp.tui.widgets.answer_input import AnswerInput

if TYPE_CHECKING:
    from quizapp.study import CardView

R = TypeVar("R", covariant=True)  # what answering gives: the feedback (study) or nothing (exam)

# Bound by both screens (each lists them in its own order: the footer shows that order).
TRUE_FALSE_KEYS = [Binding("t", "true", "True"), Binding("f", "false", "False")]
NUMBER_KEYS = [Binding(str(n), f"number({n})", str(n), show=False) for n in range(1, 10)]
ANSWER_BOX_KEY = Binding("enter", "answer_box", "Answer box")  # back into the box escape left


class CardAnswers(Protocol[R]):
    """What the screen answers a card through: a `StudySession` or an `ExamSession`."""

    def current(self) -> CardView | None: ...
    def answer_true_false(self, value: bool) -> R: ...
    def answer_choice(self, number: int) -> R: ...


class CardScreen(Screen, Generic[R]):
    """One card at a time; subclasses say how a card is shown and what an answer does."""

    def __init__(self) -> None:
        super().__init__()
        self.view: CardView | None = None

    # -- what a subclass provides ----------------------------------------------------------

    @property
    def cards(self) -> CardAnswers[R]:
        raise NotImplementedError

    @property
    def answered(self) -> bool:
        """The card on screen has been answered (study shows its verdict until it is graded)."""
        raise NotImplementedError

    def screen_title(self) -> str:
        raise NotImplementedError

    def show_card(self) -> None:
        raise NotImplementedError

    def key_hint(self, view: CardView) -> str:
        """The keys of this card, from its kind's definition (shown under the card)."""
        raise NotImplementedError

    def answer_box_for(self, view: CardView) -> Widget | None:
        """The box this card is answered in, if any (a computed card's; an exam's open answer)."""
        raise NotImplementedError

    def submit(self, act: Callable[[], R]) -> None:
        """Answer the card with ``act`` and show what follows (call `refuse_or_report` on errors)."""
        raise NotImplementedError

    def close_session(self) -> None:
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.sub_title = self.screen_title()
        if is_shutting_down(self.app):
            # Pushed just before the app quit: shutdown prunes the screen while it mounts,
            # so its widgets may never be composed and there is nothing to show a card in.
            return
        self.show_card()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if view is None:
            return True
        # (Not isinstance TextArea: importing it costs a study screen's start ~10 ms.)
        in_a_box = self.focused is not None and self.focused is self.answer_box_for(view)
        if action in ("true", "false"):
            return view.form.true_or_false and not self.answered
        if action == "answer_box":  # enter goes back into the box that escape left
            return not self.answered and not in_a_box and self.answer_box_for(view) is not None
        if action == "number" and in_a_box:
            return False  # digits typed in an answer box are the answer's
        return True

    def action_true(self) -> None:
        self.submit(lambda: self.cards.answer_true_false(True))

    def action_false(self) -> None:
        self.submit(lambda: self.cards.answer_true_false(False))

    def action_number(self, number: int) -> None:
        self.action_choose(number)

    def action_choose(self, number: int) -> None:
        """Pick a choice (a number key before the answer, or a click on the choice)."""
        view = self.view
        if view is None or self.answered:
            return
        if view.form.has_choices and number <= len(view.choices):
            self.submit(lambda: self.cards.answer_choice(number))

    def action_answer_box(self) -> None:
        box = self.answer_box_for(self.view) if self.view is not None else None
        if box is not None:
            box.focus()

    def answer_input(self) -> Input | None:
        """The one-line answer box, once a computed card has needed it."""
        found = self.query("#answer")
        return found.first(Input) if found else None

    def prepare_answer_input(self, view: CardView) -> Input | None:
        """An empty one-line box for a computed card (made at the first one: most sessions
        have none), hidden for other kinds."""
        row = self.query_one("#answer-row")
        row.display = view.form.typed
        answer = self.answer_input()
        if view.form.typed and answer is None:
            answer = AnswerInput(id="answer")
            row.mount(answer)
        if answer is not None:
            answer.value = ""
            answer.placeholder = view.answer_hint
            answer.disabled = False
        return answer

    def show_key_hint(self, view: CardView, extra: str = "") -> None:
        hint = self.query_one("#key-hint", Static)
        hint.update(self.key_hint(view) + extra)
        hint.display = True

    def focus_card(self, view: CardView) -> None:
        """The card's answer box when it has one, else the scrolling card (arrow keys scroll)."""
        scroll = self.query_one("#card-scroll", VerticalScroll)
        scroll.scroll_home(animate=False)
        box = self.answer_box_for(view)
        (box if box is not None else scroll).focus()

    def refuse_or_report(self, exc: AnswerFormatError | QuizappError) -> None:
        """An answer that cannot be read is asked again, never counted wrong; any other
        refusal is said in a notification."""
        if not isinstance(exc, AnswerFormatError):
            self.notify(str(exc), severity="error")
            return
        status = self.query_one("#answer-status", Static)
        status.update(f"✗ Cannot read that: {exc}. Try again (it does not count).")
        status.display = True
        answer = self.answer_input()
        if answer is not None and self.view is not None and self.view.form.typed:
            answer.disabled = False
            answer.focus()
