"""Banks edited while the app runs are reloaded (watchfiles): counts, problems and the card
being answered."""

from __future__ import annotations

import shutil

from study_support import BASICS
from tui_support import ready, screen_name, text, wait_for


async def test_an_edited_bank_is_reloaded_and_the_card_on_screen_stays(make_app, tmp_path):
    bank = tmp_path / "basics.yaml"
    shutil.copy(BASICS, bank)
    app = make_app(bank, watch_banks=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert text(pilot, "#today").startswith("Today: 5 cards")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        shown = text(pilot, "#card-prompt")
        bank.write_text(bank.read_text() + """
  - id: added-while-running
    kind: open
    topic: cnn
    title: Added while the app runs
    prompt: A question written while the app was open.
    answer: It is picked up.
""")
        await wait_for(pilot, lambda: any("Banks reloaded" in n.message for n in app._notifications),
                       timeout=15, what="the reload")
        assert "1 new card" in "\n".join(n.message for n in app._notifications)
        assert text(pilot, "#card-prompt") == shown  # not yanked away mid-answer
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        assert text(pilot, "#today").startswith("Today: 6 cards")
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_name(pilot) == "ProblemsScreen")
        bank.write_text(bank.read_text().replace("kind: open\n    topic: cnn\n    title: Added",
                                                 "kind: opne\n    topic: cnn\n    title: Added"))
        await wait_for(pilot, lambda: "unknown kind `opne`" in "\n".join(
            str(w.content) for w in app.screen.query("Static")), timeout=15, what="the problem")


async def test_a_bank_edited_while_the_app_starts_is_reloaded(make_app, tmp_path):
    """Watching starts once the first screen is up (not to slow it down): a bank saved between
    the banks being read and the watcher starting is still picked up."""
    bank = tmp_path / "basics.yaml"
    shutil.copy(BASICS, bank)
    app = make_app(bank, watch_banks=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_for(pilot, lambda: pilot.app.workspace is not None, what="the workspace")
        assert getattr(app, "_watcher", None) is None  # not watching yet: the edit below is "missed"
        bank.write_text(bank.read_text().replace("  - id: ", """  - id: saved-during-start
    kind: open
    topic: cnn
    title: Saved while the app started
    prompt: A question saved while the app was starting.
    answer: It is picked up all the same.
  - id: """, 1))
        await wait_for(pilot, lambda: any("Banks reloaded" in n.message for n in app._notifications),
                       timeout=15, what="the reload")
        assert "1 new card" in "\n".join(n.message for n in app._notifications)
        await wait_for(pilot, lambda: text(pilot, "#today").startswith("Today: 6 cards"), what="the counts")


async def test_a_watcher_that_stops_says_so(make_app, tmp_path, monkeypatch):
    """Linux caps the folders one user may watch (fs.inotify.max_user_watches); past it,
    watching fails and edits would silently stop being picked up."""
    import watchfiles

    def refuse(*_args, **_kwargs):
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watchfiles, "watch", refuse)
    bank = tmp_path / "basics.yaml"
    shutil.copy(BASICS, bank)
    app = make_app(bank, watch_banks=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: any("no longer watched" in n.message for n in app._notifications),
                       timeout=15, what="the notice")
        notice = next(n.message for n in app._notifications if "no longer watched" in n.message)
        assert "OS file watch limit reached" in notice and "after a restart" in notice
