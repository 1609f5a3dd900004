"""Exam plans: the exams declared, and for the one under the cursor the plan to its date — the
score to expect if the plan is followed or if study stops now, per topic (weakest marked), the
planned answers and predicted recall day by day, and desired retention against workload.

`enter` studies today's share of the exam under the cursor, `a` adds an exam (over the rows
selected on the home screen), `d` twice removes one. The
figures are computed in a worker thread (the plan follows every card of the scope to the date).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from quizapp.errors import QuizappError
from quizapp.plural import plural
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.text_box import TextBox
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.progress import QueueFilter
    from quizapp.progress.exam_plan import ExamPlanOutlook
    from quizapp.progress.plans_store import ExamPlanSpec
    from quizapp.progress.store import ProgressStore


def countdown(exam_at: datetime, now: datetime) -> str:
    seconds = (exam_at - now).total_seconds()
    if seconds <= 0:
        return "over"
    days = int(seconds // 86400)
    if days:
        return f"in {plural(days, 'day')}"
    return f"in {int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"


def today_words(selection: Any, seconds: float) -> str:  # DaySelection | None
    if selection is None:
        return "no study day left"
    minutes = selection.answers * seconds / 60
    time_words = "<1 min" if 0 < minutes < 1 else f"≈{minutes:.0f} min"
    return (f"today {plural(len(selection.reviews), 'review')}"
            f" + {len(selection.new)} new ({time_words})")


def plan_charts(outlook: ExamPlanOutlook) -> dict[str, dict[str, Any]]:
    """Planned answers per day (bars) and predicted recall of the scope (a line, %)."""
    days = outlook.days
    ticks = [(i, f"{d.day.day} {d.day:%b}") for i, d in enumerate(days) if i % 7 == 0]
    workload = {
        "title": "Planned answers per day", "x_label": "", "y_label": "", "kind": "bar",
        "log_y": False, "integer_y": True, "ticks": ticks,
        "series": [{"name": "answers", "x": list(range(len(days))), "y": [round(d.answers) for d in days]}],
    }
    recall = {
        "title": "Predicted recall of the scope (%)", "x_label": "", "y_label": "", "kind": "line",
        "log_y": False, "ticks": ticks,
        "series": [
            {"name": "with the plan", "x": list(range(len(days))), "y": [round(100 * d.recall, 1) for d in days]},
            {"name": "if you stop now", "x": list(range(len(days))),
             "y": [round(100 * d.idle_recall, 1) for d in days]},
        ],
    }
    return {"workload": workload, "recall": recall}


def outlook_summary(spec: ExamPlanSpec, o: ExamPlanOutlook, seconds: float) -> str:
    lines = []
    if o.feasibility.message:
        lines.append("⚠ " + o.feasibility.message)
    lines.append(f"If you follow the plan: {o.planned.mean:.0%} expected "
                 f"({o.planned.low:.0%}–{o.planned.high:.0%}); if you stop now: {o.idle.mean:.0%} "
                 f"({o.idle.low:.0%}–{o.idle.high:.0%}). {o.cards} cards; {spec.budget_words()}; "
                 f"{today_words(o.today, seconds)}.")
    if o.weakest():
        lines.append("Weakest: " + ", ".join(f"{t.topic} {t.planned:.0%}" for t in o.weakest()))
    return "\n".join(lines)


class PlanScreen(Screen):
    DEFAULT_CSS = """
    PlanScreen #plans { height: auto; max-height: 7; margin: 0 1; }
    PlanScreen #plan-summary { padding: 1 2; height: auto; }
    PlanScreen #plan-charts { height: 14; }
    PlanScreen #chart-workload, PlanScreen #chart-recall { width: 1fr; height: 14; }
    PlanScreen .plan-chart { height: 14; }
    PlanScreen #plan-topics, PlanScreen #plan-retention { height: auto; margin: 0 1 1 1; }
    """
    BINDINGS = [
        Binding("enter", "study", "Study for it"),
        Binding("a", "add", "Add exam"),
        Binding("d", "remove", "Remove"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, filters: QueueFilter | None = None) -> None:
        super().__init__()
        self.filters = filters
        self.plans: list[ExamPlanSpec] = []
        self._armed: int | None = None  # the exam `d` was pressed on once

    @property
    def store(self) -> ProgressStore:
        return quiz_app(self).ready_workspace().store

    def compose(self) -> ComposeResult:
        yield TitleBar()
        table: DataTable = DataTable(id="plans", cursor_type="row")
        table.add_columns("Exam", "When", "", "Scope", "Budget")
        yield table
        with VerticalScroll(id="plan-body"):
            yield Static("", id="plan-summary", markup=False)
            with Horizontal(id="plan-charts"):
                yield Vertical(id="chart-workload")
                yield Vertical(id="chart-recall")
            topics: DataTable = DataTable(id="plan-topics", cursor_type="none", show_cursor=False)
            topics.add_columns("Topic", "Cards", "New", "Plan", "Stop now", "")
            yield topics
            yield Static("Desired retention against daily workload (a year, simulated with fsrs):",
                         classes="hint", markup=False)
            retention: DataTable = DataTable(id="plan-retention", cursor_type="none", show_cursor=False)
            retention.add_columns("Retention", "Answers/day", "Min/day", "Remembered", "")
            yield retention
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Exam plans"
        self.refresh_plans()
        self.query_one("#plans", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_plans()

    def refresh_plans(self) -> None:
        self.plans = self.store.exam_plans()
        now = self.store.now()
        table = self.query_one("#plans", DataTable)
        table.clear()
        for p in self.plans:
            table.add_row(p.name, f"{p.exam_at.astimezone():%a %d %b %Y %H:%M}",
                          countdown(p.exam_at, now), p.scope_words(), p.budget_words())
        if not self.plans:
            self.query_one("#plan-summary", Static).update(
                "No exams yet. Press a to add one: it covers the rows selected on the home screen "
                "(or everything), and the study queue then serves its date.")
            self._clear_details()
        else:
            self._show(table.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "plans":
            self._armed = None
            self._show(event.cursor_row)

    def _clear_details(self) -> None:
        self.query_one("#plan-topics", DataTable).clear()
        self.query_one("#plan-retention", DataTable).clear()
        for box in ("#chart-workload", "#chart-recall"):
            self.query_one(box).remove_children()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.plans):
            return
        spec = self.plans[row]
        self._clear_details()
        if spec.exam_at <= self.store.now():
            self.query_one("#plan-summary", Static).update(
                f"{spec.name} is over. Its cards are back on their usual schedule (those left "
                "overdue come back over a week). Press d twice to remove it.")
            return
        self.query_one("#plan-summary", Static).update(f"Planning {spec.name}…")
        self.run_worker(lambda: self._compute(spec), thread=True, exit_on_error=False,
                        name="plan", group="plan", exclusive=True)

    def _compute(self, spec: ExamPlanSpec) -> None:
        """Worker thread: the plan follows every card of the scope to the exam."""
        try:
            outlook = self.store.exam_plan_outlook(spec.id)
            seconds = self.store.seconds_per_answer()
            retention = self.store.retention_table(spec.scope)
        except QuizappError as exc:
            self.app.call_from_thread(self.query_one("#plan-summary", Static).update, f"✗ {exc}")
            return
        self.app.call_from_thread(self._show_outlook, spec, outlook, seconds, retention)

    def _show_outlook(self, spec: ExamPlanSpec, outlook: ExamPlanOutlook, seconds: float,
                      retention: list) -> None:
        from quizapp.tui.widgets.chart import chart_widget

        self.query_one("#plan-summary", Static).update(outlook_summary(spec, outlook, seconds))
        weakest = {t.topic for t in outlook.weakest()} if len(outlook.topics) > 1 else set()
        topics = self.query_one("#plan-topics", DataTable)
        topics.clear()
        for t in outlook.topics:
            topics.add_row(t.topic, t.cards, t.unseen, f"{t.planned:.0%}", f"{t.idle:.0%}",
                           "← weakest" if t.topic in weakest else "")
        charts = plan_charts(outlook)
        for name in ("workload", "recall"):
            box = self.query_one(f"#chart-{name}")
            box.remove_children()
            box.mount(chart_widget(charts[name], classes="plan-chart"))
        table = self.query_one("#plan-retention", DataTable)
        table.clear()
        for r in retention:
            table.add_row(f"{r.retention:.0%}", f"{r.answers_per_day:.1f}", f"{r.minutes_per_day:.1f}",
                          f"{r.remembered:.0%}", "← least time per card kept" if r.best else "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "plans":
            self.action_study()

    def action_study(self) -> None:
        """Today's cards of the exam under the cursor (its plan's share, and learning steps)."""
        if not self.plans:
            return
        spec = self.plans[self.query_one("#plans", DataTable).cursor_row]
        quiz_app(self).start_study("today", spec.scope)

    def action_add(self) -> None:
        self.app.push_screen(AddExamScreen(self.filters))

    def action_remove(self) -> None:
        table = self.query_one("#plans", DataTable)
        if not self.plans:
            return
        spec = self.plans[table.cursor_row]
        if self._armed != spec.id:
            self._armed = spec.id
            self.notify(f"Press d again to remove {spec.name}.", severity="warning")
            return
        self._armed = None
        self.store.remove_exam_plan(spec.id)
        self.notify(f"Removed {spec.name}: its cards follow their usual schedule again.")
        self.refresh_plans()

    def action_back(self) -> None:
        self.dismiss()


class AddExamScreen(Screen):
    """Name, date and time, daily budget, easy days; the scope is the home screen's selection."""

    DEFAULT_CSS = """
    AddExamScreen #add-exam { padding: 0 2; }
    AddExamScreen #add-error { padding: 1 0 0 0; color: $error; height: auto; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "back", "Back")]

    def __init__(self, filters: QueueFilter | None = None) -> None:
        super().__init__()
        self.filters = filters

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="add-exam"):
            yield Static(f"Scope: {self._scope_words()} (select rows on the home screen to "
                         "narrow it).", id="add-scope", classes="hint", markup=False)
            for label, ident, placeholder, value in (
                ("Name:", "exam-name", "e.g. Final", ""),
                ("Date:", "exam-day", "YYYY-MM-DD", ""),
                ("Time:", "exam-time", "HH:MM", "09:00"),
                ("Daily budget:", "exam-budget", "e.g. 60 (answers) or 30m (minutes); empty: none", ""),
                ("Easy days:", "exam-easy", "e.g. sat,sun (half the budget)", ""),
            ):
                with Horizontal(classes="field"):
                    yield Label(label)
                    yield TextBox(value, placeholder=placeholder, id=ident)
            yield Static("", id="add-error", markup=False)
            yield Static("Press ctrl+s (or enter in a field) to save.", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Add an exam"
        for box in self.query(Input):  # wider than the app's short number fields
            box.styles.width = 56
        self.query_one("#exam-name", Input).focus()

    def _scope_words(self) -> str:
        f = self.filters
        if f is None or not (f.banks or f.topics or f.tags):
            return "every card"
        parts = [", ".join(f.banks), ", ".join(f.topics), ", ".join(f.tags)]
        return " · ".join(p for p in parts if p)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _value(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value.strip()

    def action_save(self) -> None:
        from quizapp.progress import QueueFilter
        from quizapp.progress.plans_store import parse_easy_days

        error = self.query_one("#add-error", Static)
        try:
            try:
                day = date.fromisoformat(self._value("exam-day"))
            except ValueError:
                raise QuizappError(f"cannot read {self._value('exam-day')!r} as a date: type it "
                                   "as YYYY-MM-DD, e.g. 2026-01-31") from None
            try:
                at = time.fromisoformat(self._value("exam-time") or "09:00")
            except ValueError:
                raise QuizappError(f"cannot read {self._value('exam-time')!r} as a time: type "
                                   "it as HH:MM") from None
            kind, value = _budget(self._value("exam-budget"))
            spec = quiz_app(self).ready_workspace().store.add_exam_plan(
                self._value("exam-name"), datetime.combine(day, at).astimezone(),
                self.filters or QueueFilter(), budget_kind=kind, budget_value=value,
                easy_days=parse_easy_days(self._value("exam-easy")))
        except QuizappError as exc:
            error.update(f"✗ {exc}")
            return
        self.notify(f"Added {spec.name}: the study queue now serves it.")
        warning = quiz_app(self).ready_workspace().store.exam_plan_feasibility(spec.id).message
        if warning:
            self.notify(warning, severity="warning", timeout=10)
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()


def _budget(text: str) -> tuple[str | None, float | None]:
    """"60" → answers, "30m" or "30 min" → minutes, "" → no budget."""
    text = text.lower().replace(" ", "")
    if not text:
        return None, None
    kind = "answers"
    for suffix in ("minutes", "min", "m"):
        if text.endswith(suffix):
            kind, text = "minutes", text[: -len(suffix)]
            break
    try:
        return kind, float(text)
    except ValueError:
        raise QuizappError(f"cannot read the budget {text!r}: write answers a day (60) or "
                           "minutes a day (30m)") from None
