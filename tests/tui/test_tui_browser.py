"""The card browser driven with keys: search, filter, open, suspend, flag, undo."""

from __future__ import annotations

from textual.widgets import DataTable
from tui_support import ready, screen_name, text, wait_for


def _rows(pilot) -> list[list[str]]:
    table = pilot.app.screen.query_one("#browser-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_find_a_card_by_a_word_of_its_answer_then_suspend_and_flag_it(make_app):
    app = make_app()
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: screen_name(pilot) == "BrowserScreen")
        assert len(_rows(pilot)) == 8  # every card of the test banks
        await pilot.press("slash", *"answer:influen")  # "influence" is in the model answer only
        await wait_for(pilot, lambda: len(_rows(pilot)) == 1)
        assert _rows(pilot)[0][2] == "Receptive field"
        await pilot.press("enter")  # back to the list
        await pilot.press("enter")  # open the card
        assert "What is the receptive field of a unit in a CNN?" in text(pilot, "#browser-detail")
        assert "never studied" in text(pilot, "#browser-detail")
        await pilot.press("s", "1")
        assert _rows(pilot)[0][4] == "suspended"
        assert "red flag" in text(pilot, "#browser-detail")
        store = app.workspace.store
        assert store.marks("basics/receptive-field").suspended
        await pilot.press("u")  # the flag
        assert store.marks("basics/receptive-field").flag == 0
        assert store.marks("basics/receptive-field").suspended
        await pilot.press("slash", "ctrl+u", *"is:suspended", "enter")
        assert [r[2] for r in _rows(pilot)] == ["Receptive field"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        assert text(pilot, "#today").startswith("Today: 7 cards")  # the suspended card left the queue


async def test_actions_on_many_cards_and_a_bad_search_word(make_app):
    app = make_app()
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: screen_name(pilot) == "BrowserScreen")
        await pilot.press("space", "down", "space", "b")
        store = app.workspace.store
        buried = [r for r in _rows(pilot) if r[4] == "buried"]
        assert len(buried) == 2
        await pilot.press("slash", *"is:sleepy")
        assert "no card state 'sleepy'" in text(pilot, "#browser-status")
        await pilot.press("ctrl+u", *"is:buried", "enter")
        assert len(_rows(pilot)) == 2
        await pilot.press("u")
        await wait_for(pilot, lambda: len(_rows(pilot)) == 0)
        assert "0 of 0 cards" in text(pilot, "#browser-status")
        assert store.today_queue() and len(store.today_queue()) == 8
