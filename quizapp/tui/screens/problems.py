"""Bank problems: one line per problem as ``path:line:col: message``; good banks still work.

Up/down pick a problem; `p` previews the question it is about, as a student sees it (nothing
is recorded), when its bank loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.plural import plural
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.banks.problems import Problem


class ProblemLine(Static, can_focus=True):
    """One problem; focusable, so `p` can preview the question it is about."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem), classes="problems-list problem-line", markup=False)
        self.problem = problem


class ProblemsScreen(Screen):
    BINDINGS = [Binding("escape,q", "back", "Back"),
                Binding("p", "preview", "Preview question"),
                Binding("down,j", "app.focus_next", "Next", show=False),
                Binding("up,k", "app.focus_previous", "Previous", show=False)]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield VerticalScroll(id="problems-body")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Bank problems"
        self._fill()

    def banks_reloaded(self) -> None:
        """A bank file was edited while this screen is open: show the problems as they are now."""
        body = self.query_one("#problems-body", VerticalScroll)
        body.remove_children()
        self._fill()

    def _fill(self) -> None:
        ws = quiz_app(self).ready_workspace()
        body = self.query_one("#problems-body", VerticalScroll)
        n = len(ws.banks)
        loaded = (f"{plural(n, 'bank')} loaded and usable" if n else "No bank could be loaded")
        if 0 < n <= 3:
            loaded += ": " + ", ".join(b.title for b in ws.banks)
        widgets = [Static(loaded + ".", classes="problems-intro", markup=False)]
        if not ws.problems:
            widgets.append(Static("✓ No problems in any bank.", markup=False))
        broken = set(ws.broken_files)
        by_file: dict[str, list] = {}
        for problem in ws.problems:
            by_file.setdefault(problem.path, []).append(problem)
        for path, problems in by_file.items():
            status = "✗ not loaded" if path in broken else "⚠ loaded, with warnings"
            widgets.append(Static(f"{path} — {status}", classes="problems-file", markup=False))
            widgets.extend(ProblemLine(p) for p in problems)
        widgets.append(Static("Fix the file and save it: the banks are reloaded while the app runs "
                              "(`quizapp lint PATH` checks a bank without starting the app).",
                              classes="hint", markup=False))
        body.mount_all(widgets)
        first = next((w for w in widgets if isinstance(w, ProblemLine)), None)
        (first or body).focus()

    def action_back(self) -> None:
        self.dismiss()

    def action_preview(self) -> None:
        """Preview the question the focused problem is about (its bank must have loaded)."""
        from pathlib import Path

        focused = self.focused
        if not isinstance(focused, ProblemLine):
            self.notify("Pick a problem first (up/down).", severity="warning")
            return
        problem = focused.problem
        ws = quiz_app(self).ready_workspace()
        where = Path(problem.path).resolve()
        bank = next((b for b in ws.banks if Path(b.path).resolve() == where), None)
        if bank is None:
            self.notify("This bank did not load: fix its errors first, then preview it.", severity="warning")
            return
        before = [q for q in bank.questions if q.line <= problem.line]
        if not before:
            self.notify("This problem is about the bank, not one question.", severity="information")
            return
        question = max(before, key=lambda q: q.line)
        keys = [c.key for c in bank.cards() if c.question_id == question.id]
        quiz_app(self).start_study("preview", keys=keys)
