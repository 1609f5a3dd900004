"""Exam results: the score by topic, every question with the answer given and the right one,
and a drill of the mistakes. The words are `quizapp.study.exam_results_text` (plain mode prints
the same); this screen lays them out in tables and a detail pane."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Markdown, Static

from quizapp.cut import cut
from quizapp.study import ExamResults
from quizapp.study.exam_results_text import (
    ANSWER_COLUMNS,
    GIVEN_LABEL,
    NO_MISTAKES,
    RESULTS_TITLE,
    TOPIC_COLUMNS,
    AnswerDetail,
    answer_detail,
    answer_row,
    score_line,
    topic_rows,
)
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.feedback_panel import labelled_markdown
from quizapp.tui.widgets.title_bar import TitleBar

# The answers table's columns in cells (66 in all: with the cells' padding and a scroll bar, the
# table fits 80 columns); a cell longer than its column is cut, the detail below has it all.
ANSWER_WIDTHS = (3, 13, 22, 14, 14)


def detail_markdown(d: AnswerDetail) -> str:
    """One question in full: the verdict and both answers first (they fit at 80×24), then the
    question. An open answer is quoted as written, its model answer below."""
    if d.written:
        quoted = "\n".join(f"> {line}  " for line in d.given.splitlines()) or "> "  # "  ": keep its lines
        model = labelled_markdown(f"{d.expected_label}.", d.expected)
        return f"**{d.heading}** — {d.verdict}\n\n**{GIVEN_LABEL}:**\n\n{quoted}\n\n{model}\n\n{d.prompt}"
    answers = f"- {GIVEN_LABEL}: {d.given}\n- {d.expected_label}: {d.expected}"
    return f"**{d.heading}** — {d.verdict}\n\n{answers}\n\n{d.prompt}"


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
        rows = topic_rows(r)
        topic_column, *numbers = TOPIC_COLUMNS
        topics.add_column(topic_column, width=max([5] + [len(row[0]) for row in rows]))
        for label, width in zip(numbers, (5, 3, 5)):
            topics.add_column(label, width=width)
        topics.add_rows(rows)
        yield topics
        answers = AnswersTable(id="answers", cursor_type="row")
        for label, width in zip(ANSWER_COLUMNS, ANSWER_WIDTHS):
            answers.add_column(label, width=width)
        for a in r.answers:
            answers.add_row(*(cut(cell, width) for cell, width in zip(answer_row(a), ANSWER_WIDTHS)))
        with Vertical(id="results-lower"):
            yield answers
            with VerticalScroll(id="answer-detail"):  # tab focuses it, to scroll a long answer
                yield Markdown(id="answer-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = RESULTS_TITLE
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
        detail = answer_detail(self.results.answers[index])
        self.query_one("#answer-detail-text", Markdown).update(detail_markdown(detail))
        self.query_one("#answer-detail", VerticalScroll).scroll_home(animate=False)

    def action_drill(self) -> None:
        mistakes = self.results.mistakes
        if not mistakes:
            self.notify(NO_MISTAKES)
            return
        self.app.pop_screen()
        quiz_app(self).start_study("drill", keys=mistakes)

    def action_home(self) -> None:
        self.dismiss()
