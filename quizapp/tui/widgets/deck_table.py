"""The home screen's table of banks and topics."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class DeckTable(DataTable):
    """A row-cursor table whose enter says what it does (study) and with home/end keys."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Study"),
        Binding("home", "first_row", "First", show=False),
        Binding("end", "last_row", "Last", show=False),
    ]

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))
