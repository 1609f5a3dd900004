"""Statistics: reviews per day, the due forecast, retention by topic, and readiness for an exam
date the user enters. Numbers come from the progress store; this screen only draws them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static, TabbedContent, TabPane

from quizapp.errors import QuizappError
from quizapp.plural import plural
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.progress import QueueFilter, Stats


def headline(s: Stats) -> str:
    return (f"Today: {s.due_today} due · {s.new_today} new allowed · {s.reviewed_today} answered. "
            f"Cards: {s.cards} ({s.cards_new} new, {s.cards_learning} learning, {s.cards_review} in review).")


def stats_charts(s: Stats) -> dict[str, dict[str, Any]]:
    """The three charts, as chart dicts (the same shape demonstrations use)."""
    days = len(s.reviews_per_day)
    reviews = {
        "title": f"Answers per day, last {days} days", "x_label": "", "y_label": "",
        "kind": "bar", "log_y": False, "integer_y": True,
        "series": [{"name": "answers", "x": list(range(days)), "y": [d.reviews for d in s.reviews_per_day]}],
        "ticks": [(i, f"{d.day.day} {d.day:%b}") for i, d in enumerate(s.reviews_per_day)
                  if (days - 1 - i) % 7 == 0],
    }
    ahead = len(s.due_per_day)
    due = {
        "title": "Cards due per day (today includes overdue)", "x_label": "", "y_label": "",
        "kind": "bar", "log_y": False, "integer_y": True,
        "series": [{"name": "due", "x": list(range(ahead)), "y": [n for _d, n in s.due_per_day]}],
        "ticks": [(i, "today" if i == 0 else f"{d.day} {d:%b}") for i, (d, _n) in enumerate(s.due_per_day)
                  if i % 7 == 0],
    }
    topics = [t for t in s.retention_by_topic if t.retention is not None]
    retention = {
        "title": "Retention by topic (share of reviews recalled, %)", "x_label": "topic", "y_label": "%",
        "kind": "bar", "log_y": False, "x_ticks": [t.topic for t in topics],
        "series": [{"name": "retention", "x": list(range(len(topics))),
                    "y": [round(100 * (t.retention or 0), 1) for t in topics]}],
    }
    return {"reviews": reviews, "due": due, "retention": retention}


class StatsScreen(Screen):
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, filters: QueueFilter | None = None) -> None:
        super().__init__()
        self.filters = filters

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Counting your reviews…", id="stats-headline", markup=False)
        with TabbedContent(id="stats-tabs"):
            with TabPane("Reviews", id="tab-reviews"):
                yield Vertical(id="chart-reviews")
            with TabPane("Due", id="tab-due"):
                yield Vertical(id="chart-due")
            with TabPane("Retention", id="tab-retention"):
                yield Vertical(id="chart-retention")
            with TabPane("Readiness", id="tab-readiness"):
                with Vertical():
                    with Horizontal(classes="field"):
                        yield Static("Exam date:", classes="label", markup=False)
                        yield AnswerInput(placeholder="YYYY-MM-DD, then enter", id="exam-date")
                    yield Static("", id="readiness-summary", markup=False)
                    table: DataTable = DataTable(id="readiness", cursor_type="none", show_cursor=False)
                    table.add_columns("Topic", "Cards", "New", "Recall if idle", "Reviews needed", "Recall then")
                    yield table
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Statistics"
        # A large review log takes a few hundred ms to summarise: never on the event loop.
        self.run_worker(self._load_stats, thread=True, exit_on_error=False, name="stats")

    def _load_stats(self) -> None:
        stats = quiz_app(self).ready_workspace().stats()
        self.app.call_from_thread(self._show_stats, stats)

    def _show_stats(self, stats: Stats) -> None:
        from quizapp.tui.widgets.chart import chart_widget

        self.stats = stats
        charts = stats_charts(stats)
        ws = quiz_app(self).ready_workspace()
        leeches = [ws.catalog.get(k) for k in ws.store.leeches()]
        names = [r.label for r in leeches if r is not None]
        leech_line = (f"\nLeeches ({len(names)}): {', '.join(names[:8])}{' …' if len(names) > 8 else ''}"
                      " — b on home, then is:leech" if names else "")
        self.query_one("#stats-headline", Static).update(headline(stats) + leech_line)
        self.query_one("#chart-reviews").mount(chart_widget(charts["reviews"], classes="stats-chart"))
        self.query_one("#chart-due").mount(chart_widget(charts["due"], classes="stats-chart"))
        if charts["retention"]["series"][0]["y"]:
            self.query_one("#chart-retention").mount(chart_widget(charts["retention"], classes="stats-chart"))
        else:
            self.query_one("#chart-retention").mount(Static(
                "No retention yet: it is measured on reviews of cards already learned "
                "(in review), from the second day on.", classes="hint", markup=False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        try:
            target = date.fromisoformat(text)
        except ValueError:
            self.query_one("#readiness-summary", Static).update(
                f"✗ Cannot read {text!r} as a date: type it as YYYY-MM-DD, e.g. 2026-01-31.")
            return
        stats = getattr(self, "stats", None)
        if stats is None:
            self.query_one("#readiness-summary", Static).update("Still counting your reviews: try again in a moment.")
            return
        today = stats.today
        if target < today:
            self.query_one("#readiness-summary", Static).update("✗ That date is in the past: choose a later one.")
            return
        self.query_one("#readiness-summary", Static).update("Forecasting…")
        self.run_worker(lambda: self._forecast(target, today), thread=True, exit_on_error=False, name="forecast")

    def _forecast(self, target: date, today: date) -> None:
        """Worker thread: the forecast simulates reviews card by card."""
        try:
            forecast = quiz_app(self).ready_workspace().forecast(target, self.filters)
        except QuizappError as exc:
            self.app.call_from_thread(self.query_one("#readiness-summary", Static).update, f"✗ {exc}")
            return
        self.app.call_from_thread(self._show_forecast, target, today, forecast)

    def _show_forecast(self, target: date, today: date, forecast: list) -> None:
        table = self.query_one("#readiness", DataTable)
        table.clear()
        for f in forecast:
            table.add_row(f.topic, f.cards, f.new, f"{f.recall_if_idle:.0%}", f.reviews_needed,
                          f"{f.recall_with_reviews:.0%}")
        needed = sum(f.reviews_needed for f in forecast)
        days = max(1, (target - today).days)
        target_recall = forecast[0].target if forecast else 0.9
        pace = f"about {needed / days:.0f} a day" if needed >= days else f"about {7 * needed / days:.0f} a week"
        scope = self._scope_words()
        self.query_one("#readiness-summary", Static).update(
            f"{scope} on {target:%a %d %b %Y} ({plural(days, 'day')} away): {needed} reviews keep "
            f"every card at or above {target_recall:.0%} predicted recall — {pace}.")

    def _scope_words(self) -> str:
        if self.filters is None:
            return "All banks"
        titles = {b.id: b.title for b in quiz_app(self).ready_workspace().banks}
        banks = "; ".join(titles.get(b, b) for b in self.filters.banks) or "All banks"
        return banks + (f" (topics {', '.join(self.filters.topics)})" if self.filters.topics else "")

    def action_back(self) -> None:
        self.dismiss()
