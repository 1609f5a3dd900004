"""What a Kitty or a Sixel terminal is sent for a picture (no such terminal here: the escape
sequences textual-image writes are captured and read back). A 3×3 kernel takes 18×9 cells; with
the usual 10×20-pixel cells that is a 180×180-pixel picture, enlarged with nearest-neighbour."""

from __future__ import annotations

import base64
import io
import re
import sys

import pytest
from image_figures import KERNEL
from PIL import Image
from textual.app import App, ComposeResult

from quizapp.tui.graphics import choose_protocol
from quizapp.tui.widgets.image_view import ImageView


class OneImage(App[None]):
    def __init__(self, protocol: str) -> None:
        super().__init__()
        self.protocol = protocol

    def compose(self) -> ComposeResult:
        yield ImageView(KERNEL, self.protocol)


async def shown_picture(protocol: str):
    app = OneImage(protocol)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.query_one(ImageView).shown_at:
                break
        await pilot.pause(0.1)
        picture = app.query_one(".image-picture")
        inner = next(iter(picture.children), picture)  # the Sixel widget draws in a child
        lines = inner.render_lines(inner.region.reset_offset)
        size = (picture.size.width, picture.size.height)
        return type(picture).__name__, size, "".join(seg.text for strip in lines for seg in strip)


async def test_kitty_gets_a_png_and_a_placement_of_unicode_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = io.StringIO()
    monkeypatch.setattr(sys, "__stdout__", terminal)  # where textual-image writes its TGP commands
    kind, size, text = await shown_picture("tgp")
    assert kind == "TGPImage" and size == (18, 9)
    sent = terminal.getvalue()
    png = re.search(r"\x1b_Gi=(\d+),m=0,f=100,q=2;([A-Za-z0-9+/=]+)\x1b\\", sent)
    assert png, sent[:200]
    image = Image.open(io.BytesIO(base64.b64decode(png.group(2))))
    assert image.size == (180, 180)
    assert image.getpixel((10, 90))[2] > 150 and image.getpixel((170, 90))[0] > 150  # blue … red
    assert f"a=p,i={png.group(1)},c=18,r=9,U=1" in sent  # a virtual placement of 18×9 cells
    assert text.count("\U0010eeee") == 18 * 9  # each cell a placeholder the terminal fills


async def test_sixel_gets_a_180_pixel_square_in_the_kernels_colours() -> None:
    _kind, size, text = await shown_picture("sixel")
    assert size == (18, 9)
    assert '\x1bP0;0;0q"1;1;180;180' in text  # DCS, raster attributes: 180×180 pixels
    assert "#0;2;13;40;67" in text  # the diverging map's blue (33, 102, 172) in percent


@pytest.mark.parametrize(("env", "expected"), [
    ({"TERM": "xterm-kitty"}, "tgp"),
    ({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"}, "halfcell"),
    ({"TERM_PROGRAM": "WezTerm", "TERM": "xterm-256color"}, "sixel"),
    ({"TERM": "foot"}, "sixel"),
    ({"TERM": "xterm-256color"}, "halfcell"),
    ({"TERM": "xterm-kitty", "QUIZAPP_IMAGES": "off"}, "off"),
    ({"TERM": "xterm-256color", "QUIZAPP_IMAGES": "kitty"}, "tgp"),
])
def test_the_protocol_follows_the_terminal_and_the_setting(env: dict, expected: str) -> None:
    assert choose_protocol(None, env) == expected


def test_pillow_and_textual_image_stay_out_of_start_up(tmp_path) -> None:
    """They are imported when the first picture is drawn, never to show the first screen."""
    import os
    import subprocess

    code = ("import asyncio, sys\n"
            "from quizapp.tui.app import build_app\n"
            "async def main():\n"
            "    app = build_app(sys.argv[1], run_code=False, start='home')\n"
            "    async with app.run_test(size=(80, 24)) as pilot:\n"
            "        while app.workspace is None:\n"
            "            await pilot.pause(0.01)\n"
            "    print(sorted(m for m in ('PIL', 'textual_image', 'torch') if m in sys.modules))\n"
            "asyncio.run(main())\n")
    env = {**os.environ, "QUIZAPP_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "p.sqlite3")], capture_output=True,
                         text=True, env=env, timeout=120, check=False)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr[-2000:]


async def test_a_picture_that_cannot_be_drawn_is_a_line_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import quizapp.pixels

    def broken(panel: dict, scale: int = 1) -> None:
        raise OSError("no decoder")

    monkeypatch.setattr(quizapp.pixels, "pil_image", broken)
    app = OneImage("halfcell")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.query_one(ImageView).shown_at:
                break
        assert str(app.query_one(".image-pending").content).startswith(
            "the image could not be drawn: OSError('no decoder')")
        assert app.is_running and "vertical-edge kernel" in str(app.query_one(".image-caption").content)
