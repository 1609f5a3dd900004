"""Hand-made figures (the format `quizapp.snippets.images` produces), for tests without torch."""

from __future__ import annotations

import base64


def panel(width: int, height: int, data: list[int], cmap: str, low: float | None, high: float | None,
          label: str = "", channels: int = 1) -> dict:
    return {"width": width, "height": height, "channels": channels, "cmap": cmap, "low": low, "high": high,
            "pixels": base64.b64encode(bytes(data)).decode(), "label": label, "nonfinite": 0,
            "scaled_from": None}


KERNEL = {"caption": "vertical-edge kernel", "columns": 1,
          "panels": [panel(3, 3, [0, 128, 255] * 3, "diverging", -1.0, 1.0)]}
MASK = [255 if (i * 7 + j) % 3 else 0 for i in range(7) for j in range(7)]
GRADIENT = [v for y in range(16) for x in range(16) for v in (x * 16, y * 16, 128)]
GRID = {"caption": "a dropout mask, what it keeps, a colour picture", "columns": 3, "panels": [
    panel(7, 7, MASK, "gray", 0.0, 1.0, "mask"),
    panel(7, 7, MASK[::-1], "viridis", 0.0, 2.0, "kept ×2"),
    panel(16, 16, GRADIENT, "rgb", 0.0, 1.0, "RGB", channels=3),
]}
