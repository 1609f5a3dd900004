"""SVG snapshots of a demonstration with images, drawn with Unicode half blocks (the fallback of
tmux and SSH sessions), at 80×24 and 120×40: small tensors enlarged into crisp squares, colour
maps for single-channel data, a legend with the value range."""

from __future__ import annotations

from pathlib import Path

import pytest
from image_figures import GRID, KERNEL
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

import quizapp.tui.app as app_module
from quizapp.study.views import DemoView
from quizapp.tui.widgets.demo_panel import DemoPanel
from quizapp.tui.widgets.image_view import ImageView

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


class OneDemo(App[None]):
    """The demonstration panel as the study screen shows it, with the app's style sheet."""

    image_protocol = "halfcell"

    def compose(self) -> ComposeResult:
        view = DemoView("What an edge kernel sees", "image(k)\nimage([mask, kept, picture])",
                        "Blue is negative, red positive: the kernel subtracts left from right.",
                        "done", images=(KERNEL, GRID), note="ran in 12 ms")
        with VerticalScroll():
            yield DemoPanel(view)


OneDemo.CSS_PATH = str(Path(app_module.__file__).parent / "app.tcss")


async def drawn(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    for _ in range(50):
        if all(v.shown_at for v in pilot.app.query(ImageView)):
            break
        await pilot.pause(0.05)
    for _ in range(3):
        await pilot.pause(0.05)


@pytest.mark.parametrize("size", SIZES)
def test_demo_images_in_half_blocks(snap_compare, size):
    assert snap_compare(OneDemo(), terminal_size=size, run_before=drawn)
