"""Read expanded LaTeX math tokens into rendered atoms.

Parsing and rendering are one pass: each construct is rendered as soon as it is read, and
what follows (a subscript, a fraction's second argument) works on the rendered atoms. The
parser is forgiving — a missing `}` closes at the end, a stray `}` or `\\right` is skipped — so
bad LaTeX still gives readable text; only runaway nesting raises `MathTooDeep`.
"""

from __future__ import annotations

from collections.abc import Callable

from quizapp.textmath import symbols as sym
from quizapp.textmath.alphabets import LOWERED, RAISED, to_subscript, to_superscript
from quizapp.textmath.atoms import Atom, effective_classes, join
from quizapp.textmath.tokens import is_command
from quizapp.unescaped import matching_brace

MAX_DEPTH = 120
_OPERATOR_CHARS = frozenset("+−=<>≤≥≠,;·×±∓∈/")

# Characters and their class when typed as they are.
_CHARS = {
    "+": ("+", "bin"), "-": ("−", "bin"), "*": ("∗", "bin"), "/": ("/", "ord"),
    "=": ("=", "rel"), "<": ("<", "rel"), ">": (">", "rel"), ":": (":", "rel"),
    ",": (",", "punct"), ";": (";", "punct"), "!": ("!", "close"), "?": ("?", "close"),
    "(": ("(", "open"), "[": ("[", "open"), ")": (")", "close"), "]": ("]", "close"),
    "|": ("|", "ord"), ".": (".", "ord"), "'": ("′", "ord"), "`": ("‘", "ord"),
}
_SIMPLE_CLASSES = (
    (sym.GREEK, "ord"), (sym.ORD, "ord"), (sym.BIN, "bin"), (sym.REL, "rel"),
    (sym.LARGE_OPS, "op"), (sym.FUNCTIONS, "func"),
)
_STANDALONE_DELIMS = {
    "\\langle": "open", "\\rangle": "close", "\\lvert": "open", "\\rvert": "close",
    "\\lVert": "open", "\\rVert": "close", "\\lfloor": "open", "\\rfloor": "close",
    "\\lceil": "open", "\\rceil": "close", "\\{": "open", "\\}": "close",
    "\\lbrace": "open", "\\rbrace": "close", "\\lbrack": "open", "\\rbrack": "close",
}


class MathTooDeep(Exception):
    """Nesting beyond MAX_DEPTH: the caller falls back to the cleaned source."""


class Parser:
    """One expression's tokens, read left to right into atoms."""

    def __init__(self, tokens: list[str], *, inline: bool = False) -> None:
        self.tokens = tokens
        self.pos = 0
        self.inline = inline
        self.depth = 0

    # -- reading tokens ---------------------------------------------------------------------

    def peek(self, offset: int = 0) -> str | None:
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else None

    def next(self) -> str | None:
        token = self.peek()
        if token is not None:
            self.pos += 1
        return token

    def skip_spaces(self) -> None:
        while self.peek() == " ":
            self.pos += 1

    def raw_group(self) -> list[str]:
        """The tokens of the next argument, unparsed: a `{…}` group's inside, or one token."""
        self.skip_spaces()
        token = self.next()
        if token is None:
            return []
        if token != "{":
            return [token]
        start = self.pos
        end = matching_brace(self.tokens, start - 1)
        self.pos = len(self.tokens) if end == -1 else end
        return self.tokens[start:] if end == -1 else self.tokens[start:end - 1]

    def raw_optional(self) -> list[str] | None:
        """The tokens of a `[…]` argument if one comes next, else None."""
        save = self.pos
        self.skip_spaces()
        if self.peek() != "[":
            self.pos = save
            return None
        self.pos += 1
        depth, start = 0, self.pos
        while self.pos < len(self.tokens):
            t = self.tokens[self.pos]
            self.pos += 1
            if t == "{":
                depth += 1
            elif t == "}":
                depth -= 1
            elif t == "]" and depth == 0:
                return self.tokens[start:self.pos - 1]
        self.pos = save
        return None

    def sub_parse(self, tokens: list[str]) -> list[Atom]:
        """Atoms of a separate token list (an argument), at one more level of nesting."""
        child = Parser(tokens, inline=self.inline)
        child.depth = self.depth + 1
        if child.depth > MAX_DEPTH:
            raise MathTooDeep
        return child.sequence()

    def argument(self) -> list[Atom]:
        """The atoms of the next argument."""
        return self.sub_parse(self.raw_group())

    # -- the grammar ------------------------------------------------------------------------

    def sequence(self, stop: tuple[str, ...] = ()) -> list[Atom]:
        """Atoms up to the end, or up to (not past) a token in `stop`."""
        atoms: list[Atom] = []
        spaced = False
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token in stop:
                break
            self.pos += 1
            if token == " ":
                spaced = True
                continue
            new = self.atom(token)
            if new:
                new[0].spaced = spaced
            spaced = False
            for item in new:
                atoms.append(self.scripts(item))
        return atoms

    def atom(self, token: str) -> list[Atom]:
        """The atoms one token (with the arguments it reads) renders as."""
        if is_command(token):
            from quizapp.textmath.commands import command

            return command(self, token)
        if token == "{":
            self.pos -= 1
            return [group_atom(self.argument())]
        if token == "}":
            return []  # stray closing brace: nothing to show
        if token in ("_", "^"):
            self.pos -= 1
            return [Atom("")]  # a script with nothing before it: attach to an empty base
        if token == "&":
            return [Atom("", "amp")]
        if token == "~":
            return [Atom("", "space", width=1)]
        if token.isdigit():
            return [self.number(token)]
        if token.isalpha():
            return [Atom(token, letter=token.isascii())]
        text, cls = _CHARS.get(token, (token, "ord"))
        return [Atom(text, cls)]

    def number(self, first: str) -> Atom:
        """Digits (and a decimal point between digits) as one atom: 0.81, 1024."""
        text = first
        while True:
            token = self.peek()
            if token is not None and token.isdigit():
                text += token
                self.pos += 1
            elif token == "." and (self.peek(1) or "").isdigit():
                text += "." + self.tokens[self.pos + 1]
                self.pos += 2
            else:
                return Atom(text)

    def scripts(self, base: Atom) -> Atom:
        """`base` with the primes, subscript and superscript that follow it."""
        primes = ""
        sub: list[Atom] | None = None
        sup: list[Atom] | None = None
        while True:
            token = self.peek()
            if token == "'":
                primes = {"": "′", "′": "″", "″": "‴"}.get(primes, primes + "′")
                self.pos += 1
            elif token == "_" and sub is None:
                self.pos += 1
                sub = self.script_argument()
            elif token == "^" and sup is None:
                self.pos += 1
                sup = self.script_argument()
            elif token == " " and self.peek(1) in ("_", "^", "'"):
                self.pos += 1
            else:
                break
        if not (primes or sub is not None or sup is not None):
            return base
        return attach_scripts(base, sub, sup, primes)

    def script_argument(self) -> list[Atom]:
        """A script's argument: a group, or one token with its own arguments (`_\\text{out}`)."""
        self.skip_spaces()
        token = self.peek()
        if token is None:
            return []
        if token == "{" or not is_command(token):
            return self.sub_parse(self.raw_group())
        self.pos += 1
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MathTooDeep
        try:
            return self.atom(token)
        finally:
            self.depth -= 1


