"""Text cut to fit a column: ``cut("convolutional layers", 8) == "convolu…"`` — for the tables
of the home screen, the card browser and exam results, where a long title must not push the
numbers beside it out of view, and for one-line mentions of longer text (plain mode's exam
results, an import's notes, a snippet's error)."""

from __future__ import annotations


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, its end replaced by an ellipsis when cut
    (at least one character of it is kept, however narrow the column)."""
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def one_line(text: object) -> str:
    """``text`` on one line: every run of whitespace, line ends included, as one space (a typed
    or written answer shown in a table row)."""
    return " ".join(str(text).split())
