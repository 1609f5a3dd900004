"""Demonstrations' images in the app: drawn after the reveal with half blocks (the fallback every
terminal shows), never in the way of grading, and off when asked."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Static
from tui_support import ready, screen_name, text, wait_for

from quizapp.banks import load_bank
from quizapp.progress import QueueFilter
from quizapp.snippets import TrustStore
from quizapp.tui.widgets.image_view import ImageView

pytestmark = pytest.mark.slow  # one engine start for the module
PICTURES = Path(__file__).resolve().parent / "banks" / "pictures.yaml"


def study(make_app, engine, **options):
    bank, _problems = load_bank(PICTURES)
    TrustStore().trust(bank)
    return make_app(PICTURES, run_code=True, engine=engine, start="study",
                    filters=QueueFilter(banks=("pictures",)), **options)


async def test_images_appear_after_the_answer_with_labels_and_legend(make_app, engine):
    app = study(make_app, engine, images="halfcell")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await wait_for(pilot, lambda: "answer ready" in text(pilot, "#answer-status"), timeout=30)
        assert not app.screen.query(ImageView), "no picture before the answer"
        await pilot.press("9", "enter")
        revealed = time.monotonic()
        await wait_for(pilot, lambda: all(v.shown_at for v in app.screen.query(ImageView))
                       and len(app.screen.query(ImageView)) == 2, timeout=30, what="both images drawn")
        kernel, _pair = app.screen.query(ImageView)
        assert kernel.shown_at - revealed < 10
        shown = [str(w.content) for w in app.screen.query(".image-caption, .image-label, .image-legend")
                 if isinstance(w, Static)]
        assert "vertical-edge kernel" in shown and "input" in shown and "edges" in shown
        assert any("3×3 · −1 … 1 (blue → white → red)" in s for s in shown)
        assert any("2 × 12×12 · −3 … 3 (blue → white → red)" in s for s in shown)  # one shared range, signed
        # the 3×3 kernel is enlarged: each value a block of columns, not one cell
        picture = kernel.query_one(".image-picture")
        assert picture.size.width == 18 and picture.size.height == 9


async def test_grading_does_not_wait_for_a_slow_picture(make_app, engine):
    app = study(make_app, engine, images="halfcell")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.start_study("today", keys=["pictures/slow-picture", "pictures/edge-kernel"])
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await wait_for(pilot, lambda: "answer ready" in text(pilot, "#answer-status"), timeout=30)
        await pilot.press("2", "enter")
        assert text(pilot, "#verdict").startswith("✓ Right")
        began = time.monotonic()
        await pilot.press("enter")  # on to the next card while the demo still sleeps
        await wait_for(pilot, lambda: "3×3 kernel" in text(pilot, "#card-prompt"), timeout=2)
        assert time.monotonic() - began < 2


async def test_no_images_says_so_instead_of_drawing(make_app, engine):
    app = study(make_app, engine, images="off")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "StudyScreen")
        await wait_for(pilot, lambda: "answer ready" in text(pilot, "#answer-status"), timeout=30)
        await pilot.press("9", "enter")
        await wait_for(pilot, lambda: app.screen.query(".demo-images-off"), timeout=30, what="the note")
        assert text(pilot, ".demo-images-off") == "2 image(s) not shown (images are off)"
        assert not app.screen.query(ImageView)
