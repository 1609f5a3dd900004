"""Demonstrations' images in exported decks: PNG media for Anki, data-URI ``<img>`` for Moodle.

The images come from running the demos (the CLI does that, with the snippet engine, before
exporting); here they are only encoded. Keys: a question id, or ``question/statement``.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from quizapp.pixels import describe, figure_png

Figures = Mapping[str, Sequence[dict[str, Any]]]


def _figure_html(src: str, figure: dict[str, Any]) -> str:
    text = html.escape(describe(figure))
    caption = html.escape(figure.get("caption") or "")
    img = f'<img src="{src}" alt="{text}" title="{text}">'
    return f"<div class=\"quizapp-image\">{img}<br><small>{caption}</small></div>" if caption else f"<div>{img}</div>"


def anki_media(bank_id: str, key: str, figures: Sequence[dict[str, Any]], folder: Path) -> tuple[str, list[Path]]:
    """HTML for a card's back and the PNG files it names, written into ``folder``.

    Anki keeps all media of a collection in one folder: names carry the bank, the card and a
    hash of the pixels, so re-exporting replaces a changed picture instead of keeping both.
    """
    parts, files = [], []
    for i, figure in enumerate(figures, 1):
        png = figure_png(figure)
        digest = hashlib.sha256(png).hexdigest()[:10]
        name = f"quizapp-{bank_id}-{key.replace('/', '-')}-{i}-{digest}.png"
        path = folder / name
        path.write_bytes(png)
        files.append(path)
        parts.append(_figure_html(html.escape(name), figure))
    return "\n".join(parts), files


def data_uri_html(figures: Sequence[dict[str, Any]]) -> str:
    """The figures as ``<img>`` tags with the PNG inline (Moodle stores the question whole)."""
    return "\n".join(_figure_html("data:image/png;base64," + base64.b64encode(figure_png(f)).decode("ascii"), f)
                     for f in figures)
