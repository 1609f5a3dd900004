"""What each LaTeX command renders as: fractions, roots, fonts, accents, \\left…\\right, …

`command(parser, token)` is the one entry point; the parser calls it for every control
sequence and gets back the atoms to show (several for `\\pmod`, none for `\\label`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

from quizapp.textmath import symbols as sym
from quizapp.textmath.alphabets import alphabet, to_superscript
from quizapp.textmath.atoms import Atom, cell_width, join, wrap_block
from quizapp.textmath.parser import (
    _SIMPLE_CLASSES,
    _STANDALONE_DELIMS,
    MAX_DEPTH,
    MathTooDeep,
    Parser,
    attach_scripts,
    group_atom,
    has_operators,
)
from quizapp.textmath.textmode import render_text

Handler = Callable[[Parser, str], list[Atom]]
_DIMENSION_UNITS = ("pt", "em", "ex", "mm", "cm", "in", "mu", "bp", "pc", "sp")

# Math fonts: command → (alphabet, or None for upright letters as they are).
_MATH_FONTS = {
    "mathbf": "bold", "boldsymbol": "bold", "bm": "bold", "mathbfit": "bold", "pmb": "bold",
    "mathbb": "bb", "Bbb": "bb", "mathds": "bb", "mathbbm": "bb", "mathcal": "cal",
    "mathscr": "cal", "mathfrak": "frak", "mathrm": None, "mathit": None, "mathnormal": None,
    "mathup": None, "mathsf": None, "mathtt": None, "mathsfit": None,
}
# Text inside math: command → alphabet (None: as written).
_TEXT_FONTS = {
    "text": None, "textrm": None, "textnormal": None, "textit": None, "textsf": None,
    "texttt": None, "textup": None, "textmd": None, "textsl": None, "textsc": None,
    "emph": None, "mbox": None, "hbox": None, "textbf": "bold", "ce": None, "url": None,
}
_SPACING_ACCENTS = {"\u0302": "ˆ", "\u0303": "˜", "\u0304": "¯", "\u0305": "‾", "\u0307": "˙",
                    "\u0308": "¨", "\u20d7": "→", "\u030c": "ˇ", "\u0306": "˘", "\u0301": "´"}
_CLASS_COMMANDS = {
    "mathrel": "rel", "mathbin": "bin", "mathord": "ord", "mathopen": "open",
    "mathclose": "close", "mathpunct": "punct", "mathinner": "ord",
}


def command(p: Parser, token: str) -> list[Atom]:
    """Render one control sequence (reading its arguments from `p`)."""
    name = token[1:]
    handler = _HANDLERS.get(name)
    if handler is not None:
        return handler(p, name)
    for table, cls in _SIMPLE_CLASSES:
        if name in table:
            return [Atom(table[name], cls)]
    if token in _STANDALONE_DELIMS:
        return [Atom(sym.DELIMITERS[token], _STANDALONE_DELIMS[token])]
    if name in sym.SPACES:
        return [Atom("", "space", width=sym.SPACES[name])]
    if name in sym.SIZERS:
        char = read_delimiter(p)
        cls = "open" if char in sym.OPENING else "close" if char in sym.CLOSING else "ord"
        return [Atom(char, cls)] if char else []
    if name in sym.IGNORED:
        return []
    if name in sym.DROPPED_WITH_ARGS:
        for _ in range(sym.DROPPED_WITH_ARGS[name]):
            p.raw_group()
        return []
    if name in sym.ACCENTS:
        return [accent(p.argument(), sym.ACCENTS[name])]
    if name in _MATH_FONTS:
        return math_font(p.argument(), _MATH_FONTS[name])
    if name in _TEXT_FONTS:
        return [Atom(render_text(p.raw_group(), _TEXT_FONTS[name], p.inline), word=True)]
    if name in _CLASS_COMMANDS:
        return [_with_class(p.argument(), _CLASS_COMMANDS[name])]
    return unknown(p, name)


# -- helpers ----------------------------------------------------------------------------------

def read_delimiter(p: Parser) -> str:
    """The bracket after \\left, \\right, \\big…: `(`, `\\{`, `\\langle`, `.` (none)…"""
    p.skip_spaces()
    token = p.next()
    if token is None:
        return ""
    if token in sym.DELIMITERS:
        return sym.DELIMITERS[token]
    name = token[1:] if token.startswith("\\") else ""
    for table, _ in _SIMPLE_CLASSES:
        if name in table:
            return table[name]
    return token if len(token) == 1 else ""


def math_font(atoms: list[Atom], style: str | None) -> list[Atom]:
    """Atoms in a math alphabet; a run of letters and digits becomes one word (diag, MSE)."""
    table = alphabet(style) if style else {}
    if table:
        for atom in atoms:
            atom.text = "".join(table.get(c, c) for c in atom.text)
            if atom.lines:
                atom.lines = ["".join(table.get(c, c) for c in line) for line in atom.lines]
    if len(atoms) > 1 and all(a.cls == "ord" and not a.lines and a.text for a in atoms):
        return [Atom("".join(a.text for a in atoms))]
    return atoms


def accent(atoms: list[Atom], mark: str) -> Atom:
    """Combining `mark` on the argument: x̂, x̃, 𝐱̄; on each letter of a longer argument."""
    atom = group_atom(atoms)
    text = atom.text
    if not text:  # \hat{} alone: the accent itself
        return Atom(_SPACING_ACCENTS.get(mark, ""))
    if len(atoms) == 1 and not atom.compound:
        return Atom(text[0] + mark + text[1:], atom.cls)
    return Atom("".join(c + mark if c.isalnum() else c for c in text))


def _with_class(atoms: list[Atom], cls: str) -> Atom:
    atom = group_atom(atoms)
    return Atom(atom.text, cls, lines=atom.lines, base=atom.base)


def _tight(atoms: list[Atom]) -> str:
    return join(atoms, compact=True).text


# -- handlers ---------------------------------------------------------------------------------

def _frac(p: Parser, name: str) -> list[Atom]:
    num, den = p.argument(), p.argument()
    top, bottom = _tight(num), _tight(den)
    if (has_operators(num) or any(a.frac for a in num)) and not _bracketed(num):
        top = f"({top})"
    if _needs_parens_below(den):
        bottom = f"({bottom})"
    return [Atom(f"{top}/{bottom}", frac=True)]


def _bracketed(atoms: list[Atom]) -> bool:
    """True when the row is one bracketed group, maybe with a script: (1−p)²."""
    real = [a for a in atoms if a.cls != "space"]
    if len(real) < 2 or real[0].cls != "open":
        return False
    depth = 0
    for i, atom in enumerate(real):
        depth += {"open": 1, "close": -1}.get(atom.cls, 0)
        if depth == 0:
            return i == len(real) - 1
    return False


def _needs_parens_below(atoms: list[Atom]) -> bool:
    """A denominator needs parentheses unless it is one atom, or a differential like ∂x∂y."""
    real = [a for a in atoms if a.cls != "space"]
    if len(real) <= 1:
        return bool(real) and (real[0].frac or real[0].word and not real[0].text.isalnum())
    if _bracketed(real):
        return False
    if has_operators(real) or any(a.frac for a in real):
        return True
    pairs = len(real) % 2 == 0 and all(
        real[i].text.startswith(("∂", "d", "δ", "Δ", "∇")) and len(real[i].text) <= 2
        for i in range(0, len(real), 2)
    )
    return not pairs


def _sqrt(p: Parser, name: str) -> list[Atom]:
    index = p.raw_optional()
    body = p.argument()
    text = _tight(body)
    real = [a for a in body if a.cls != "space"]
    if len(real) != 1 or real[0].compound or real[0].frac:
        text = f"({text})"
    root = "√"
    if index:
        n = _tight(p.sub_parse(index))
        root = {"2": "√", "3": "∛", "4": "∜"}.get(n) or (to_superscript(n) or f"^({n})") + "√"
    return [Atom(root + text)]


def _left(p: Parser, name: str) -> list[Atom]:
    opening = read_delimiter(p)
    p.depth += 1
    if p.depth > MAX_DEPTH:
        raise MathTooDeep
    inner = p.sequence(stop=("\\right",))
    p.depth -= 1
    closing = ""
    if p.peek() == "\\right":
        p.next()
        closing = read_delimiter(p)
    return [wrap_block(opening, join(inner), closing)]


def _right(p: Parser, name: str) -> list[Atom]:
    char = read_delimiter(p)  # a \right without its \left: show the bracket
    return [Atom(char, "close")] if char else []


def _middle(p: Parser, name: str) -> list[Atom]:
    char = read_delimiter(p)
    return [Atom(char, "ord")] if char else []


def _newline(p: Parser, name: str) -> list[Atom]:
    save = p.pos
    spacing = p.raw_optional()  # \\[2pt]: vertical space, nothing to show
    if spacing is not None and not "".join(spacing).strip().endswith(_DIMENSION_UNITS):
        p.pos = save
    return [Atom("", "newline")]


def _begin(p: Parser, name: str) -> list[Atom]:
    from quizapp.textmath.environments import environment

    env = "".join(p.raw_group()).strip()
    return [environment(p, env)]


def _end(p: Parser, name: str) -> list[Atom]:
    p.raw_group()  # an \end without its \begin
    return []


def _not(p: Parser, name: str) -> list[Atom]:
    p.skip_spaces()
    token = p.next()
    if token is None:
        return [Atom("¬")]
    atoms = p.atom(token)
    if not atoms:
        return []
    first = atoms[0]
    text = unicodedata.normalize("NFC", first.text[:1] + "\u0338" + first.text[1:])
    return [Atom(text, first.cls)] + atoms[1:]


def _operatorname(p: Parser, name: str) -> list[Atom]:
    if p.peek() == "*":
        p.next()
    return [Atom(render_text(p.raw_group(), None, p.inline).strip(), "func")]


def _mathop(p: Parser, name: str) -> list[Atom]:
    atom = group_atom(p.argument())
    return [Atom(atom.text, "func" if atom.text.isalpha() else "op")]


def _overset(p: Parser, name: str) -> list[Atom]:
    over, base_atoms = p.argument(), p.argument()
    base = group_atom(base_atoms)
    if name == "underset":
        return [attach_scripts(base, over, None)]
    return [attach_scripts(base, None, over)]


def _same_group(p: Parser, name: str) -> list[Atom]:
    return [group_atom(p.argument())]


def _second_argument(p: Parser, name: str) -> list[Atom]:
    p.raw_group()
    return [group_atom(p.argument())]


def _substack(p: Parser, name: str) -> list[Atom]:
    rows: list[list[Atom]] = [[]]
    for atom in p.argument():
        if atom.cls == "newline":
            rows.append([])
        else:
            rows[-1].append(atom)
    return [Atom(", ".join(_tight(row) for row in rows if row), compound=True)]


def _arrow(p: Parser, name: str) -> list[Atom]:
    below = p.raw_optional()
    above = _tight(p.argument())
    label = above or (_tight(p.sub_parse(below)) if below else "")
    if name == "xleftarrow":
        return [Atom(f"←{label}─" if label else "⟵", "rel")]
    return [Atom(f"─{label}→" if label else "⟶", "rel")]


def _binom(p: Parser, name: str) -> list[Atom]:
    n, k = _tight(p.argument()), _tight(p.argument())
    return [Atom(f"C({n}, {k})")]


def _pmod(p: Parser, name: str) -> list[Atom]:
    return [Atom("", "space", width=1), Atom(f"(mod {_tight(p.argument())})")]


def _phantom(p: Parser, name: str) -> list[Atom]:
    width = cell_width(_tight(p.argument()))
    return [Atom("", "space", width=width)] if name != "vphantom" else []


def _hspace(p: Parser, name: str) -> list[Atom]:
    if p.peek() == "*":
        p.next()
    p.raw_group()
    return [Atom("", "space", width=1)]


def _tag(p: Parser, name: str) -> list[Atom]:
    starred = p.peek() == "*"
    if starred:
        p.next()
    text = render_text(p.raw_group(), None, p.inline)
    return [Atom("", "space", width=4), Atom(text if starred else f"({text})")]


def _simple(text: str, cls: str) -> Handler:
    return lambda p, name: [Atom(text, cls)]


def _drop_args(count: int) -> Handler:
    def handler(p: Parser, name: str) -> list[Atom]:
        for _ in range(count):
            p.raw_group()
        return []
    return handler


def unknown(p: Parser, name: str) -> list[Atom]:
    """A command we do not know: pylatexenc's symbol if it has one, else its name as text."""
    symbol = _fallback_symbols().get(name)
    if symbol is not None:
        return [Atom(symbol)]
    if p.peek() == "{":
        args = []
        while p.peek() == "{":
            args.append(_tight(p.argument()))
        return [Atom(f"{name}({', '.join(args)})")]
    return [Atom(name, "func" if name.isalpha() else "ord")]


