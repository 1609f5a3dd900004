"""Python code, syntax-highlighted in the app's theme, with a caption saying whether it runs.

A line wider than the block wraps as code viewers wrap it: the rest goes on continuation lines
marked ``↪`` and indented past the line's own indent, so it never reads as a new line of code
(`# a path graph 0 - 1 - ... -` / `10` did, at 80 columns).
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from quizapp.terminal_text import visible_code

CONTINUATION = "↪ "


def wrap_code(code: Content, width: int) -> list[Content]:
    """``code`` cut into lines of at most ``width`` cells, continuations marked."""
    out: list[Content] = []
    for line in code.split("\n"):
        if width < 12 or line.cell_length <= width:
            out.append(line)
            continue
        indent = min(len(line.plain) - len(line.plain.lstrip(" ")) + 2, width // 2)
        marker = Content(" " * indent + CONTINUATION).stylize("dim")
        room = width - marker.cell_length
        out.append(line[:width])
        rest = line[width:]
        while rest.cell_length:
            out.append(Content.assemble(marker, rest[:room]))
            rest = rest[room:]
    return out


class CodeBlock(Widget):
    """A block of Python; ``caption`` goes in the border title (e.g. "setup · shown, not run")."""

    DEFAULT_CSS = "CodeBlock { height: auto; }"

    def __init__(self, code: str = "", caption: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._code = Content("")
        self._source = ""
        self.set_code(code, caption)

    @property
    def content(self) -> str:
        """The code shown (before highlighting and wrapping), as `Static.content`: hidden and
        reordering characters escaped, as on screen."""
        return visible_code(self._source)

    def set_code(self, code: str, caption: str = "") -> None:
        if code:
            # pygments is imported on the first card that has code, not at start-up.
            from textual.highlight import highlight

            # Shown as it runs: what would reorder or hide characters ("Trojan Source") escaped.
            self._code = highlight(visible_code(code), language="python")
        else:
            self._code = Content("")
        self._source = code
        self.border_title = caption
        self.display = bool(code)
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap_code(self._code, width)) if self._source else 0

    def render(self) -> Content:
        return Content("\n").join(wrap_code(self._code, self.content_size.width))
