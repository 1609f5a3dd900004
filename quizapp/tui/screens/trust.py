"""Ask before running a bank's code: show every snippet that would run (and what changed since
the last approval, first). Refusing keeps the bank usable with its code shown, not run.

Snippets are drawn a batch at a time, the next batch when the list is scrolled near its end:
a bank of 5,000 snippets drew 12,500 widgets at once and froze the app for 18 s at every start
until it was trusted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Static

from quizapp.plural import plural
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.code_block import CodeBlock

if TYPE_CHECKING:
    from quizapp.banks import Bank, SnippetSource

BATCH = 20  # snippets drawn at a time


class SnippetList(VerticalScroll):
    """The scrolling list of snippets; asks its screen for more when scrolled near its end."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.check_end()

    def on_resize(self) -> None:
        self.call_after_refresh(self.check_end)

    def check_end(self) -> None:
        """Draw more while the end of the list is in view, or a screen's height away."""
        if self.scroll_y >= self.max_scroll_y - self.size.height:
            screen = self.screen
            if isinstance(screen, TrustScreen):
                screen.draw_more()


class TrustScreen(ModalScreen[bool]):
    """Dismisses with True when the user trusts the bank."""

    BINDINGS = [
        Binding("y", "trust", "Trust and run"),
        Binding("n,escape", "refuse", "Not now"),
    ]

    def __init__(self, bank: Bank) -> None:
        super().__init__()
        self.bank = bank

    def compose(self) -> ComposeResult:
        ws = quiz_app(self).workspace  # loaded: trust is asked about once the banks are
        snippets = self.bank.snippets()
        changed = ws.changed_snippets(self.bank) if ws is not None else None
        self.changed = changed or set()
        roles: dict[str, int] = {}
        for s in snippets:
            roles[s.role] = roles.get(s.role, 0) + 1
        counts = ", ".join(f"{n} {role}" for role, n in sorted(roles.items()))
        if changed is None:
            why = "You have not approved this bank's code yet."
        else:
            why = (f"This bank's code changed since you approved it: {len(changed)} snippet"
                   f"{'s' if len(changed) != 1 else ''} new or changed (marked ● below, listed first).")
        # new or changed snippets first (stable: bank order within each group)
        self.waiting = sorted(snippets, key=lambda s: (s.question_id, s.statement_id, s.role) not in self.changed)
        self.setup_shown: set[str] = set()
        with Vertical(id="trust-dialog"):
            yield Static(f"Run the code of “{self.bank.title}”?", id="trust-title", markup=False)
            yield Static(
                f"{self.bank.path}\n{plural(len(snippets), 'snippet')} ({counts}). {why}\n"
                "Bank code is somebody else's code. If you trust it, it runs in a separate process with time, "
                "memory and output limits. Until then it is shown, not run, and computed answers are marked "
                "“not verified”.",
                id="trust-intro", markup=False)
            with SnippetList(id="trust-code"):
                helpers = next((q.helpers for q in self.bank.questions if q.helpers is not None), None)
                if helpers is not None:  # hidden from students, so shown here: it runs before every snippet
                    yield Static(f"helpers from a shared file — {helpers.path.name}:{helpers.line}",
                                 classes="trust-snippet", markup=False)
                    yield CodeBlock(helpers.text.rstrip(), "helpers (run before every snippet, not shown to "
                                                           "students)", classes="trust-setup")
                yield from self._next_batch()
                more = Static(self._more_text(), id="trust-more", markup=False)
                more.display = bool(self.waiting)
                yield more
            yield Static("y: trust and run this code · n: not now (code shown, not run)", classes="hint", markup=False)
        yield Footer()

    def _next_batch(self) -> Iterator[Widget]:
        batch, self.waiting = self.waiting[:BATCH], self.waiting[BATCH:]
        for s in batch:
            yield from self._entry(s)

    def _entry(self, s: SnippetSource) -> Iterator[Widget]:
        where = s.question_id + (f"/{s.statement_id}" if s.statement_id else "")
        mark = "● " if (s.question_id, s.statement_id, s.role) in self.changed else ""
        title = f" · {s.title}" if s.title else ""
        yield Static(f"{mark}{where} · {s.role}{title} — {s.code.path.name}:{s.code.line}",
                     classes="trust-snippet", markup=False)
        if s.setup is not None and s.question_id not in self.setup_shown:
            self.setup_shown.add(s.question_id)
            yield CodeBlock(s.setup.text.rstrip(), "setup (runs first)", classes="trust-setup")
        yield CodeBlock(s.code.text.rstrip(), s.role)

    def _more_text(self) -> str:
        n = len(self.waiting)
        return f"… {n} more snippet{'s' if n != 1 else ''} below: keep scrolling" if n else ""

    def draw_more(self) -> None:
        """Draw the next batch of snippets (when the list is scrolled near its end)."""
        if not self.waiting:
            return
        more = self.query_one("#trust-more", Static)
        snippet_list = self.query_one(SnippetList)
        snippet_list.mount_all(list(self._next_batch()), before=more)
        more.update(self._more_text())
        more.display = bool(self.waiting)
        snippet_list.call_after_refresh(snippet_list.check_end)

    def on_mount(self) -> None:
        self.query_one("#trust-code").focus()

    def action_trust(self) -> None:
        quiz_app(self).ready_workspace().trust_bank(self.bank)
        self.notify(f"Trusted: {self.bank.title}. Its code will run.", timeout=3)
        self.dismiss(True)

    def action_refuse(self) -> None:
        self.dismiss(False)
