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
