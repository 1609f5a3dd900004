"""Expand a bank's macros (and `\\newcommand`s written in the math itself) before rendering.

A bank declares `macros: {vec: '\\boldsymbol{#1}', pderiv: '\\frac{\\partial #1}{\\partial #2}'}`;
a macro takes as many arguments as the highest `#n` in its body. Expansion is repeated, so
macros may use other macros, but bounded: a macro that expands to itself, or one whose
expansion doubles at every step, stops at the budget and the rest is rendered as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from quizapp.textmath.tokens import tokenize

MAX_EXPANSIONS = 2_000
MAX_TOKENS = 50_000
_DEFINERS = {"\\newcommand", "\\renewcommand", "\\providecommand", "\\def",
             "\\DeclareMathOperator"}


class Macro(NamedTuple):
    """A macro: its argument count, the default of an optional first argument, its body."""

    nargs: int
    default: tuple[str, ...] | None
    body: tuple[str, ...]


def _arg_count(body: tuple[str, ...]) -> int:
    return max((int(t[1]) for t in body if len(t) == 2 and t[0] == "#"), default=0)


@lru_cache(maxsize=64)
def _compile(items: tuple[tuple[object, object], ...]) -> dict[str, Macro]:
    table = {}
    for key, value in items:
        name = str(key).strip().lstrip("\\")
        if name:
            tokens = tuple(tokenize(str(value)))
            table["\\" + name] = Macro(_arg_count(tokens), None, tokens)
    return table


def compile_macros(macros: Mapping[str, str]) -> dict[str, Macro]:
    """The bank's `macros` mapping as a table of `Macro`s keyed by `\\name` (cached).

    The result is a fresh dict: `\\newcommand`s met while expanding may add to it.
    """
    if not macros:
        return {}
    items = tuple(macros.items())
    try:
        return dict(_compile(items))
    except TypeError:  # an unhashable value: compile without the cache
        return dict(_compile.__wrapped__(items))


class _Stream:
    """Tokens read from the end of a list, so that an expansion is pushed back cheaply."""

    def __init__(self, tokens: list[str]) -> None:
        self.stack = tokens[::-1]

    def peek(self) -> str | None:
        return self.stack[-1] if self.stack else None

    def pop(self) -> str | None:
        return self.stack.pop() if self.stack else None

    def skip_spaces(self) -> None:
        while self.stack and self.stack[-1] == " ":
            self.stack.pop()

    def push(self, tokens: list[str] | tuple[str, ...]) -> None:
        self.stack.extend(reversed(tokens))

    def argument(self) -> list[str]:
        """One argument: a braced group (without its braces) or a single token."""
        self.skip_spaces()
        first = self.pop()
        if first is None:
            return []
        if first != "{":
            return [first]
        return self._until("}")

    def optional(self) -> list[str] | None:
        """A `[…]` argument if one comes next, else None."""
        self.skip_spaces()
        if self.peek() != "[":
            return None
        self.pop()
        return self._until("]")

    def _until(self, closer: str) -> list[str]:
        out: list[str] = []
        depth = 0
        while self.stack:
            token = self.stack.pop()
            if depth == 0 and token == closer:
                return out
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
            out.append(token)
        return out


def _define(definer: str, stream: _Stream, table: dict[str, Macro]) -> None:
    """Read a `\\newcommand`-style definition from the stream into `table`."""
    name_tokens = stream.argument()
    name = next((t for t in name_tokens if t.startswith("\\")), None)
    if definer == "\\def":
        params: list[str] = []
        while (token := stream.peek()) is not None and token != "{":
            params.append(token)
            stream.pop()
        body = tuple(stream.argument())
        if name:
            table[name] = Macro(_arg_count(tuple(params)), None, body)
        return
    if definer == "\\DeclareMathOperator":
        if stream.peek() == "*":
            stream.pop()
        text = stream.argument()
        if name:
            table[name] = Macro(0, None, ("\\operatorname", "{", *text, "}"))
        return
    count = stream.optional()
    default = stream.optional()
    body = tuple(stream.argument())
    nargs = int("".join(count)) if count and "".join(count).isdigit() else _arg_count(body)
    if name and not (definer == "\\providecommand" and name in table):
        table[name] = Macro(nargs, tuple(default) if default is not None else None, body)


def expand(tokens: list[str], table: dict[str, Macro]) -> list[str]:
    """`tokens` with every macro in `table` expanded; definitions found add to `table`."""
    if not any(t in table or t in _DEFINERS for t in tokens if t[0] == "\\"):
        return tokens  # nothing to expand: the common case, kept fast
    stream = _Stream(tokens)
    out: list[str] = []
    expansions = 0
    budget_left = True
    while True:
        token = stream.pop()
        if token is None:
            return out
        if token in _DEFINERS and budget_left:
            _define(token, stream, table)
            continue
        macro = table.get(token) if budget_left else None
        if macro is None:
            out.append(token)
            continue
        args: list[list[str]] = []
        if macro.default is not None:
            optional = stream.optional()
            args.append(list(macro.default) if optional is None else optional)
        while len(args) < macro.nargs:
            args.append(stream.argument())
        body: list[str] = []
        for t in macro.body:
            if len(t) == 2 and t[0] == "#" and t[1].isdigit():
                index = int(t[1]) - 1
                body.extend(args[index] if index < len(args) else ())
            else:
                body.append(t)
        stream.push(body)
        expansions += 1
        if expansions >= MAX_EXPANSIONS or len(stream.stack) + len(out) > MAX_TOKENS:
            budget_left = False
