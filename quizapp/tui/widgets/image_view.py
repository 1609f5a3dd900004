"""A demonstration's image: caption, panels in a grid, and a legend with the value range.

Drawn with textual-image (Kitty graphics, Sixel, or Unicode half blocks: see `graphics.py`).
Each panel is enlarged by a whole factor with nearest-neighbour, so a 3×3 kernel is nine crisp
squares; panels too big for the card are shrunk to fit. The pictures are prepared in a thread
(Pillow, colour maps) and mounted when ready: the card can be graded meanwhile.
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from quizapp.pixels import colour_at, legend

MAX_TILE_COLUMNS = 64  # a panel never takes more than this many columns, however wide the card
MAX_FACTOR = 6  # one value of a tiny tensor (a 3×3 kernel) is at most 6 columns × 3 rows


def tile_size(width: int, height: int, room_w: int, room_h: int) -> tuple[int, int]:
    """The size in half-block pixels (1 column × ½ row each) a ``width``×``height`` panel gets
    in ``room_w`` columns × ``room_h`` rows: a whole-number enlargement when it fits, else
    shrunk keeping its proportions."""
    room_w, room_h = max(room_w, 1), max(2 * room_h, 2)
    factor = min(room_w // width, room_h // height, MAX_FACTOR)
    if factor >= 1:
        return width * factor, height * factor
    scale = min(room_w / width, room_h / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def colour_bar(cmap: str, cells: int = 16) -> Text:
    """A row of coloured blocks from the low end of ``cmap`` to the high end."""
    bar = Text()
    for i in range(cells):
        r, g, b = colour_at(cmap, round(i * 255 / (cells - 1)))
        bar.append("█", style=f"rgb({r},{g},{b})")
    return bar


class ImageView(Vertical):
    """One figure of a demonstration (see `quizapp.snippets.images` for its format)."""

    DEFAULT_CSS = """
    ImageView { height: auto; margin: 1 0 0 0; }
    ImageView .image-caption { text-style: bold; }
    ImageView .image-row { height: auto; width: auto; }
    ImageView .image-tile { height: auto; width: auto; margin: 0 2 0 0; }
    ImageView .image-label, ImageView .image-legend { color: $text-muted; }
    ImageView .image-picture { width: auto; height: auto; }
    """

    def __init__(self, figure: dict[str, Any], protocol: str = "halfcell", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.figure = figure
        self.protocol = protocol
        self.mounted_at: float | None = None  # monotonic time the figure arrived on screen (caption)
        self.shown_at: float | None = None  # monotonic time the pictures were mounted

    def compose(self) -> ComposeResult:
        if self.figure.get("caption"):
            yield Static(self.figure["caption"], classes="image-caption", markup=False)
        yield Static("drawing…", classes="image-pending")
        line = Text()
        if self.figure["panels"][0]["cmap"] != "rgb":
            line.append_text(colour_bar(self.figure["panels"][0]["cmap"]))
            line.append(" ")
        line.append(legend(self.figure))
        yield Static(line, classes="image-legend")

    def on_mount(self) -> None:
        self.mounted_at = time.monotonic()
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        width = self.content_size.width or max(20, self.app.size.width - 6)
        rows = max(8, self.app.size.height // 2)
        self.run_worker(lambda: self._prepare(width, rows), thread=True, group="images", exit_on_error=False)

    def _prepare(self, width: int, rows: int) -> None:
        try:
            self._prepare_tiles(width, rows)
        except Exception as exc:  # noqa: BLE001 - Pillow missing or a bug: a line, never a crash
            self.app.call_from_thread(self._failed, f"the image could not be drawn: {exc!r}"[:200])

    def _failed(self, message: str) -> None:
        for pending in self.query(".image-pending").results(Static):
            pending.update(message)
        self.shown_at = time.monotonic()

    def _prepare_tiles(self, width: int, rows: int) -> None:
        """In a thread: Pillow images of every panel, sized to ``width`` columns."""
        from PIL import Image

        from quizapp.pixels import pil_image
        from quizapp.tui.graphics import renderers

        kit = renderers()
        panels = self.figure["panels"]
        columns = self.figure["columns"]
        room_w = min(MAX_TILE_COLUMNS, (width - 2 * (columns - 1)) // columns)
        tiles = []
        for panel in panels:
            w, h = tile_size(panel["width"], panel["height"], room_w, rows)
            picture = pil_image(panel)
            cells_w, cells_h = w, (h + 1) // 2
            if self.protocol == "halfcell":
                resample = Image.Resampling.NEAREST if w >= panel["width"] else Image.Resampling.BOX
                picture = picture.resize((w, 2 * cells_h), resample)
            else:  # the terminal gets real pixels: enlarge crisply to the cells it covers
                cw, ch = kit.cell_size
                picture = picture.resize((cells_w * cw, cells_h * ch), Image.Resampling.NEAREST)
            tiles.append((picture, cells_w, cells_h, panel["label"]))
        self.app.call_from_thread(self._show, tiles, columns, kit)

    def _show(self, tiles: list[tuple[Any, int, int, str]], columns: int, kit: Any) -> None:
        pending = self.query(".image-pending")
        rows = []
        for start in range(0, len(tiles), columns):
            row = Horizontal(classes="image-row")
            cells = []
            for picture, w, h, label in tiles[start : start + columns]:
                if self.protocol == "tgp":
                    shown: Any = kit.TGPImage(picture, classes="image-picture")
                elif self.protocol == "sixel":
                    shown = kit.SixelImage(picture, classes="image-picture")
                else:
                    shown = Static(kit.halfcell(picture, width=w, height=h), classes="image-picture")
                shown.styles.width, shown.styles.height = w, h
                tile = Vertical(classes="image-tile")
                tile.styles.width = max(w, len(label))
                cells.append((tile, shown, label))
            rows.append((row, cells))
        for row, cells in rows:
            self.mount(row, before=self.query_one(".image-legend"))
            for tile, shown, label in cells:
                row.mount(tile)
                tile.mount(shown)
                if label:
                    tile.mount(Static(label, classes="image-label", markup=False))
        pending.remove()
        self.shown_at = time.monotonic()
