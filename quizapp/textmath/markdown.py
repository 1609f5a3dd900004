"""Math in Markdown: every `$…$` and `$$…$$` rendered as Unicode, the rest left as written.

What counts as math follows Pandoc's `tex_math_dollars`, so prices stay prices: an opening
`$` must have a non-space character right after it, a closing `$` a non-space character right
before it and no digit right after it (`$5 and $10` is not math). `\\$` is a dollar sign.
Nothing inside code spans, fenced code or indented code blocks is touched.

Inline math is backslash-escaped where Markdown would read its characters as markup
(`*`, `_`, `|`, …), so Textual's Markdown widget shows them literally. Display math becomes a
fenced block of its own: Textual's Markdown collapses runs of spaces in paragraphs, and only
a fence keeps matrices and aligned equations lined up (and indents them, set apart).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from quizapp.textmath.code_regions import copy_code_span, split_code_blocks
from quizapp.textmath.convert import render_with_table
from quizapp.textmath.macros import Macro, compile_macros

_NO_MACROS: Mapping[str, str] = {}
# Quote markers and a list item's marker or indent at the start of a line.
_CONTAINER = re.compile(
    r"^(?P<quote>(?:[ \t]*>[ \t]?)*)(?P<item>[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)"
)
_INTERESTING = re.compile(r"[\\`$]")
_ESCAPE = re.compile(r"([\\`*_\[\]<>|~$#!&])")
_LINE_START_MARK = re.compile(r"^([-+=])|^(\d+)([.)])")
_TRAILING_PUNCT = re.compile(r"^[.,;:!?]+")


def render_markdown_math(markdown: str, macros: Mapping[str, str] = _NO_MACROS) -> str:
    """`markdown` with its math rendered as Unicode (see the module docstring). Never raises.

    `macros` are the bank's; a `\\newcommand` in one formula also applies to the later ones.
    """
    try:
        table = compile_macros(macros)
        out: list[str] = []
        for is_code, chunk in split_code_blocks(markdown):
            out.append(chunk if is_code else _render_text(chunk, table))
        return "".join(out)
    except Exception:  # noqa: BLE001 - a card must show even if our scanner has a bug
        return markdown


def find_math(markdown: str) -> list[tuple[str, bool]]:
    """Every formula in `markdown` as (latex, is_display), in order, code left out."""
    found: list[tuple[str, bool]] = []

    def inline(latex: str, out: list[str]) -> str:
        found.append((latex, False))
        return ""

    def display(latex: str, text: str, after: int, out: list[str]) -> int:
        found.append((latex, True))
        return after

    for is_code, chunk in split_code_blocks(markdown):
        if not is_code:
            _scan(chunk, inline, display)
    return found


def _render_text(text: str, table: dict[str, Macro]) -> str:
    """Render the math in a chunk of Markdown that holds no code blocks."""

    def inline(latex: str, out: list[str]) -> str:
        rendered = render_with_table(latex, table, inline=True)
        return escape_inline(rendered, at_line_start=_at_line_start(out))

    def display(latex: str, text: str, after: int, out: list[str]) -> int:
        return _emit_display(latex, text, after, out, table)

    return _scan(text, inline, display)


def _scan(text: str, inline: Callable[[str, list[str]], str],
          display: Callable[[str, str, int, list[str]], int]) -> str:
    """Walk the text, copying all but math; `inline` and `display` render the formulas.

    `inline(latex, out)` returns the text to put in its place; `display(latex, text, after,
    out)` writes to `out` itself and returns where the text goes on (it may take up what
    follows the closing `$$`, such as a full stop).
    """
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        match = _INTERESTING.search(text, i)
        if match is None:
            out.append(text[i:])
            break
        j = match.start()
        out.append(text[i:j])
        char = text[j]
        if char == "\\":
            out.append(text[j:j + 2])  # an escape such as \$ or \`: leave both characters
            i = j + 2
        elif char == "`":
            i = copy_code_span(text, j, out)
        elif text.startswith("$$", j):
            end = _find_unescaped(text, "$$", j + 2)
            if end < 0:
                out.append("$$")
                i = j + 2
            else:
                i = display(text[j + 2:end], text, end + 2, out)
        else:
            end = _inline_end(text, j)
            if end < 0:
                out.append("$")
                i = j + 1
            else:
                out.append(inline(text[j + 1:end], out))
                i = end + 1
    return "".join(out)


def _find_unescaped(text: str, needle: str, start: int) -> int:
    k = text.find(needle, start)
    while k >= 0 and _escaped(text, k):
        k = text.find(needle, k + 1)
    return k


def _escaped(text: str, index: int) -> bool:
    """True when an odd number of backslashes stand right before `index`."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _inline_end(text: str, start: int) -> int:
    """Index of the `$` closing inline math opened at `start`, or -1 (Pandoc's rules).

    One exception to Pandoc: Jupyter notebooks write `$ \\text{where:} $`, so spaces just
    inside both dollars are allowed when the inside is clearly LaTeX (a command, `_`, `^`).
    """
    if start + 1 >= len(text):
        return -1
    if text[start + 1].isspace():
        return _spaced_inline_end(text, start)
    k = start + 1
    while True:
        k = text.find("$", k)
        if k < 0:
            return -1
        if _escaped(text, k):
            k += 1
            continue
        # The next dollar must close it: "$5 and $10" are two prices, not one formula.
        if text[k - 1].isspace() or (k + 1 < len(text) and text[k + 1].isdigit()):
            return -1
        if re.search(r"\n[ \t]*\n", text[start + 1:k]):
            return -1  # math never runs across a blank line
        return k


