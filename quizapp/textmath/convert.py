"""One LaTeX math expression → readable Unicode text for a terminal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from quizapp.textmath import symbols as sym
from quizapp.textmath.atoms import join
from quizapp.textmath.environments import layout_rows, split_rows
from quizapp.textmath.macros import Macro, compile_macros, expand
from quizapp.textmath.parser import Parser
from quizapp.textmath.tokens import tokenize

_NO_MACROS: Mapping[str, str] = {}


def latex_to_unicode(latex: str, macros: Mapping[str, str] = _NO_MACROS, *,
                     inline: bool = False) -> str:
    """Render one math expression (without its `$` delimiters) as Unicode text.

    `macros` are the bank's (`{"vec": "\\\\boldsymbol{#1}"}`), expanded first.
    Environments (`aligned`, `pmatrix`, `cases`) and `\\\\` give several lines, unless
    `inline` is true: then rows are joined with `; ` on one line.

    Never raises: LaTeX it cannot make sense of comes back as the source, lightly cleaned.
    """
    try:
        table = compile_macros(macros)
        return render_tokens(expand(tokenize(latex), table), inline=inline)
    except Exception:  # noqa: BLE001 - a formula must never take a card down with it
        return clean_source(latex)


def render_with_table(latex: str, table: dict[str, Macro], *, inline: bool) -> str:
    """Like `latex_to_unicode`, with a macro table that `\\newcommand`s in `latex` add to."""
    try:
        return render_tokens(expand(tokenize(latex), table), inline=inline)
    except Exception:  # noqa: BLE001 - as in latex_to_unicode: a formula never takes a card down
        return clean_source(latex)


def render_tokens(tokens: list[str], *, inline: bool) -> str:
    """Rendered text of already expanded tokens (may raise on runaway nesting)."""
    atoms = Parser(tokens, inline=inline).sequence()
    if any(a.cls in ("newline", "amp") for a in atoms):
        # Rows at the top level (`$$a \\ b$$`, `$$x &= y$$`): lay out like `aligned`.
        atom = layout_rows(split_rows(atoms), "aligned", "", inline)
    else:
        atom = join(atoms)
    if atom.lines and not inline:
        text = "\n".join(line.rstrip() for line in atom.lines)
    else:
        text = atom.text.strip()
    # Precomposed characters (ŷ rather than y + ◌̂) render better in terminal fonts.
    return unicodedata.normalize("NFC", text)


_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_SIZING = re.compile(r"\\(?:left|right|middle|[bB]igg?[lrm]?)\b\s*")


def clean_source(latex: str) -> str:
    """The source made a little easier to read: known symbols as characters, no braces."""
    try:
        text = _SIZING.sub("", latex)

        def symbol(match: re.Match[str]) -> str:
            name = match.group(1)
            for table in (sym.GREEK, sym.ORD, sym.BIN, sym.REL, sym.LARGE_OPS, sym.FUNCTIONS):
                if name in table:
                    return table[name]
            return " " if name in sym.SPACES else name

        text = _COMMAND.sub(symbol, text).replace("{", "").replace("}", "")
        return re.sub(r"[ \t]+", " ", text).strip()
    except Exception:  # noqa: BLE001 - last resort: the source itself
        return latex
