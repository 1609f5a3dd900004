"""Bank Markdown -> the HTML Anki fields hold, with `$…$` / `$$…$$` as MathJax `\\(…\\)` /
`\\[…\\]` (math is set aside before the Markdown renderer can touch its `_` and `\\`)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_DISPLAY = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]+?)(?<=\S)(?<!\\)\$(?!\d)")
_TOKEN = re.compile(r"QZMATH(\d+)QZ")


@lru_cache(maxsize=1)
def _renderer() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "breaks": False}).enable("table")


def split_math(text: str) -> tuple[str, list[str]]:
    """Replace math by ``QZMATHnQZ`` tokens; return the text and the MathJax HTML of each."""
    spans: list[str] = []

    def keep(open_: str, close: str) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            spans.append(f"{open_}{html.escape(match.group(1).strip(), quote=False)}{close}")
            return f"QZMATH{len(spans) - 1}QZ"
        return replace

    text = _DISPLAY.sub(keep("\\[", "\\]"), text)
    text = _INLINE.sub(keep("\\(", "\\)"), text)
    return text, spans


def markdown_to_html(text: str) -> str:
    """Render bank Markdown for an Anki field."""
    if not text.strip():
        return ""
    protected, spans = split_math(text)
    rendered = _renderer().render(protected).strip()
    # One paragraph needs no <p>: Anki fields read better without the extra margin.
    if rendered.count("<p>") == 1 and rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return _TOKEN.sub(lambda m: spans[int(m.group(1))], rendered)


def code_to_html(code: str) -> str:
    return f"<pre><code>{html.escape(code.rstrip())}</code></pre>"
