"""The end of an exam, before the score: the student grades each open answer, right or wrong,
next to the model answer and its key points. Dismissed with True once every answer is graded
and confirmed, with False when the student stops early (the rest count as not graded). The words
are `quizapp.study.self_grading_text` (plain mode prints the same)."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from quizapp.study import ExamSession
from quizapp.study.exam import OpenAnswerView
from quizapp.study.exam_results_text import MODEL_LABEL
from quizapp.study.self_grading_text import (
    GRADING_TITLE,
    KEY_POINTS,
    NOTHING_WRITTEN,
    all_graded_lines,
    answer_meta,
    position_line,
)
from quizapp.tui.widgets.feedback_panel import labelled_markdown
from quizapp.tui.widgets.title_bar import TitleBar


class SelfGradeScreen(Screen[bool]):
    BINDINGS = [
        Binding("y", "grade(True)", "Right"),
        Binding("n", "grade(False)", "Wrong"),
        Binding("u", "back", "Back one"),
        Binding("enter", "done", "See the score"),
        Binding("escape", "stop", "Stop grading"),
    ]

    def __init__(self, exam: ExamSession) -> None:
        super().__init__()
        self.exam = exam
        self.at = 0  # the answer shown; == len(items) once all are graded (the last check)
        self._stop_armed_at = 0.0

    @property
    def items(self) -> list[OpenAnswerView]:
        return self.exam.open_answers()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="grade-position", markup=False)
        with VerticalScroll(id="grade-scroll"):
            yield Static(id="grade-meta", markup=False)
            yield Markdown(id="grade-prompt")
            yield Static(id="grade-written", markup=False)
            yield Markdown(id="grade-model")
            yield Static(id="grade-points", markup=False)
        yield Static(id="grade-ask")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = GRADING_TITLE
        self.show_item()
        self.query_one("#grade-scroll").focus()

    def show_item(self) -> None:
        """Show the answer to grade now, or, once all are graded, what was given."""
        items = self.items
        self.query_one("#grade-scroll", VerticalScroll).scroll_home(animate=False)
        if self.at >= len(items):
            self._show_all_graded(items)
            return
        item = items[self.at]
        self._position(position_line(self.at, len(items), self.exam.timed_out))
        self._show(meta=answer_meta(item), prompt=item.prompt,
                   written=item.written, model=item.model_answer, points=item.key_points)
        self._ask(Content.from_markup(
            "Was your answer right?  [@click=screen.grade(True)]y = ✓ right[/]   "
            "[@click=screen.grade(False)]n = ✗ wrong[/]" + ("   u = back one" if self.at else "")))
        self.refresh_bindings()

    def _show_all_graded(self, items: list[OpenAnswerView]) -> None:
        position, *lines = all_graded_lines(items)
        self._position(position)
        self._show(meta="\n".join(lines), prompt="", written=None, model="", points=())
        self._ask(Content("Press enter to see your score (u changes the last grade)."))
        self.refresh_bindings()

    def _position(self, words: str) -> None:
        self.query_one("#grade-position", Static).update(words)

    def _ask(self, content: Content) -> None:
        self.query_one("#grade-ask", Static).update(content)

    def _show(self, *, meta: str, prompt: str, written: str | None, model: str, points: tuple[str, ...]) -> None:
        self.query_one("#grade-meta", Static).update(meta)
        prompt_md = self.query_one("#grade-prompt", Markdown)
        prompt_md.update(prompt)
        prompt_md.display = bool(prompt)
        mine = self.query_one("#grade-written", Static)
        mine.update(Content(written or NOTHING_WRITTEN))
        mine.border_title = "your answer"
        mine.display = written is not None
        model_md = self.query_one("#grade-model", Markdown)
        model_md.update(labelled_markdown(f"{MODEL_LABEL}.", model) if model else "")
        model_md.display = bool(model)
        key_points = self.query_one("#grade-points", Static)
        key_points.update(f"{KEY_POINTS}\n" + "\n".join(f"  • {p}" for p in points) if points else "")
        key_points.display = bool(points)

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        done = self.at >= len(self.items)
        if action == "grade":
            return not done
        if action == "done":
            return done
        if action == "back":
            return self.at > 0
        if action == "stop":
            return not done
        return True

    def action_grade(self, right: bool) -> None:
        items = self.items
        if self.at >= len(items):
            return
        self.exam.grade_open(items[self.at].index, right)
        self.at += 1
        self.show_item()

    def action_back(self) -> None:
        if self.at > 0:
            self.at -= 1
            self.show_item()

    def action_done(self) -> None:
        if self.at >= len(self.items):
            self.dismiss(True)

    def action_stop(self) -> None:
        # As in the exam, one stray escape does not end it: twice within 3 seconds.
        now = time.monotonic()
        if now - self._stop_armed_at > 3:
            self._stop_armed_at = now
            self.notify("Press escape again to stop grading: the answers not graded yet count as not graded.",
                        title="Stop grading?", timeout=3)
            return
        self.dismiss(False)
