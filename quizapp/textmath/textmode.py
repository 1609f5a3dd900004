"""Text inside math (`\\text{s.t.}`, `\\operatorname{softmax}`): words as written.

Spaces count here, unlike in math; `$…$` inside the text is math again.
"""

from __future__ import annotations

from quizapp.textmath import symbols as sym
from quizapp.textmath.alphabets import alphabet
from quizapp.textmath.tokens import group_end

_TEXT_SYMBOLS = {
    **sym.ORD, **sym.GREEK, "textendash": "–", "textemdash": "—", "textquoteleft": "‘",
    "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”", "ldots": "…",
    "textellipsis": "…", "textdegree": "°", "textbullet": "•", "textperiodcentered": "·",
    "texttimes": "×", "ss": "ß", "ae": "æ", "oe": "œ", "o": "ø", "aa": "å", "i": "ı",
    "l": "ł", "textless": "<", "textgreater": ">", "textbar": "|",
}
_WRAPPERS = {"textbf": "bold", "textit": None, "emph": None, "textrm": None, "text": None,
             "textsf": None, "texttt": None, "textup": None, "mathrm": None}


def render_text(tokens: list[str], style: str | None, inline: bool) -> str:
    """The text of a `\\text{…}` argument, in the alphabet `style` (None: as written)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token in ("{", "}"):
            continue
        if token == "$":
            end = tokens.index("$", i) if "$" in tokens[i:] else len(tokens)
            from quizapp.textmath.convert import render_tokens

            out.append(render_tokens(tokens[i:end], inline=True))
            i = end + 1
            continue
        if token.startswith("\\") and len(token) > 1:
            name = token[1:]
            if name in _WRAPPERS and i < len(tokens) and tokens[i] == "{":
                j = group_end(tokens, i)
                out.append(render_text(tokens[i + 1:j - 1], _WRAPPERS[name] or style, inline))
                i = j
            elif name in sym.SPACES or name == "\\":
                out.append(" " if sym.SPACES.get(name, 1) else "")
            else:
                out.append(_TEXT_SYMBOLS.get(name, ""))
            continue
        out.append(" " if token == "~" else token)
    text = "".join(out).replace("---", "—").replace("--", "–").replace("``", "“")
    text = text.replace("''", "”")
    if style:
        table = alphabet(style)
        text = "".join(table.get(c, c) for c in text)
    return text
