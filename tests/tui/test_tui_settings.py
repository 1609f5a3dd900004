"""Settings, study more, the palette and the theme, driven with keys."""

from __future__ import annotations

from textual.widgets import DataTable
from tui_support import ready, screen_name, text, wait_for

from quizapp.config import settings_path


def notes(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def _rows(pilot) -> list[list[str]]:
    table = pilot.app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_changing_new_cards_a_day_saves_the_file_and_applies_at_once(make_app):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# my notes\n[study]\nreviews_per_day = 150  # enough\n")
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert text(pilot, "#today").startswith("Today: 8 cards")
        await pilot.press("o")
        await wait_for(pilot, lambda: screen_name(pilot) == "SettingsScreen")
        assert _rows(pilot)[0][:2] == ["New cards a day", "20 ·"]
        assert _rows(pilot)[1][1] == "150"  # from the file
        await pilot.press("enter", *"many", "enter")
        assert "new_per_day: a whole number from 0 to 9999" in notes(app)
        await pilot.press("ctrl+u", "2", "enter")
        await wait_for(pilot, lambda: _rows(pilot)[0][1] == "2")
        await wait_for(pilot, lambda: "retention  reviews/day" in text(pilot, "#settings-workload"),
                       timeout=20)
        assert "0.90" in text(pilot, "#settings-workload") and "← now" in text(pilot, "#settings-workload")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        assert text(pilot, "#today").startswith("Today: 2 cards")
    saved = path.read_text()
    assert "# my notes" in saved and "reviews_per_day = 150  # enough" in saved
    assert "new_per_day = 2" in saved


async def test_a_selection_past_the_new_card_limit_offers_study_more(make_app):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[study]\nnew_per_day = 0\n")
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        app.workspace.store.reload_config()
        await pilot.press("end", "space", "enter")  # the code bank: 3 new cards, limit 0
        await pilot.pause()
        assert screen_name(pilot) == "HomeScreen"
        assert ("3 more new cards here — study more today with n on the home screen"
                in notes(app))
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyMoreScreen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert "Code questions for tests" in text(pilot, "#card-meta")


async def test_the_palette_lists_the_screens_and_a_theme_is_kept(make_app):
    app = make_app(theme=None)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for name in ("Home", "Study", "Exam", "Statistics", "Browser", "Settings", "Help"):
            assert name in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"settings")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "SettingsScreen")
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in settings_path().read_text()
    again = make_app(theme=None)
    async with again.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert again.theme == "nord"
