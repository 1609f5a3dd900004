"""Bank problems: one line per problem as ``path:line:col: message``; good banks still work."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.tui.widgets.title_bar import TitleBar


class ProblemsScreen(Screen):
    BINDINGS = [Binding("escape,q", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield VerticalScroll(id="problems-body")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Bank problems"
        ws = self.app.workspace  # type: ignore[attr-defined]
        body = self.query_one("#problems-body", VerticalScroll)
        n = len(ws.banks)
        loaded = (f"{n} bank{'s' if n != 1 else ''} loaded and usable" if n else "No bank could be loaded")
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
            widgets.append(Static("\n".join(str(p) for p in problems), classes="problems-list", markup=False))
        widgets.append(Static("Fix the file and start quizapp again; `quizapp lint PATH` checks a bank "
                              "without starting the app.", classes="hint", markup=False))
        body.mount_all(widgets)
        body.focus()

    def action_back(self) -> None:
        self.dismiss()
