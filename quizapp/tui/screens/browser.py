"""The card browser: find cards by words of their prompt, answer, explanation or tags, filter
and sort them, open one (its question and review history), and suspend, bury, flag, reset or
re-date one or many. Every action is logged and `u` undoes it.

Search words as in Anki: ``relu``, ``answer:relu``, ``bank:ID``, ``topic:cnn``, ``tag:hard``,
``is:suspended`` (new, learning, review, suspended, buried, flagged, leech), ``flag:red``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Static

from quizapp.cut import cut
from quizapp.errors import QuizappError
from quizapp.plural import plural
from quizapp.tui.app import quiz_app
from quizapp.tui.widgets.text_box import TextBox
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from quizapp.study import Workspace

SORTS = ("order", "due", "lapses", "difficulty", "recall")
_FLAG_STYLE = {1: "red", 2: "dark_orange", 3: "green", 4: "blue", 5: "magenta", 6: "cyan",
               7: "purple"}


class DueDaysScreen(ModalScreen[int | None]):
    """Ask in how many days the selected cards should be due."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        yield TextBox(placeholder="due in how many days? (0: today) — enter", id="due-days",
                    type="integer")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            days = int(event.value)
        except ValueError:
            self.notify("Type a whole number of days.", severity="error")
            return
        if not 0 <= days <= 36500:
            self.notify("0 to 36500 days.", severity="error")
            return
        self.dismiss(days)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BrowserScreen(Screen):
    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("enter", "open", "Open"),
        Binding("space", "select", "Select", key_display="space"),
        Binding("s", "suspend", "Suspend"),
        Binding("b", "bury", "Bury"),
        *(Binding(str(n), f"flag({n})", f"Flag {n}", show=False) for n in range(0, 8)),
        Binding("r", "reset", "Reset", show=False),
        Binding("d", "due", "Set due", show=False),
        Binding("o", "sort", "Sort"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, search: str = "") -> None:
        super().__init__()
        self.search = search
        self.sort = "order"
        self.rows: list = []
        self.selected: set[str] = set()
        self.total = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield TextBox(self.search, id="browser-search",
                    placeholder="/ search: words · answer:relu · topic:cnn · tag:x · is:suspended · flag:red")
        yield Static("", id="browser-status", markup=False)
        yield DataTable(id="browser-table", cursor_type="row", zebra_stripes=False)
        yield Static("", id="browser-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Browse cards"
        self.query_one("#browser-detail", Static).display = False
        self.refresh_rows()
        self.query_one("#browser-table", DataTable).focus()

    @property
    def _ws(self) -> Workspace:
        return quiz_app(self).ready_workspace()

    # -- the list --------------------------------------------------------------------------

    def refresh_rows(self) -> None:
        from quizapp.progress.browse import parse_search
        from quizapp.records import replace

        ws = self._ws
        try:
            query = parse_search(self.search, self.sort)
            query = replace(query, filters=ws.loaded_filter(query.filters))
            self.rows, self.total = ws.store.browse(query)
        except QuizappError as exc:
            self.query_one("#browser-status", Static).update(f"✗ {exc}")
            return
        table = self.query_one("#browser-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for label, width in ((" ", 1), ("⚑", 1), ("Card", 36), ("Topic", 14), ("State", 10),
                             ("Due", 10), ("Lapses", 6)):
            table.add_column(label, width=width)
        today = ws.store.now()
        for row in self.rows:
            flag = Text("●", style=_FLAG_STYLE[row.flag]) if row.flag else Text(" ")
            state = row.state
            if row.suspended:
                state = "suspended"
            elif row.buried:
                state = "buried"
            if row.leech:
                state += " ☠"
            due = ""
            if row.due_ms is not None:
                due = datetime.fromtimestamp(row.due_ms / 1000, tz=today.tzinfo).astimezone().strftime("%Y-%m-%d")
            table.add_row("☑" if row.key in self.selected else "☐", flag, cut(row.title, 36),
                          cut(row.topic, 14), state, due, str(row.lapses))
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))
        from quizapp.progress.browse import COUNT_CAP

        shown = f"{COUNT_CAP}+" if self.total > COUNT_CAP else str(self.total)
        chosen = f" · {len(self.selected)} selected" if self.selected else ""
        self.query_one("#browser-status", Static).update(
            f"{len(self.rows)} of {shown} cards · sort: {self.sort}{chosen} · "
            "s suspend · b bury · 1–7 flag (0 none) · r reset · d set due · u undo")
        self._show_detail()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "browser-search":
            self.search = event.value
            self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#browser-table", DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _current(self) -> str | None:
        table = self.query_one("#browser-table", DataTable)
        if not self.rows:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)].key

    def _targets(self) -> list[str]:
        """The selected cards, or the one under the cursor."""
        if self.selected:
            return sorted(self.selected)
        key = self._current()
        return [key] if key else []

    def _show_detail(self) -> None:
        detail = self.query_one("#browser-detail", Static)
        key = self._current()
        if not detail.display or key is None:
            return
        from quizapp.study.browse_text import card_details

        detail.update(card_details(self._ws, key))

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.query_one("#browser-search", Input).has_focus and action not in ("back",):
            return False  # typing in the search box stays typing
        return True

    def action_search(self) -> None:
        self.query_one("#browser-search", Input).focus()

    def action_open(self) -> None:
        detail = self.query_one("#browser-detail", Static)
        detail.display = not detail.display
        self._show_detail()

    def action_select(self) -> None:
        key = self._current()
        if key is None:
            return
        self.selected ^= {key}
        self.refresh_rows()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refresh_rows()

    def _act(self, what: str, do: Callable[[list[str]], object]) -> None:
        keys = self._targets()
        if not keys:
            return
        try:
            do(keys)
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"{what}: {plural(len(keys), 'card')} (u undoes).", timeout=3)
        self.refresh_rows()

    def _all(self, keys: list[str], field: str) -> bool:
        marks = [self._ws.store.marks(k) for k in keys]
        return all(getattr(m, field) for m in marks)

    def action_suspend(self) -> None:
        store = self._ws.store
        keys = self._targets()
        if keys and self._all(keys, "suspended"):
            self._act("Unsuspended", lambda ks: store.mark(ks, "unsuspend"))
        else:
            self._act("Suspended", lambda ks: store.mark(ks, "suspend"))

    def action_bury(self) -> None:
        store = self._ws.store
        now = int(store.now().timestamp() * 1000)
        keys = self._targets()
        if keys and all((store.marks(k).buried_until or 0) > now for k in keys):
            self._act("Unburied", lambda ks: store.mark(ks, "unbury"))
        else:
            self._act("Buried until tomorrow", lambda ks: store.mark(ks, "bury"))

    def action_flag(self, number: int) -> None:
        from quizapp.progress.card_actions import FLAGS

        store = self._ws.store
        self._act(f"Flag {FLAGS[number]}", lambda ks: store.mark(ks, "flag", number))

    def action_reset(self) -> None:
        store = self._ws.store
        self._act("Reset to new", store.reset_cards)

    def action_due(self) -> None:
        from datetime import timedelta

        store = self._ws.store

        def chosen(days: int | None) -> None:
            if days is None:
                return
            day = store.calendar.day_of(store.now()) + timedelta(days=days)
            self._act(f"Due in {days} days", lambda ks: store.set_due(ks, store.calendar.start_of(day)))

        self.app.push_screen(DueDaysScreen(), chosen)

    def action_undo(self) -> None:
        try:
            done = self._ws.store.undo_action()
        except QuizappError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"Undone ({done})." if done else "Nothing to undo.", timeout=3)
        self.refresh_rows()

    def action_back(self) -> None:
        search = self.query_one("#browser-search", Input)
        if search.has_focus:
            self.query_one("#browser-table", DataTable).focus()
            return
        self.dismiss()