def group_atom(atoms: list[Atom]) -> Atom:
    """A `{…}` group: its single atom as it is, or the row joined into one atom."""
    real = [a for a in atoms if a.cls != "space"]
    if len(real) == 1 and len(atoms) == 1:
        return atoms[0]
    if not real:
        return Atom("")
    return join(atoms)


def script_text(atoms: list[Atom], marker: str,
                convert: Callable[[str], str | None]) -> str:
    """A sub/superscript: raised or lowered characters when all have a form, else `_(…)`.

    A single word needs no parentheses (𝒟_KL, ∇_θ₁), unless it holds a script of its own
    that would blur where it ends: x^(2³), ∑^(dₖ), x_(a²).
    """
    text = join(atoms, compact=True).text
    if not text:
        return ""
    converted = convert(text)
    if converted is not None:
        return converted
    word = text.isalnum() or (len(atoms) == 1 and not atoms[0].compound and " " not in text)
    blurring = RAISED | LOWERED if marker == "^" else RAISED
    if any(c in blurring for c in text):
        word = False
    if word and not any(a.cls in ("bin", "rel", "punct") for a in atoms):
        return marker + text
    return f"{marker}({text})"


def attach_scripts(base: Atom, sub: list[Atom] | None, sup: list[Atom] | None,
                   primes: str = "") -> Atom:
    """The base with its scripts written after it: xᵢ², ∑ᵢ₌₁ᴺ, 𝒟_KL, x_(i,j), e^(−x²/2)."""
    sub_text = script_text(sub, "_", to_subscript) if sub else ""
    sup_text = script_text(sup, "^", to_superscript) if sup else ""
    body = base.text
    # {a+b}^2 is (a+b)²; {a+b}_n is (a+b)ₙ, but a group of words takes its index as it is.
    grouped = base.compound and (sup_text or any(c in _OPERATOR_CHARS for c in body))
    if (grouped or base.frac) and body and not body.startswith(("(", "[")):
        body = f"({body})"
    if base.lines:
        lines = list(base.lines)
        lines[0] += sup_text
        lines[-1] += primes + sub_text if len(lines) > 1 else primes + sub_text
        return Atom(body + primes + sub_text + sup_text, base.cls, lines=lines, base=base.base)
    cls = base.cls if body and base.cls not in ("space", "amp", "newline") else "ord"
    if sub_text.startswith("_") and sup_text and not sup_text.startswith("^"):
        # ‖𝐖‖²_F, ∇²_𝐲𝐲: a raised mark after `_F` would read as part of the subscript.
        sub_text, sup_text = sup_text, sub_text
    atom = Atom(body + primes + sub_text + sup_text, cls)
    last = sup_text or sub_text
    atom.loose = last[:1] in ("_", "^") and not last.endswith(")")
    return atom


def has_operators(atoms: list[Atom]) -> bool:
    """True when a row has a top-level +, −, relation, comma or large operator."""
    return any(c in ("bin", "rel", "punct", "op", "func") for c in effective_classes(atoms))
