"""Where the code is in Markdown, so that math rendering leaves it exactly as written.

A light scanner, not a full CommonMark parser: fenced blocks (``` and ~~~, also inside
quotes), indented code blocks (not mistaken for the continuation lines of a list item),
and code spans with CommonMark's rule that only a backtick run of the same length closes one.
"""

from __future__ import annotations

import re

_FENCE_OPEN = re.compile(r"^(?P<prefix>(?:[ \t]*>)*[ \t]{0,3})(?P<fence>`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def split_code_blocks(markdown: str) -> list[tuple[bool, str]]:
    """The text cut into (is_code, chunk) pieces: fenced and indented code vs the rest."""
    pieces: list[tuple[bool, str]] = []
    current: list[str] = []
    current_code = False
    fence: str | None = None
    prev_blank = True
    in_list = False
    indented_code = False

    def switch(is_code: bool) -> None:
        nonlocal current, current_code
        if is_code != current_code and current:
            pieces.append((current_code, "".join(current)))
            current = []
        current_code = is_code

    for line in markdown.splitlines(keepends=True):
        stripped = line.strip()
        if fence is not None:
            switch(True)
            current.append(line)
            match = _FENCE_OPEN.match(line)
            if match and match.group("fence")[0] == fence[0] and (
                len(match.group("fence")) >= len(fence)
                and not line[match.end():].strip()
            ):
                fence = None
            continue
        match = _FENCE_OPEN.match(line)
        if match:
            fence = match.group("fence")
            indented_code = False
            switch(True)
            current.append(line)
            prev_blank = False
            continue
        indented = line.startswith(("    ", "\t")) and bool(stripped)
        if indented and not in_list and (prev_blank or indented_code):
            indented_code = True
            switch(True)
            current.append(line)
            continue
        if indented_code and not stripped:
            current.append(line)  # a blank line inside an indented code block
            continue
        indented_code = False
        if stripped and not line[:1].isspace():
            in_list = bool(_LIST_ITEM.match(line))
        elif _LIST_ITEM.match(line):
            in_list = True
        switch(False)
        current.append(line)
        prev_blank = not stripped
    if current:
        pieces.append((current_code, "".join(current)))
    return pieces


def copy_code_span(text: str, start: int, out: list[str]) -> int:
    """Copy a code span verbatim (or its backticks, if it never closes); return where next."""
    run = _backtick_run(text, start)
    ticks = text[start:start + run]
    search = start + run
    while True:
        k = text.find(ticks, search)
        if k < 0:
            out.append(ticks)
            return start + run
        closing = _backtick_run(text, k)
        if closing != run:  # only a run of the same length closes the span
            search = k + closing
            continue
        end = k + run
        out.append(text[start:end])
        return end


def _backtick_run(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] == "`":
        end += 1
    return end - start
