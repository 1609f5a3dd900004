"""Settings: every setting with its value and what it allows; `enter` edits the one under
the cursor, `b` switches between all banks and one bank's own values (Anki's presets), and
the FSRS estimate of daily reviews at each desired retention helps choose one.

Values are saved in settings.toml (comments and unknown keys kept) and apply at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from quizapp.errors import QuizappError
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.text_box import TextBox
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.progress.store import ProgressStore


class SettingsScreen(Screen):
    BINDINGS = [
        Binding("enter", "edit", "Edit"),
        Binding("b", "scope", "All banks / one bank"),
        Binding("delete,x", "unset", "Default"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scope: str | None = None  # None: all banks; else a bank id
        self._names: list[str] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="settings-scope", markup=False)
        yield DataTable(id="settings-table", cursor_type="row", zebra_stripes=False)
        yield TextBox(id="settings-input", placeholder="new value, enter to save, escape to cancel")
        yield Static("Estimating reviews a day at each retention…", id="settings-workload",
                     markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self.query_one("#settings-input", Input).display = False
        self.refresh_table()
        self.query_one("#settings-table", DataTable).focus()
        self._estimate()

    @property
    def _store(self) -> ProgressStore:
        return quiz_app(self).ready_workspace().store

    def refresh_table(self) -> None:
        from quizapp.config import KEYS, load_config, value_text

        config = load_config()
        table = self.query_one("#settings-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column("Setting", width=46)
        table.add_column("Value", width=14)
        table.add_column("Allowed")
        self._names = []
        for name, key in KEYS.items():
            if self.scope is not None and not key.per_bank:
                continue
            own = self.scope is not None and name in config.banks.get(self.scope, {})
            explicit = own if self.scope is not None else name in config.explicit
            value = Text(value_text(name, config.get(name, self.scope)),
                         style="bold" if explicit else "")
            if not explicit:
                value.append(" ·" if self.scope is None else " (all)", style="dim")
            table.add_row(key.help, value, key.allowed)
            self._names.append(name)
        table.move_cursor(row=min(max(cursor, 0), len(self._names) - 1))
        where = ("All banks" if self.scope is None else f"Bank {self.scope}: its own values "
                 "over the global ones")
        self.query_one("#settings-scope", Static).update(
            f"{where} — saved in {config.path}. b: all banks / one bank.")
        for problem in config.problems:
            self.notify(problem, severity="error", timeout=8)

    def _estimate(self) -> None:
        store = self._store
        settings = store.settings if self.scope is None else store.settings_for(self.scope)

        def work() -> None:
            from quizapp.progress.workload import estimate, workload_table

            text = workload_table(estimate(settings), settings.desired_retention,
                                  settings.new_per_day)
            self.app.call_from_thread(self._show_estimate, text)

        self.run_worker(work, thread=True, exclusive=True, group="estimate")

    def _show_estimate(self, text: str) -> None:
        self.query_one("#settings-workload", Static).update(text)

    def _current(self) -> str | None:
        table = self.query_one("#settings-table", DataTable)
        return self._names[table.cursor_row] if self._names else None

    def action_edit(self) -> None:
        from quizapp.config import load_config, value_text

        name = self._current()
        if name is None:
            return
        box = self.query_one("#settings-input", Input)
        box.value = value_text(name, load_config().get(name, self.scope))
        box.placeholder = f"{name}: enter saves, escape cancels"
        box.display = True
        box.focus()
        box.action_select_all()  # typing replaces the value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from quizapp.config import set_setting

        name = self._current()
        if name is None:
            return
        try:
            set_setting(name, event.value, bank=self.scope)
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        self._applied(f"{name} saved.")

    def _applied(self, note: str) -> None:
        problems = self._store.reload_config()
        if any(n in ("theme",) for n in [self._current()]):
            quiz_app(self).apply_theme_setting()
        box = self.query_one("#settings-input", Input)
        box.display = False
        self.refresh_table()
        self.query_one("#settings-table", DataTable).focus()
        self.notify(note if not problems else problems[0], timeout=3)
        self._estimate()

    def on_key(self, event: events.Key) -> None:
        box = self.query_one("#settings-input", Input)
        if event.key == "escape" and box.display:
            box.display = False
            self.query_one("#settings-table", DataTable).focus()
            event.stop()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_scope(self) -> None:
        banks = [None] + [b.id for b in quiz_app(self).ready_workspace().banks]
        self.scope = banks[(banks.index(self.scope) + 1) % len(banks)] if self.scope in banks else None
        self.refresh_table()
        self._estimate()

    def action_unset(self) -> None:
        from quizapp.config import unset_setting

        name = self._current()
        if name is None:
            return
        unset_setting(name, bank=self.scope)
        self._applied(f"{name}: back to {'the default' if self.scope is None else 'the global value'}.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "scope", "unset") and self.query_one("#settings-input", Input).has_focus:
            return False
        return True

    def action_back(self) -> None:
        self.dismiss()
