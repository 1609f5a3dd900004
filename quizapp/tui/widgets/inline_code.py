"""Text with Markdown's inline code (`x`) shown as code — no literal backticks — where a
widget shows plain text, not Markdown (choices, the verdict). Plain mode drops the backticks
the same way (`quizapp.plain.markdown_text`)."""

from __future__ import annotations

import re

from textual.content import Content

_CODE = re.compile(r"`([^`\n]+)`")


def with_code(text: str, style: str = "") -> Content:
    """``text`` as Content: code spans styled as code, everything else taken literally (a
    choice's own brackets are never read as markup)."""
    parts: list[Content] = []
    pos = 0
    for match in _CODE.finditer(text):
        parts.append(Content(text[pos:match.start()]))
        parts.append(Content.from_markup("[bold $accent]$code[/]", code=match.group(1)))
        pos = match.end()
    parts.append(Content(text[pos:]))
    content = Content.assemble(*parts)
    return content.stylize(style) if style else content