def _spaced_inline_end(text: str, start: int) -> int:
    k = _find_unescaped(text, "$", start + 1)
    if k < 0 or not text[k - 1].isspace() or (k + 1 < len(text) and text[k + 1].isdigit()):
        return -1
    body = text[start + 1:k]
    if re.search(r"\n[ \t]*\n", body) or not re.search(r"\\[A-Za-z]|[_^]", body):
        return -1
    return k


def _current_line(out: list[str]) -> str:
    """What has been written so far on the current output line."""
    tail: list[str] = []
    for piece in reversed(out):
        if "\n" in piece:
            tail.append(piece.rsplit("\n", 1)[1])
            break
        tail.append(piece)
    return "".join(reversed(tail))


def _at_line_start(out: list[str]) -> bool:
    """True when nothing but container markup stands before this point on its line."""
    tail = _current_line(out)
    match = _CONTAINER.match(tail)
    return match is not None and match.end() == len(tail)


def escape_inline(text: str, *, at_line_start: bool = False) -> str:
    """Backslash-escape what Markdown would read as markup in rendered inline math."""
    escaped = _ESCAPE.sub(r"\\\1", text)
    if at_line_start:
        # "- x" or "1. x" at the start of a line would become a list item, "= x" a heading.
        escaped = _LINE_START_MARK.sub(
            lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3),
            escaped,
        )
    return escaped


def _emit_display(latex: str, text: str, after: int, out: list[str],
                  table: dict[str, Macro]) -> int:
    """Render `$$latex$$` as its own fenced block; return where the text continues."""
    head = _current_line(out)
    container = _CONTAINER.match(head)
    quote = container.group("quote") if container else ""
    item = container.group("item") if container else ""
    if head[len(quote):].lstrip().startswith("|"):
        # No block can sit in a table cell: keep the formula on its line.
        out.append(escape_inline(render_with_table(latex, table, inline=True)))
        return after
    rendered = render_with_table(latex, table, inline=False)
    rest_end = text.find("\n", after)
    rest_end = len(text) if rest_end < 0 else rest_end
    if not rendered.strip():  # only \newcommand definitions: nothing to show
        alone = not head.strip() and not text[after:rest_end].strip()
        return min(rest_end + 1, len(text)) if alone else after
    punct = _TRAILING_PUNCT.match(text[after:rest_end])
    lines = rendered.split("\n")
    if punct:
        lines[-1] += punct.group()
        after += punct.end()
    # Inside a list item or a quote, every line of the block carries the container's indent.
    prefix = quote + " " * len(item)
    ticks = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", rendered)), default=0))
    block = [ticks + "text"] + lines + [ticks]
    if container is None or container.end() != len(head):
        out.append("\n" + prefix)  # text before the formula: the block starts a new line
    out.append(("\n" + prefix).join(block) + "\n")
    remainder = text[after:rest_end]
    if remainder.strip():
        out.append(prefix)
        return after + (len(remainder) - len(remainder.lstrip()))
    return rest_end + 1 if rest_end < len(text) else rest_end
