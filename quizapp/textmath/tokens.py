"""Split LaTeX math into tokens: plain strings, which keeps expansion and parsing fast.

A token is one of: a control sequence (`\\alpha`, `\\,`, `\\\\`, `\\{`), a macro parameter
(`#1`), a single space `" "` standing for any run of whitespace, or one other character
(`{`, `}`, `_`, `^`, `&`, `x`, `+`, …).

`%` stays a literal percent sign: in a bank's Markdown, `$50%$` means fifty percent, never a
LaTeX comment that would swallow the rest of the line.
"""

from __future__ import annotations

import re

from quizapp.unescaped import matching_brace

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\\$|#[1-9]|\s+|.", re.S)


def tokenize(latex: str) -> list[str]:
    """Tokens of `latex`; whitespace after a control word is dropped, as TeX does."""
    tokens: list[str] = []
    after_word = False
    for match in _TOKEN.finditer(latex):
        token = match.group()
        if token[0].isspace():
            if not after_word:
                tokens.append(" ")
            after_word = False
            continue
        tokens.append(token)
        after_word = token[0] == "\\" and token[1:2].isalpha()
    return tokens


def is_command(token: str) -> bool:
    """True for a control sequence such as `\\frac` or `\\,`."""
    return len(token) > 1 and token[0] == "\\"


def group_end(tokens: list[str], start: int) -> int:
    """Index just past the `}` matching the `{` at `start` (or len(tokens) if unbalanced)."""
    end = matching_brace(tokens, start)
    return len(tokens) if end == -1 else end


def untokenize(tokens: list[str]) -> str:
    """Tokens back into LaTeX source (a space after control words keeps them separate)."""
    out = []
    for i, token in enumerate(tokens):
        out.append(token)
        if (
            token[0] == "\\"
            and token[1:].isalpha()
            and i + 1 < len(tokens)
            and tokens[i + 1][:1].isalpha()
        ):
            out.append(" ")
    return "".join(out)
