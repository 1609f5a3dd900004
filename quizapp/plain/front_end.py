"""The plain front end: a card, its feedback and demonstrations printed as plain text, and the
answers read line by line (`quizapp study|exam|preview --plain`).

For screen readers, terminals that cannot draw a TUI, and scripts. It uses the same sessions
as the TUI; only the presentation differs. Input is read line by line (end of input ends the
session with its summary); everything is written as plain text, one item per line, with words
for right and wrong (✓/✗ are extras, never the only signal).

At any prompt: `:q` quits, `:u` undoes the last answer, `:?` shows help. At prompts that take
one letter (t/f, grades, choices), `q`, `u` and `?` work without the colon.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Callable, Literal, TextIO

from quizapp.banks.kinds import kind_label
from quizapp.grading import AnswerFormatError
from quizapp.pixels import describe
from quizapp.plain.commands import HELP, Quit, Undo
from quizapp.plain.exam import run_exam
from quizapp.plain.markdown_text import plain_text
from quizapp.plain.study import run_study
from quizapp.study.png_folder import PngFolder
from quizapp.study.views import RATING_NAMES, CardView, DemoView, Feedback

if TYPE_CHECKING:
    from quizapp.study.exam import ExamResults, ExamSession
    from quizapp.study.session import StudySession
    from quizapp.study.views import SessionSummary


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# What `read_answer` returns: the kind of answer the card takes, with the value of that type.
PlainAnswer = (tuple[Literal["tf"], bool] | tuple[Literal["choice"], int] | tuple[Literal["typed"], str]
               | tuple[Literal["reveal"], None])


class PlainFrontEnd:
    """Prompts on ``output``, answers from ``input``; one line each."""

    def __init__(self, input: TextIO, output: TextIO, width: int = 80, images: bool = True) -> None:
        self.input = input
        self.output = output
        self.width = max(40, width)
        self.images = images  # False: say how many images there were, write no file
        self._image_files = PngFolder()
        # Piped answers are not echoed by a terminal: echo them, so a transcript reads well.
        self.echo = not _isatty(input)

    # -- output -----------------------------------------------------------------------

    def say(self, text: str = "", indent: str = "") -> None:
        for paragraph in text.split("\n"):
            if not paragraph.strip():
                self.output.write("\n")
                continue
            lines = textwrap.wrap(paragraph, self.width - len(indent), break_long_words=False,
                                  break_on_hyphens=False, replace_whitespace=False) or [""]
            for line in lines:
                self.output.write(f"{indent}{line}\n")
        self.output.flush()

    def code(self, text: str) -> None:
        for line in text.splitlines():
            self.output.write(f"    {line}\n")

    def ask(self, prompt: str, *, letters: bool = False) -> str:
        """Read one answer line; handles the commands. ``letters``: bare q/u/? are commands."""
        while True:
            self.output.write(f"{prompt}> ")
            self.output.flush()
            try:
                line = self.input.readline()
            except KeyboardInterrupt:  # ctrl+c ends the session like :q, with its summary
                line = ""
            if not line:
                self.output.write("\n")
                raise Quit
            text = line.strip()
            if self.echo:
                self.output.write(text + "\n")
            command = text[1:] if text.startswith(":") else (text if letters else "")
            if command in ("q", "quit"):
                raise Quit
            if command in ("u", "undo"):
                raise Undo
            if command in ("?", "h", "help"):
                self.say(HELP)
                continue
            return text

    # -- a card -------------------------------------------------------------------------

    def show_card(self, view: CardView, position: str) -> None:
        self.say()
        self.say(f"[{position}] {view.where} ({kind_label(view.kind)})")
        if view.params:
            self.say(view.variant_line)
        if view.stem:
            self.say(plain_text(view.stem))
        if view.setup:
            self.say("Setup code" + ("" if view.code_runs else f" (shown, not run: {view.code_note})") + ":")
            self.code(view.setup)
        self.say(plain_text(view.prompt))
        for number, choice in enumerate(view.choices, 1):
            self.say(f"{number}. {plain_text(choice)}", indent="  ")

    def read_answer(self, view: CardView, check: Callable[[str], None],
                    hint: Callable[[], str | None] | None = None) -> PlainAnswer:
        """Ask for the answer the card's kind takes; returns (kind of answer, value).
        ``hint`` gives the card's next hint (``:hint`` at the prompt)."""
        if view.hint_count and hint is not None:
            self.say(f"This card has {view.hint_count} hint{'s' if view.hint_count > 1 else ''}: "
                     "type :hint to see one.")

        def hinted(text: str) -> bool:
            if hint is None or text.strip().lower() not in (":hint", ":n"):
                return False
            shown = hint()
            self.say(f"Hint: {plain_text(shown)}" if shown else "No more hints for this card.")
            return True

        if view.form.true_or_false:
            while True:
                text = self.ask("true or false? [t/f]", letters=True).lower()
                if hinted(text):
                    continue
                if text in ("t", "true", "f", "false"):
                    return "tf", text.startswith("t")
                self.say("Type t (true) or f (false).")
        if view.form.has_choices:
            while True:
                text = self.ask(f"choice [1-{len(view.choices)}]", letters=True)
                if hinted(text):
                    continue
                if text.isdigit() and 1 <= int(text) <= len(view.choices):
                    return "choice", int(text)
                self.say(f"Type a number from 1 to {len(view.choices)}.")
        if view.form.typed:
            while True:
                text = self.ask(f"answer ({view.answer_hint})")
                if hinted(text):
                    continue
                try:
                    check(text)
                except AnswerFormatError as exc:
                    self.say(f"Cannot read that: {exc}. Try again (it does not count).")
                    continue
                return "typed", text
        while hinted(self.ask("think of your answer, then press enter to reveal")):
            pass
        return "reveal", None

    def show_feedback(self, fb: Feedback) -> None:
        if fb.retry:
            why = f" {plain_text(fb.diagnosis)}" if fb.diagnosis else ""
            self.say(f"{fb.verdict} — you said {fb.given}.{why} One more try (the answer is shown after it).")
            return
        if fb.correct is not None:
            detail = f" — you said {plain_text(fb.given)}" if fb.given else ""
            self.say(f"{fb.verdict}{detail}; the answer is {plain_text(fb.expected)}."
                     + (f" ({fb.note})" if fb.note else ""))
            if fb.diagnosis:
                self.say(plain_text(fb.diagnosis))
        if fb.truth_note:
            self.say(fb.truth_note[0].upper() + fb.truth_note[1:].rstrip(".") + ".")
        if fb.model_answer:
            self.say("Model answer:")
            self.say(plain_text(fb.model_answer.strip()), indent="  ")
        if fb.key_points:
            self.say("Key points:")
            for point in fb.key_points:
                self.say(f"- {plain_text(point)}", indent="  ")
        if fb.explain:
            self.say(plain_text(fb.explain.strip()))

    def show_demos(self, demos: list[DemoView]) -> None:
        for demo in demos:
            title = plain_text(demo.title)
            self.say(f"Demonstration: {title} ({demo.note})" if demo.note else f"Demonstration: {title}")
            if demo.explain:
                self.say(plain_text(demo.explain))
            if demo.state == "not_run":
                self.code(demo.code)
            if demo.stdout.strip():
                self.say("Output:")
                self.code(demo.stdout.rstrip())
            if demo.error:
                self.say("Error:")
                self.code(demo.error.rstrip())
            for chart in demo.charts:
                self.say(f"Chart: {chart.get('title') or 'untitled'}"
                         f" ({chart.get('x_label') or 'x'} → {chart.get('y_label') or 'y'})")
                for series in chart.get("series", []):
                    ys = series.get("y", [])
                    shown = ", ".join(f"{y:.4g}" if isinstance(y, float) else str(y) for y in ys[:12])
                    more = f", … ({len(ys)} points)" if len(ys) > 12 else ""
                    self.say(f"{series.get('name', '')}: {shown}{more}", indent="  ")
            self.show_images(demo.images)

    def show_images(self, figures: tuple[dict, ...]) -> None:
        """Each image as a PNG file in a temporary folder: its path, caption and legend."""
        if figures and not self.images:
            self.say(f"{len(figures)} image(s) not shown (images are off).")
            return
        for figure in figures:
            try:
                path = self._image_files.write(figure)
            except (ImportError, OSError) as exc:
                self.say(f"Image: {describe(figure)} (not written: {exc})")
                continue
            self.say(f"Image: {describe(figure)}")
            self.say(str(path), indent="  ")

    def read_grade(self, fb: Feedback) -> int:
        keys = " · ".join(fb.grade_label(r) for r in (1, 2, 3, 4))
        default = fb.default_rating
        suffix = f", enter = {default} {RATING_NAMES[default]}" if default else ""
        while True:
            text = self.ask(f"grade [{keys}{suffix}]", letters=True)
            if not text and default:
                return default
            if text in ("1", "2", "3", "4"):
                return int(text)
            self.say("Type 1, 2, 3 or 4" + (" (or enter for the suggested grade)." if default else "."))

    # -- whole sessions ------------------------------------------------------------------

    def study(self, session: StudySession) -> SessionSummary:
        """Run a study session to its end (or until the user quits), then show and return its
        summary (see `quizapp.plain.study`)."""
        return run_study(self, session)

    def exam(self, exam: ExamSession) -> ExamResults:
        """Run an exam: no feedback until the end, the open answers graded by the student,
        then the results (see `quizapp.plain.exam`)."""
        return run_exam(self, exam)
