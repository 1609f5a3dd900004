"""PNG files of demonstrations' images, for front ends that cannot draw them (plain mode)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from quizapp.pixels import figure_png


class PngFolder:
    """A temporary folder made on the first image; files numbered in the order shown.

    The folder is left in place when the session ends: the paths printed must stay valid for
    the user to open them (the system's temporary folder is cleaned by the system).
    """

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.count = 0

    def write(self, figure: dict[str, Any]) -> Path:
        """Write ``figure`` as the next PNG; its path."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="quizapp-images-"))
        self.count += 1
        path = self.folder / f"image-{self.count:03d}.png"
        path.write_bytes(figure_png(figure))
        return path
