"""Exam results: the score by topic, every question with the answer given and the right one,
and a drill of the mistakes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from quizapp.study import ExamResults
from quizapp.study.text import duration_words

MARKS = {True: "✓ right", False: "✗ wrong", None: "– not graded"}


def score_line(r: ExamResults) -> str:
    score = f"{r.score:.0%}" if r.score is not None else "—"
    timed = " · time ran out" if r.timed_out else ""
    counted = "recorded in your schedule" if r.recorded_in_schedule else "schedule not changed"
    return f"Score: {r.correct} of {r.questions} ({score}) · {duration_words(r.seconds)}{timed} · {counted}"


class ResultsScreen(Screen):
    BINDINGS = [
        Binding("d", "drill", "Drill mistakes"),
        Binding("escape,q", "home", "Home"),
    ]

    def __init__(self, results: ExamResults) -> None:
        super().__init__()
        self.results = results

    def compose(self) -> ComposeResult:
        r = self.results
        yield Header(show_clock=False)
        yield Static(score_line(r), id="score", markup=False)
        # Explicit widths: measured-on-idle widths would make the first paint depend on timing.
        topics: DataTable = DataTable(id="by-topic", cursor_type="none", show_cursor=False)
        topics.add_column("Topic", width=max([5] + [len(t) for t, _n, _c in r.by_topic]))
        for label, width in (("Right", 5), ("Of", 3), ("Score", 5)):
            topics.add_column(label, width=width)
        for topic, n, correct in r.by_topic:
            topics.add_row(topic, correct, n, f"{correct / n:.0%}" if n else "—")
        yield topics
        answers: DataTable = DataTable(id="answers", cursor_type="row")
        for label, width in (("#", 3), ("Result", 12), ("Question", 26), ("Your answer", 14), ("Right answer", 14)):
            answers.add_column(label, width=width)
        for a in r.answers:
            answers.add_row(a.number, MARKS[a.correct], _cut(a.title, 26), _cut(a.given, 14), _cut(a.expected, 14))
        with Vertical(id="results-lower"):
            yield answers
            yield Markdown(id="answer-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Exam results"
        self.query_one("#answers", DataTable).focus()
        self._detail(0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "answers":
            self._detail(event.cursor_row)

    def _detail(self, index: int) -> None:
        if not 0 <= index < len(self.results.answers):
            return
        a = self.results.answers[index]
        note = f" ({a.note})" if a.note else ""
        self.query_one("#answer-detail", Markdown).update(
            f"**Question {a.number}: {a.title}** — {MARKS[a.correct]}{note}\n\n{a.prompt}\n\n"
            f"- Your answer: {a.given}\n- Right answer: {a.expected}")

    def action_drill(self) -> None:
        mistakes = self.results.mistakes
        if not mistakes:
            self.notify("No mistakes to drill.")
            return
        self.app.pop_screen()
        self.app.start_study("drill", keys=mistakes)  # type: ignore[attr-defined]

    def action_home(self) -> None:
        self.dismiss()


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
