"""Home: banks and topics with due / new / total, today's queue, the engine, bank problems.
A bank of one topic is one row; a bank of several has a row per topic under its own.

`enter` studies today's queue (of the selected rows, or of everything), `e` sets up an exam,
`c` crams, `m` drills recent mistakes, `s` shows statistics, `x` the exam plans (an exam being
revised for has a row here: its countdown and today's plan); `space` selects rows to filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quizapp.cut import cut
from quizapp.errors import QuizappError
from quizapp.paths import user_banks_dir
from quizapp.plural import plural
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.deck_table import DeckTable
from quizapp.tui.widgets.engine_status import EngineStatusLine
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.progress import QueueFilter
    from quizapp.study import Workspace


class HomeScreen(Screen):
    """The first screen; it fills in once the banks are loaded."""

    BINDINGS = [
        # The footer lists them in this order and cuts what does not fit (60 columns):
        # selecting and quitting come before the other ways to study.
        Binding("enter", "study", "Study"),  # not priority: keys typed ahead stay in order
        Binding("space", "select_row", "Select", key_display="space"),
        Binding("q", "app.quit", "Quit"),
        Binding("e", "exam", "Exam"),
        Binding("s", "stats", "Stats"),
        Binding("c", "cram", "Cram"),
        Binding("m", "mistakes", "Mistakes"),
        Binding("n", "study_more", "Study more"),
        Binding("b", "app.browse", "Browse"),
        Binding("o", "app.settings", "Settings"),
        Binding("p", "problems", "Problems", show=False),
        Binding("t", "trust", "Trust", show=False),
        # Last: on a narrow terminal the footer drops it first (the exam row names it).
        Binding("x", "plans", "Exam plans"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.selected: set[tuple[str, str]] = set()  # (bank, topic)
        self._row_keys: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Loading banks…", id="today", markup=False)
        yield Static("", id="filter", markup=False)
        yield Static("", id="exam-plans", markup=False)
        table = DeckTable(id="decks", cursor_type="row", zebra_stripes=False)
        yield table
        yield Static("", id="notices", markup=False)
        yield EngineStatusLine(id="engine-line")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Home"
        if self.workspace is not None:
            self.workspace_ready()

    def on_resize(self) -> None:
        if self.workspace is not None:
            self.refresh_counts()

    def on_screen_resume(self) -> None:
        if self.workspace is not None:
            self.refresh_counts()
            quiz_app(self).ask_pending_trust()

    def banks_reloaded(self) -> None:
        """Bank files changed while the app runs: new counts, problems and notices."""
        if self.is_current:
            self.refresh_counts()

    @property
    def workspace(self) -> Workspace | None:
        return quiz_app(self).workspace

    @property
    def _ws(self) -> Workspace:
        """The workspace where the screen only acts once it has loaded."""
        return quiz_app(self).ready_workspace()

    def workspace_ready(self) -> None:
        given = quiz_app(self).options.filters  # quizapp study --bank/--topic
        if given is not None and (given.banks or given.topics):
            self.selected = {(r.bank.id, r.topic) for r in self._ws.catalog.refs()
                             if (not given.banks or r.bank.id in given.banks)
                             and (not given.topics or r.topic in given.topics)}
        self.refresh_counts()
        self.query_one("#decks", DataTable).focus()

    # -- what is shown -----------------------------------------------------------------

    def filters(self) -> QueueFilter | None:
        """The rows selected with space, as a queue filter (None: everything).

        A filter names banks and topics; when only some topics of a bank are selected the
        topics apply to every selected bank (the line under "Today" says so).
        """
        from quizapp.progress import QueueFilter

        given = quiz_app(self).options.filters
        tags = given.tags if given is not None else ()  # --tag has no rows to show: kept as given
        if not self.selected:
            return QueueFilter(tags=tags) if tags else None
        banks = sorted({bank for bank, _topic in self.selected})
        topics = sorted({topic for _bank, topic in self.selected})
        every = all((b, t) in self.selected for b in banks for t in self._topics(b))
        return QueueFilter(banks=tuple(banks), topics=() if every else tuple(topics), tags=tags)

    def _topics(self, bank_id: str) -> list[str]:
        return self._ws.catalog.topics((bank_id,))

    def refresh_counts(self) -> None:
        ws = self.workspace
        if ws is None:
            return
        try:
            rows = ws.deck_rows()
            queue = ws.queue_keys(self.filters())
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        untrusted = {b.id for b in ws.untrusted_banks()}
        table = self.query_one("#decks", DataTable)
        cursor = table.cursor_row
        # Explicit widths: the table would otherwise measure its cells when idle, and a first
        # paint before that has cramped columns.
        name_width = max([12] + [len(b.title) + (20 if b.id in untrusted else 0) for b in ws.banks]
                         + [len(r.topic) + 4 for r in rows])
        table.clear(columns=True)
        table.add_column(" ", width=1)
        # Leave room for the three counts (and the table's padding) at any terminal width.
        room = max(16, (self.size.width or self.app.size.width) - 32)
        width = min(name_width, room)
        table.add_column("Bank · topic", width=width)
        for label in ("Due", "New", "Total"):
            table.add_column(Text(label, justify="right"), width=5)
        self._row_keys = []
        for bank in ws.banks:
            bank_rows = [r for r in rows if r.bank_id == bank.id]
            if not bank_rows:
                continue
            due, new, total = (sum(getattr(r, f) for r in bank_rows) for f in ("due", "new", "total"))
            chosen = sum((bank.id, r.topic) in self.selected for r in bank_rows)
            mark = "☑" if chosen == len(bank_rows) else ("◩" if chosen else "☐")
            note = "  (code not trusted)" if bank.id in untrusted else ""
            title = Text(cut(bank.title, max(8, width - len(note))), style="bold")
            title.append(note, style="italic")
            table.add_row(mark, title, *_numbers(due, new, total))
            self._row_keys.append((bank.id, None))
            if len(bank_rows) == 1:  # a one-topic bank: its topic row would repeat the same counts
                continue
            for r in bank_rows:
                mark = "☑" if (bank.id, r.topic) in self.selected else "☐"
                name = ws.catalog.topic_name(r.topic)  # as exam, results and stats name it
                table.add_row(mark, cut(f"    {name}", width), *_numbers(r.due, r.new, r.total))
                self._row_keys.append((bank.id, r.topic))
        if self._row_keys:
            table.move_cursor(row=min(max(cursor, 0), len(self._row_keys) - 1))
        due = sum(r.due for r in rows)
        new = sum(r.new for r in rows)
        if not ws.banks:
            today = f"No banks loaded. Put bank files in {user_banks_dir()} or run `quizapp study PATH`."
        elif queue:
            today = f"Today: {plural(len(queue), 'card')} to study — press enter to start."
        else:
            today = "Nothing due now. Come back later, study more (n), or cram (c) / drill mistakes (m)."
        self.query_one("#today", Static).update(today)
        self.query_one("#filter", Static).update(self._filter_words(due, new))
        self._show_exam_plans()
        self._show_notices()

    def _filter_words(self, due: int, new: int) -> str:
        f = self.filters()
        totals = f"All banks: {due} due, {new} new."
        if f is None:
            return f"{totals} Select rows with space to study only those."
        if not f.banks:
            return f"{totals} Only cards tagged {', '.join(f.tags)}."
        titles = {b.id: b.title for b in self._ws.banks}
        what = "; ".join(titles.get(b, b) for b in f.banks) + (f" · topics {', '.join(f.topics)}" if f.topics else "")
        what += f" · tagged {', '.join(f.tags)}" if f.tags else ""
        return f"Selected: {what}. Space toggles; enter studies the selection."

    def _show_exam_plans(self) -> None:
        """One line per exam ahead: its countdown and today's share of its plan."""
        from quizapp.tui.screens.plan import countdown, today_words

        store = self._ws.store
        try:
            plans = store.exam_plans_today()[:3]
            seconds = store.seconds_per_answer() if plans else 0.0
            short = {spec.id: store.exam_plan_feasibility(spec.id) for spec, _sel in plans}
        except QuizappError as exc:
            plans, seconds, short = [], 0.0, {}
            self.notify(str(exc), severity="error")
        now = store.now()
        lines = [f"📅 {spec.name} {countdown(spec.exam_at, now)} "
                 f"({spec.exam_at.astimezone():%a %d %b %H:%M}) · {today_words(sel, seconds)}"
                 + ("" if short[spec.id].feasible
                    else f" · ⚠ needs ≈{short[spec.id].needed_per_day} answers/day")
                 for spec, sel in plans]
        if lines:
            lines[-1] += " — x for the plan"
        row = self.query_one("#exam-plans", Static)
        row.update("\n".join(lines))
        row.display = bool(lines)

    def _show_notices(self) -> None:
        ws = self._ws
        lines = []
        errors = [p for p in ws.problems if p.severity == "error"]
        if ws.broken_files:
            n = len(ws.broken_files)
            lines.append(f"⚠ {n} bank file{'s' if n != 1 else ''} could not be loaded "
                         f"({plural(len(errors), 'problem')}) — press p to see them.")
        elif ws.problems:
            lines.append(f"⚠ {plural(len(ws.problems), 'warning')} in the banks — press p.")
        untrusted = ws.untrusted_banks()
        if untrusted:
            names = ", ".join(b.title for b in untrusted)
            lines.append(f"○ Code not trusted (shown, not run): {names} — press t to review.")
        notices = self.query_one("#notices", Static)
        notices.update("\n".join(lines))
        notices.display = bool(lines)

    # -- actions -----------------------------------------------------------------------

    def action_select_row(self) -> None:
        """Select or unselect the row under the cursor (a bank row: all its topics)."""
        table = self.query_one("#decks", DataTable)
        if not self._row_keys or self.workspace is None:
            return
        bank, topic = self._row_keys[table.cursor_row]
        rows = {(bank, t) for t in self._topics(bank)} if topic is None else {(bank, topic)}
        if rows <= self.selected:
            self.selected -= rows
        else:
            self.selected |= rows
        self.refresh_counts()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_study()

    def action_study(self) -> None:
        quiz_app(self).start_study("today", self.filters())

    def action_study_more(self) -> None:
        """Anki's custom study: new cards over today's limit, reviews ahead."""
        ws = self.workspace
        if ws is None:
            return
        from quizapp.tui.screens.study_more import StudyMoreScreen

        filters = self.filters()
        new_left = sum(r.new for r in ws.store.counts(ws.loaded_filter(filters)))
        what = "the selected rows" if filters is not None else "all banks"

        def chosen(answer: tuple[int, int] | None) -> None:
            if answer is None:
                return
            try:
                ws.store.study_more(extra_new=answer[0], ahead_days=answer[1])
            except QuizappError as exc:
                self.notify(str(exc), severity="error")
                return
            self.refresh_counts()
            quiz_app(self).start_study("today", filters)

        self.app.push_screen(StudyMoreScreen(new_left, what), chosen)

    def action_cram(self) -> None:
        quiz_app(self).start_study("cram", self.filters())

    def action_mistakes(self) -> None:
        quiz_app(self).start_study("mistakes", self.filters())

    def action_exam(self) -> None:
        if self.workspace is None:
            return
        from quizapp.tui.screens.exam_setup import ExamSetupScreen

        self.app.push_screen(ExamSetupScreen(self.filters(), quiz_app(self).options.exam))

    def action_stats(self) -> None:
        if self.workspace is None:
            return
        from quizapp.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.filters()))

    def action_plans(self) -> None:
        if self.workspace is None:
            return
        from quizapp.tui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen(self.filters()))

    def action_problems(self) -> None:
        if self.workspace is None:
            return
        from quizapp.tui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen())

    def action_trust(self) -> None:
        ws = self.workspace
        if ws is None:
            return
        banks = ws.untrusted_banks()
        if not banks:
            self.notify("Every bank's code is trusted (or has no code).")
            return
        quiz_app(self).ask_trust(banks, self.refresh_counts)


def _numbers(*values: int) -> list[Text]:
    return [Text(str(v), justify="right") for v in values]
