"""The study screen teaches: a hint on request, the typical mistake named on a wrong answer
(with a second try before the answer where the bank allows one), a near miss that suggests
Hard — all on screen, with a real engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from study_support import reviews_in
from textual.widgets import Input
from tui_support import ready, screen_name, text, wait_for

from quizapp.banks import load_bank
from quizapp.snippets import TrustStore

pytestmark = pytest.mark.slow  # one engine start (~3 s) for the module

TEACH = Path(__file__).resolve().parents[1] / "study" / "teach_banks" / "teach.yaml"


async def study(pilot, key: str) -> None:
    pilot.app.start_study("today", keys=[f"teach/{key}"])
    await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
    await wait_for(pilot, lambda: "answer ready" in text(pilot, "#answer-status"), timeout=30, what="the truth")


async def test_a_hint_then_a_typical_mistake_named_on_screen_with_the_variants_numbers(make_app, engine, db):
    TrustStore().trust(load_bank(TEACH)[0])
    app = make_app(TEACH, run_code=True, engine=engine)
    async with app.run_test(size=(110, 40)) as pilot:
        await ready(pilot)
        await study(pilot, "padded-conv")
        p = app.screen.view.params["p"]
        assert "2 hints: ctrl+n" in text(pilot, "#key-hint")
        await pilot.press("ctrl+n")
        assert text(pilot, "#hints") == (
            f"Hint 1 of 2: A 5×5 kernel loses 4 pixels per side length; padding {p} adds some back.")
        await pilot.press(*"1x8x16x16", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#verdict").display, what="the verdict")
        right = 20 + 2 * p - 5 + 1
        assert text(pilot, "#verdict") == (f"✗ Wrong — you said (1, 8, 16, 16); the answer is (1, 8, {right}, {right})."
                                           f"\n↳ That is what you get if you forget the padding of {p}.")
        await pilot.press("enter")  # the suggested grade: Again
    assert reviews_in(db)[-1][:2] == ("teach/padded-conv", 1)


async def test_a_second_try_on_screen_then_the_answer_and_a_near_miss_suggests_hard(make_app, engine, db):
    TrustStore().trust(load_bank(TEACH)[0])
    app = make_app(TEACH, run_code=True, engine=engine)
    async with app.run_test(size=(110, 40)) as pilot:
        await ready(pilot)
        await study(pilot, "linear-count")
        await pilot.press(*"40", "enter")
        await pilot.pause()
        assert text(pilot, "#answer-status") == ("✗ Not yet — you said 40. 40 counts the weights only: the 4 biases "
                                                 "are parameters too. One more try (the answer is shown after it).")
        box = app.screen.query_one("#answer", Input)
        assert not box.disabled and box.value == "" and not app.screen.query_one("#verdict").display
        await pilot.press(*"88", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#verdict").display, what="the verdict")
        assert text(pilot, "#verdict") == ("✗ Wrong — you said 88; the answer is 44.\n"
                                           "↳ Off by a factor of 2: yours is 2 times the answer.")
        await pilot.press("enter")  # the suggested grade for a near miss: Hard
    assert reviews_in(db)[-1][:3] == ("teach/linear-count", 2, "40 → 88")
