"""Typed answers are read fairly in the app (issue 15): what cannot be read as what the card
asks for is asked again, never counted wrong; numbers are read as people write them."""

from __future__ import annotations

from pathlib import Path

from study_support import reviews_in
from textual.widgets import Input
from tui_support import ready, screen_name, text, wait_for

from quizapp.progress import QueueFilter

READING = Path(__file__).resolve().parent / "banks" / "reading.yaml"


async def start(make_app, size=(80, 24), **options):
    app = make_app(READING, start="study", filters=QueueFilter(banks=("reading",)), **options)
    return app


async def type_answer(pilot, answer: str) -> None:
    pilot.app.screen.query_one("#answer", Input).value = ""
    await pilot.press(*answer, "enter")
    await pilot.pause()


async def test_letters_on_a_whole_number_card_are_asked_again_not_wrong(make_app, db):
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        assert "Receptive field of the 3-layer CNN" in text(pilot, "#card-meta")
        await type_answer(pilot, "abc")
        status = text(pilot, "#answer-status")
        assert status.startswith("✗ Cannot read that:") and status.endswith("Try again (it does not count).")
        assert not app.screen.query_one("#verdict").display
        await type_answer(pilot, "1e999")
        assert "not a finite number" in text(pilot, "#answer-status")
        assert not app.screen.query_one("#verdict").display
        await type_answer(pilot, "112")
        assert text(pilot, "#verdict").startswith("✓ Right — you said 112")
    assert reviews_in(db) == []  # nothing graded yet: the refusals recorded nothing


async def test_a_half_typed_shape_is_asked_again(make_app, db):
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await type_answer(pilot, "112")
        await pilot.press("enter")  # Good
        assert "Output shape" in text(pilot, "#card-meta")
        await type_answer(pilot, "(1,2")
        assert "unclosed '('" in text(pilot, "#answer-status")
        assert not app.screen.query_one("#verdict").display
        await type_answer(pilot, "(1, 32, 122, 122)")
        assert text(pilot, "#verdict").startswith("✓ Right")


async def test_grouped_thousands_and_rounded_answers_are_right(make_app, db):
    app = await start(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        for answer in ("112", "(1, 32, 122, 122)"):
            await type_answer(pilot, answer)
            await pilot.press("enter")
        assert "Parameters of the MLP" in text(pilot, "#card-meta")
        await type_answer(pilot, "22 145")
        assert text(pilot, "#verdict").startswith("✓ Right — you said 22145")
        await pilot.press("enter")
        assert "Dice at IoU one half" in text(pilot, "#card-meta")
        await type_answer(pilot, "0.667")
        verdict = text(pilot, "#verdict")
        assert verdict.startswith("✓ Right — you said 0.667")
        assert "the full value is 0.666666666667" in verdict
    assert [r[2:4] for r in reviews_in(db)] == [("112", 1), ("(1, 32, 122, 122)", 1), ("22 145", 1)]
