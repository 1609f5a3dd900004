"""Scanning text in which a backslash escapes the next character: GIFT (`\\{` is a literal
brace), LaTeX in notebooks (`\\{` inside a macro body) and textmath's token lists.

Below the importers and textmath in the layers, so both use the same brace matching; it
imports nothing of quizapp.
"""

from __future__ import annotations

from collections.abc import Sequence


def find_unescaped(text: str, chars: str, start: int = 0) -> int:
    """Index of the first of ``chars`` at or after ``start`` not preceded by a backslash
    escape, or -1."""
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in chars:
            return i
        i += 1
    return -1


def matching_brace(text: Sequence[str], start: int) -> int:
    """Index just past the `}` that closes the `{` at ``start``, or -1 when it is never closed.

    ``text`` is a string or a list of tokens; an item that is a lone backslash escapes the next
    one (in a string, `\\}` is no brace; a token list already holds `\\}` as one token)."""
    depth = 0
    i = start
    while i < len(text):
        item = text[i]
        if item == "\\":
            i += 2
            continue
        if item == "{":
            depth += 1
        elif item == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1