@lru_cache(maxsize=1)
def _fallback_symbols() -> dict[str, str]:
    """pylatexenc's table of symbol commands; loaded (≈0.1 s) only for a command we lack."""
    try:
        from pylatexenc.latex2text import get_default_latex_context_db
    except ImportError:  # the app still renders everything it knows itself
        return {}
    table = {}
    for spec in get_default_latex_context_db().iter_macro_specs():
        repl = getattr(spec, "simplify_repl", None)
        # Only symbols: a replacement made of letters (\today's date, <ref>) is no symbol.
        if isinstance(repl, str) and repl and len(repl) <= 2 and not repl.isascii():
            table[spec.macroname] = repl
    return table


_HANDLERS: dict[str, Handler] = {
    "frac": _frac, "dfrac": _frac, "tfrac": _frac, "cfrac": _frac,
    "sqrt": _sqrt, "left": _left, "right": _right, "middle": _middle,
    "\\": _newline, "newline": _newline, "cr": _newline,
    "begin": _begin, "end": _end, "not": _not,
    "operatorname": _operatorname, "mathop": _mathop,
    "overset": _overset, "stackrel": _overset, "underset": _overset,
    "overbrace": _same_group, "underbrace": _same_group, "boxed": _same_group,
    "fbox": _same_group, "cancel": _same_group, "bcancel": _same_group,
    "xcancel": _same_group, "sout": _same_group, "smash": _same_group,
    "textcolor": _second_argument, "colorbox": _second_argument, "href": _second_argument,
    "substack": _substack, "xrightarrow": _arrow, "xleftarrow": _arrow,
    "binom": _binom, "dbinom": _binom, "tbinom": _binom, "pmod": _pmod,
    "mod": _simple("mod", "func"), "over": _simple("/", "ord"),
    "colon": _simple(":", "punct"), "cdotp": _simple("·", "punct"),
    "ldotp": _simple(".", "punct"),
    "phantom": _phantom, "hphantom": _phantom, "vphantom": _phantom,
    "hspace": _hspace, "tag": _tag, "rule": _drop_args(2), "unicode": _drop_args(1),
}
