"""Ask before running a bank's code: show every snippet that would run (and what changed since
the last approval). Refusing keeps the bank usable with its code shown, not run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from quizapp.tui.widgets.code_block import CodeBlock

if TYPE_CHECKING:
    from quizapp.banks import Bank


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
        ws = self.app.workspace  # type: ignore[attr-defined]
        snippets = self.bank.snippets()
        changed = ws.changed_snippets(self.bank)
        roles: dict[str, int] = {}
        for s in snippets:
            roles[s.role] = roles.get(s.role, 0) + 1
        counts = ", ".join(f"{n} {role}" for role, n in sorted(roles.items()))
        if changed is None:
            why = "You have not approved this bank's code yet."
        else:
            why = (f"This bank's code changed since you approved it: {len(changed)} snippet"
                   f"{'s' if len(changed) != 1 else ''} new or changed (marked ● below).")
        with Vertical(id="trust-dialog"):
            yield Static(f"Run the code of “{self.bank.title}”?", id="trust-title", markup=False)
            yield Static(
                f"{self.bank.path}\n{len(snippets)} snippet{'s' if len(snippets) != 1 else ''} ({counts}). {why}\n"
                "Bank code is somebody else's code. If you trust it, it runs in a separate process with time, "
                "memory and output limits. Until then it is shown, not run, and computed answers are marked "
                "“not verified”.",
                id="trust-intro", markup=False)
            with VerticalScroll(id="trust-code"):
                setup_shown: set[str] = set()
                for s in snippets:
                    where = s.question_id + (f"/{s.statement_id}" if s.statement_id else "")
                    mark = "● " if changed is not None and (s.question_id, s.statement_id, s.role) in changed else ""
                    title = f" · {s.title}" if s.title else ""
                    yield Static(f"{mark}{where} · {s.role}{title} — {s.code.path.name}:{s.code.line}",
                                 classes="trust-snippet", markup=False)
                    if s.setup is not None and s.question_id not in setup_shown:
                        setup_shown.add(s.question_id)
                        yield CodeBlock(s.setup.text.rstrip(), "setup (runs first)", classes="trust-setup")
                    yield CodeBlock(s.code.text.rstrip(), s.role)
            yield Static("y: trust and run this code · n: not now (code shown, not run)", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#trust-code").focus()

    def action_trust(self) -> None:
        self.app.workspace.trust_bank(self.bank)  # type: ignore[attr-defined]
        self.notify(f"Trusted: {self.bank.title}. Its code will run.", timeout=3)
        self.dismiss(True)

    def action_refuse(self) -> None:
        self.dismiss(False)
