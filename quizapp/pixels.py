"""Checked image panels (see `quizapp.snippets.images`) -> RGB pixels, Pillow images, PNG files.

Used by every front end that shows a demonstration's images: the TUI, plain mode (PNG files)
and the Anki/GIFT exporters. Single-channel panels are coloured here, with a colour map the
snippet chose; small panels (a 3×3 kernel, a 7×7 mask) are enlarged with nearest-neighbour so
each value stays one crisp square. Pillow is imported only when an image is made.
"""

from __future__ import annotations

import base64
import io
from typing import Any

# Anchor colours, interpolated into 256-entry tables. viridis: perceptually even and readable in
# grayscale; diverging: blue (low) – white (zero) – red (high), for signed data such as kernels.
_ANCHORS = {
    "gray": [(0, 0, 0), (255, 255, 255)],
    "viridis": [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)],
    "diverging": [(33, 102, 172), (146, 197, 222), (247, 247, 247), (244, 165, 130), (178, 24, 43)],
}
_TABLES: dict[str, bytes] = {}


def colour_table(name: str) -> bytes:
    """768 bytes: the RGB colour of each value 0…255 under colour map ``name``."""
    if name not in _TABLES:
        anchors = _ANCHORS[name]
        out = bytearray()
        segments = len(anchors) - 1
        for v in range(256):
            pos = v / 255 * segments
            i = min(int(pos), segments - 1)
            t = pos - i
            a, b = anchors[i], anchors[i + 1]
            out += bytes(round(a[c] + (b[c] - a[c]) * t) for c in range(3))
        _TABLES[name] = bytes(out)
    return _TABLES[name]


def colour_at(name: str, value: int) -> tuple[int, int, int]:
    """The RGB colour of byte ``value`` under colour map ``name`` ("rgb": gray)."""
    table = colour_table("gray" if name == "rgb" else name)
    return table[3 * value], table[3 * value + 1], table[3 * value + 2]


def pil_image(panel: dict[str, Any], scale: int = 1) -> Any:
    """A Pillow RGB image of the panel, each pixel a ``scale``×``scale`` square."""
    from PIL import Image

    raw = base64.b64decode(panel["pixels"])
    size = (panel["width"], panel["height"])
    if panel["channels"] == 3:
        image = Image.frombytes("RGB", size, raw)
    else:  # colour through a palette: done in C, not a Python loop over the pixels
        image = Image.frombytes("L", size, raw).convert("P")
        image.putpalette(colour_table(panel["cmap"] if panel["cmap"] != "rgb" else "gray"))
        image = image.convert("RGB")
    if scale > 1:
        image = image.resize((panel["width"] * scale, panel["height"] * scale), Image.Resampling.NEAREST)
    return image


def enlarge_to(panel: dict[str, Any], side: int) -> int:
    """The whole-number nearest-neighbour factor that brings the panel's longer side near ``side``."""
    return max(1, side // max(panel["width"], panel["height"]))


def figure_image(figure: dict[str, Any], side: int = 160, gap: int = 6) -> Any:
    """One Pillow image of the whole figure: its panels in a grid, each enlarged near ``side``."""
    from PIL import Image

    tiles = [pil_image(p, enlarge_to(p, side)) for p in figure["panels"]]
    columns = max(1, min(figure.get("columns") or len(tiles), len(tiles)))
    rows = (len(tiles) + columns - 1) // columns
    cell_w = max(t.width for t in tiles)
    cell_h = max(t.height for t in tiles)
    sheet = Image.new("RGB", (columns * cell_w + (columns - 1) * gap, rows * cell_h + (rows - 1) * gap),
                      (255, 255, 255))
    for i, tile in enumerate(tiles):
        r, c = divmod(i, columns)
        sheet.paste(tile, (c * (cell_w + gap), r * (cell_h + gap)))
    return sheet


def figure_png(figure: dict[str, Any], side: int = 160) -> bytes:
    """The figure as PNG bytes (for files, Anki media and data URIs)."""
    buffer = io.BytesIO()
    figure_image(figure, side).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _number(x: float) -> str:
    return f"{x:.3g}".replace("-", "−")


def legend(figure: dict[str, Any]) -> str:
    """One line saying what the colours mean: value range, colour map, NaN/Inf, subsampling."""
    first = figure["panels"][0]
    parts = []
    if first["cmap"] == "rgb":
        parts.append("RGB")
    if first["low"] is not None and first["high"] is not None:
        name = {"rgb": "", "gray": "black → white", "viridis": "purple → yellow",
                "diverging": "blue → white → red"}[first["cmap"]]
        parts.append(f"{_number(first['low'])} … {_number(first['high'])}" + (f" ({name})" if name else ""))
    elif first["cmap"] != "rgb":
        parts.append("0 … 255 (bytes)")
    bad = sum(p["nonfinite"] for p in figure["panels"])
    if bad:
        parts.append(f"{bad} NaN/Inf value{'s' if bad != 1 else ''} drawn at the low end")
    scaled = [p["scaled_from"] for p in figure["panels"] if p["scaled_from"]]
    if scaled:
        h, w = scaled[0]
        parts.append(f"subsampled from {h}×{w}")
    sizes = {(p["height"], p["width"]) for p in figure["panels"]}
    if len(sizes) == 1:
        h, w = sizes.pop()
        parts.insert(0, f"{len(figure['panels'])} × {h}×{w}" if len(figure["panels"]) > 1 else f"{h}×{w}")
    return " · ".join(parts)


def describe(figure: dict[str, Any]) -> str:
    """Caption, panel labels and legend in one line of text (plain mode, exports' alt text)."""
    labels = [p["label"] for p in figure["panels"] if p["label"]]
    text = figure["caption"] or "image"
    if labels:
        text += " [" + ", ".join(labels) + "]"
    return f"{text} — {legend(figure)}"
