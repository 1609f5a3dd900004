"""Markdown read as plain text: what plain mode prints (screen readers read it aloud)."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_BLOCK_START = re.compile(r"^\s*([-*+] |\d+[.)] |#|>|\|)")  # list items, headings, quotes, tables


def plain_text(markdown: str) -> str:
    """Markdown as plain text for reading aloud: no backticks, stars or escapes; lines of one
    paragraph joined (as Markdown does); fenced blocks (code, display math) indented."""
    out: list[str] = []
    fenced = False
    joinable = False  # the last line is running paragraph text
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            joinable = False
            continue
        if fenced:
            out.append("    " + line)
            continue
        line = _ESCAPE.sub(r"\1", _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), _CODE.sub(r"\1", line)))
        starts_block = not line.strip() or bool(_BLOCK_START.match(line))
        if joinable and not starts_block:
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        joinable = bool(line.strip()) and not line.startswith("    ")
    return "\n".join(out)
