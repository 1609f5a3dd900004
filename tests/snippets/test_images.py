"""Images a demonstration shows: what image() accepts, what comes back, and what is refused."""

from __future__ import annotations

import base64
import json

import pytest

from quizapp.snippets import SnippetEngine, SnippetJob, SnippetResult
from quizapp.snippets.images import MAX_SIDE, ImageError, check_images


def pixels(panel: dict) -> bytes:
    return base64.b64decode(panel["pixels"])


def test_grayscale_rgb_uint8_and_a_grid_come_back_as_pixels(engine: SnippetEngine) -> None:
    code = """
k = torch.tensor([[-1.0, 0.0, 1.0]] * 3)
image(k, "a vertical-edge kernel")
image(torch.zeros(3, 4, 5), "black RGB, C×H×W")
image(torch.full((6, 2, 3), 200, dtype=torch.uint8), "uint8, H×W×C")
image([torch.rand(5, 5) for _ in range(4)], "four maps", labels=["a", "b", "c", "d"], columns=2)
"""
    res = engine.run(SnippetJob(code=code))
    assert res.ok, res.error
    kernel, rgb, as_bytes, grid = res.images
    panel = kernel["panels"][0]
    assert (panel["width"], panel["height"], panel["channels"]) == (3, 3, 1)
    assert panel["cmap"] == "diverging" and (panel["low"], panel["high"]) == (-1.0, 1.0)
    assert pixels(panel)[:3] == bytes([0, 128, 255])  # −1 → 0, 0 → the middle, 1 → 255
    assert kernel["caption"] == "a vertical-edge kernel"
    assert (rgb["panels"][0]["width"], rgb["panels"][0]["height"], rgb["panels"][0]["cmap"]) == (5, 4, "rgb")
    byte_panel = as_bytes["panels"][0]
    assert byte_panel["low"] is None and set(pixels(byte_panel)) == {200}
    assert [p["label"] for p in grid["panels"]] == ["a", "b", "c", "d"] and grid["columns"] == 2


def test_nan_and_inf_are_counted_and_drawn_at_the_ends(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(code="image(torch.tensor([[0.0, 1.0], [float('nan'), float('inf')]]))"))
    assert res.ok, res.error
    panel = res.images[0]["panels"][0]
    assert panel["nonfinite"] == 2
    assert (panel["low"], panel["high"]) == (0.0, 1.0)  # the range of the finite values
    assert pixels(panel) == bytes([0, 255, 0, 255])


def test_a_huge_image_is_subsampled_in_the_child(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(code="image(torch.rand(1000, 700))"))
    assert res.ok, res.error
    panel = res.images[0]["panels"][0]
    assert max(panel["width"], panel["height"]) <= MAX_SIDE
    assert panel["scaled_from"] == [1000, 700]


@pytest.mark.parametrize(("code", "message"), [
    ("image('a picture')", "must be a tensor or an array, not str"),
    ("image(torch.zeros(8, 5, 5))", "pass list(x)"),
    ("image(torch.zeros(2, 2, dtype=torch.complex64))", "complex values cannot be shown"),
    ("image(torch.zeros(0, 4))", "an empty image"),
    ("image(torch.zeros(64, 1, 2, 2))", "at most 32 panels"),
    ("for _ in range(9): image(torch.zeros(2, 2))", "at most 8 images"),
    ("for _ in range(3): image(torch.zeros(30, 1, 256, 256))", "at most 2097152 bytes"),
    ("image(torch.zeros(2, 2), cmap='jet')", "cmap must be one of"),
])
def test_bad_images_fail_the_snippet_with_a_clear_line(engine: SnippetEngine, code: str, message: str) -> None:
    res = engine.run(SnippetJob(code=code))
    assert not res.ok and message in (res.error or "")
    assert res.images == []


def good_figure() -> dict:
    return {"caption": "ok", "columns": 1, "panels": [{
        "width": 2, "height": 1, "channels": 1, "pixels": base64.b64encode(b"\x00\xff").decode(),
        "cmap": "gray", "low": 0.0, "high": 1.0, "label": "", "nonfinite": 0, "scaled_from": None}]}


def with_panel(**changes: object) -> list[dict]:
    figure = good_figure()
    figure["panels"][0].update(changes)
    return [figure]


@pytest.mark.parametrize(("images", "message"), [
    (with_panel(width=100_000, height=100_000), "width must be a whole number from 1 to 256"),
    (with_panel(pixels="AAAA" * 10), "pixels are not 2×1×1 bytes"),
    (with_panel(pixels="!!!!"), "not base64"),
    (with_panel(channels=4), "1 or 3 channels"),
    (with_panel(width="2"), "width must be a whole number"),
    (with_panel(low=float("nan")), "low is not a finite number"),
    (with_panel(cmap="rgb"), "unknown colour map"),
    ([good_figure()] * 9, "at most 8 per snippet"),
    ({"not": "a list"}, "images must be a list"),
    ([{"panels": []}], "1 to 32 panels"),
])
def test_the_engine_refuses_what_a_hostile_child_sends(images: object, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        check_images(images)
    result = SnippetResult.from_dict({"ok": True, "value": {"type": "none"}, "images": images})
    assert not result.ok and result.images == []
    assert result.error is not None and result.error.startswith("the snippet's images were refused")


def test_the_check_keeps_only_pixels_and_survives_the_cache_round_trip() -> None:
    figure = good_figure()
    figure["script"] = "<evil>"
    figure["panels"][0]["onload"] = "alert(1)"
    result = SnippetResult.from_dict({"ok": True, "images": [figure]})
    assert result.ok
    assert "script" not in result.images[0] and "onload" not in result.images[0]["panels"][0]
    again = SnippetResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again.images == result.images


FORGE = ("import json, os, struct\n"
         "panel = {'width': 256, 'height': 256, 'channels': 3, 'pixels': 'AAAA', 'cmap': 'rgb',\n"
         "         'low': 0, 'high': 1, 'label': '', 'nonfinite': 0, 'scaled_from': None}\n"
         "frame = {'type': 'result', 'ok': True, 'value': {'type': 'none'}, 'error': None,\n"
         "         'limit': None, 'charts': [], 'images': [{'caption': 'x', 'columns': 1, 'panels': [panel]}],\n"
         "         'layers': [], 'missing': {}}\n"
         "body = json.dumps(frame).encode()\n"
         "os.write(3, struct.pack('>I', len(body)) + body)\n"
         "os._exit(0)\n")


def test_a_child_that_forges_its_image_frame_fails_that_snippet_only(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(code=FORGE, time_limit=5), timeout=30)
    assert not res.ok and res.images == []
    assert "invalid result (images: image 1 holds 3 bytes of pixels, 256×256×3 needs 196608)" in (res.error or "")
    after = engine.run(SnippetJob(code="image(torch.ones(2, 2))"), timeout=30)
    assert after.ok and len(after.images) == 1
