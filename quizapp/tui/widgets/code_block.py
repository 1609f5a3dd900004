"""Python code, syntax-highlighted in the app's theme, with a caption saying whether it runs."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from quizapp.terminal_text import visible_code


class CodeBlock(Static):
    """A block of Python; ``caption`` goes in the border title (e.g. "setup · shown, not run")."""

    def __init__(self, code: str = "", caption: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_code(code, caption)

    def set_code(self, code: str, caption: str = "") -> None:
        if code:
            # pygments is imported on the first card that has code, not at start-up.
            from textual.highlight import highlight

            # Shown as it runs: what would reorder or hide characters ("Trojan Source") escaped.
            self.update(highlight(visible_code(code), language="python"))
        else:
            self.update("")
        self.border_title = caption
        self.display = bool(code)
