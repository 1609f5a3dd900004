"""Exam results: the score by topic, every question with the answer given and the right one,
and a drill of the mistakes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Markdown, Static

from quizapp.banks.kinds import Kind
from quizapp.cut import cut, one_line
from quizapp.study import ExamAnswerView, ExamResults
from quizapp.study.text import duration_words
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.feedback_panel import labelled_markdown
from quizapp.tui.widgets.title_bar import TitleBar

MARKS = {True: "✓ right", False: "✗ wrong", None: "– not graded"}
SELF_MARKS = {True: "✓ right (you)", False: "✗ wrong (you)", None: "– not graded"}  # graded by the student


def mark(a: ExamAnswerView) -> str:
    """Right or wrong in words and a mark (never colour alone); "(you)": the student graded it."""
    return (SELF_MARKS if a.self_graded else MARKS)[a.correct]


def detail_markdown(a: ExamAnswerView) -> str:
    """One question in full: the verdict and both answers first (they fit at 80×24), then the
    question. An open answer is quoted as written."""
    note = f" ({a.note})" if a.note else ""
    head = f"**Question {a.number}: {a.title}** — {MARKS[a.correct]}{note}"
    if a.kind == Kind.OPEN:
        written = "\n".join(f"> {line}  " for line in a.given.splitlines()) or "> "  # "  ": keep its lines
        model = labelled_markdown("Model answer.", a.expected)
        return f"{head}\n\n**Your answer:**\n\n{written}\n\n{model}\n\n{a.prompt}"
    return f"{head}\n\n- Your answer: {a.given}\n- Right answer: {a.expected}\n\n{a.prompt}"


def score_line(r: ExamResults) -> str:
    score = f"{r.score:.0%}" if r.score is not None else "—"
    timed = " · time ran out" if r.timed_out else ""
    counted = "recorded in your schedule" if r.recorded_in_schedule else "schedule not changed"
    return f"Score: {r.correct} of {r.questions} ({score}) · {duration_words(r.seconds)}{timed} · {counted}"


class AnswersTable(DataTable):
    """The questions, one row each; enter reads the highlighted one in full."""

    BINDINGS = [Binding("enter", "select_cursor", "Read in full")]


class ResultsScreen(Screen):
    """Reading one question in full (enter) hides the tables; escape comes back to them."""

    BINDINGS = [
        Binding("d", "drill", "Drill mistakes"),
        Binding("escape", "list", "Back to the list"),
        Binding("escape,q", "home", "Home"),
    ]

    def __init__(self, results: ExamResults) -> None:
        super().__init__()
        self.results = results

    def compose(self) -> ComposeResult:
        r = self.results
        yield TitleBar()
        yield Static(score_line(r), id="score", markup=False)
        # Explicit widths: measured-on-idle widths would make the first paint depend on timing.
        # Focusable (tab) with a row cursor, so that topics beyond its height are reached with
        # the arrow keys; at 80×24 an exam's 8 topics all show.
        topics: DataTable = DataTable(id="by-topic", cursor_type="row")
        topics.add_column("Topic", width=max([5] + [len(t) for t, _n, _c in r.by_topic]))
        for label, width in (("Right", 5), ("Of", 3), ("Score", 5)):
            topics.add_column(label, width=width)
        for topic, n, correct in r.by_topic:
            topics.add_row(topic, correct, n, f"{correct / n:.0%}" if n else "—")
        yield topics
        # 66 cells of text: with the cells' padding and a scroll bar, the table fits 80 columns.
        answers = AnswersTable(id="answers", cursor_type="row")
        for label, width in (("#", 3), ("Result", 13), ("Question", 22), ("Your answer", 14), ("Right answer", 14)):
            answers.add_column(label, width=width)
        for a in r.answers:
            answers.add_row(a.number, mark(a), cut(one_line(a.title), 22), cut(one_line(a.given), 14),
                            cut(one_line(a.expected), 14))
        with Vertical(id="results-lower"):
            yield answers
            with VerticalScroll(id="answer-detail"):  # tab focuses it, to scroll a long answer
                yield Markdown(id="answer-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Exam results"
        self.query_one("#answers", DataTable).focus()
        self._detail(0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "answers":
            self._detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Read the question in full: the detail takes the screen (a model answer is long)."""
        if event.data_table.id == "answers":
            self.add_class("-reading")
            self.query_one("#answer-detail").focus()
            self.refresh_bindings()

    @property
    def reading(self) -> bool:
        return self.has_class("-reading")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "list":
            return self.reading
        if action == "home":
            return not self.reading
        return True

    def action_list(self) -> None:
        self.remove_class("-reading")
        self.query_one("#answers").focus()
        self.refresh_bindings()

    def _detail(self, index: int) -> None:
        if not 0 <= index < len(self.results.answers):
            return
        self.query_one("#answer-detail-text", Markdown).update(detail_markdown(self.results.answers[index]))
        self.query_one("#answer-detail", VerticalScroll).scroll_home(animate=False)

    def action_drill(self) -> None:
        mistakes = self.results.mistakes
        if not mistakes:
            self.notify("No mistakes to drill.")
            return
        self.app.pop_screen()
        quiz_app(self).start_study("drill", keys=mistakes)

    def action_home(self) -> None:
        self.dismiss()
