"""Rendered pieces of a formula and how they are put side by side.

An `Atom` is a rendered piece (a letter, an operator, a whole fraction) with its TeX class,
which decides the spacing around it: `a = b + c` gets spaces, `aᵢ₌₁` in a subscript does not.
Most atoms are one line; a matrix or an aligned block is several (`lines`), and a row of atoms
containing one is laid out in two dimensions, lined up on each block's baseline.
"""

from __future__ import annotations

import unicodedata

# Classes: ord, bin, rel, op (large operator), func (log, max), open, close, punct,
# space (explicit space, `width` cells), amp (`&`), newline (`\\`).
_SPACED_AFTER = {"ord", "close", "func", "op"}
_SPACED_BEFORE = {"ord", "func", "op", "open"}


class Atom:
    """One rendered piece of a formula."""

    __slots__ = ("text", "cls", "lines", "base", "width", "compound", "letter", "frac",
                 "spaced", "loose", "word")

    def __init__(self, text: str, cls: str = "ord", *, lines: list[str] | None = None,
                 base: int = 0, width: int = 0, compound: bool = False,
                 letter: bool = False, frac: bool = False, word: bool = False) -> None:
        self.text = text          # the one-line rendering (also the inline form of a block)
        self.cls = cls
        self.lines = lines        # several lines: a matrix, aligned equations
        self.base = base          # which of `lines` sits on the baseline
        self.width = width        # cells, for explicit spaces
        self.compound = compound  # several atoms grouped: needs parentheses under ^
        self.letter = letter      # a plain letter: "x y" keeps its space when written so
        self.frac = frac          # a fraction a/b: set off from neighbours by a space
        self.spaced = False       # whitespace stood before it in the source
        self.loose = False        # ends in a script written `_θ`: a letter after it needs a space
        self.word = word          # \text{…}: kept apart from letters on either side

    def __repr__(self) -> str:  # for debugging and test failure messages
        return f"Atom({self.text!r}, {self.cls!r})"


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: combining marks (x̂, 𝐱⃗) take none."""
    return sum(1 for c in text if not unicodedata.combining(c) and c != "\u200b")


def effective_classes(atoms: list[Atom]) -> list[str]:
    """Classes after TeX's rule: a binary operator with nothing on its left is `unary`."""
    classes = []
    prev = None
    for atom in atoms:
        cls = atom.cls
        if cls == "space":
            classes.append(cls)
            continue
        if cls == "bin" and prev in (None, "bin", "rel", "open", "punct", "op", "func", "unary"):
            cls = "unary"
        classes.append(cls)
        prev = cls
    return classes


def _gap(prev: Atom, prev_cls: str, atom: Atom, cls: str, compact: bool) -> int:
    """Implicit spaces between two neighbouring atoms (TeX's spacing table, in cells)."""
    if cls == "close" or prev_cls in ("open", "unary"):
        return 0  # a unary minus binds to what follows: −x, −log p
    if prev_cls == "func" and cls in ("ord", "func", "op") and atom.text[:1] not in "([{":
        return 1
    if compact:
        return 0
    if cls == "rel" or prev_cls == "rel":
        return 0 if (cls == "rel" and prev_cls == "rel") or cls == "punct" else 1
    if cls == "bin" or prev_cls == "bin":
        return 1
    if prev_cls == "punct":
        return 1
    if cls in ("op", "func") and prev_cls in _SPACED_AFTER:
        return 1
    if prev_cls == "op" and cls in _SPACED_BEFORE - {"open"}:
        return 1
    if (atom.frac and prev_cls in ("ord", "close", "op", "func")) or (
        prev.frac and cls in ("ord", "op", "func", "open")
    ):
        return 1
    if prev.letter and atom.letter and atom.spaced:
        return 1
    if prev.loose and cls in ("ord", "func", "op") and atom.text[:1].isalnum():
        return 1
    if (atom.word and prev_cls in ("ord", "close") and atom.text[:1].isalnum()
            and prev.text[-1:].isalnum()) or (
        prev.word and cls in ("ord", "open", "func") and prev.text[-1:].isalnum()
            and atom.text[:1].isalnum()
    ):
        return 1
    return 0


def join(atoms: list[Atom], compact: bool = False) -> Atom:
    """Lay out a row of atoms as one atom (several lines if any of them is a block).

    `compact` is for scripts and the parts of a fraction: no spaces around operators there,
    so `∑ᵢ₌₁ᴺ` and `(a+b)/(c+d)` stay tight.
    """
    classes = effective_classes(atoms)
    pieces: list[Atom] = []
    gaps: list[int] = []
    prev: Atom | None = None
    prev_cls = ""
    pending = 0
    for atom, cls in zip(atoms, classes):
        if cls == "space":
            pending = max(pending, atom.width) if pending else atom.width
            continue
        if cls in ("amp", "newline"):
            continue
        gaps.append(0 if prev is None else max(_gap(prev, prev_cls, atom, cls, compact), pending))
        pieces.append(atom)
        prev, prev_cls, pending = atom, cls, 0
    if not any(p.lines for p in pieces):
        text = "".join(" " * g + p.text for g, p in zip(gaps, pieces))
        return Atom(text, compound=len(pieces) > 1)
    return _join_blocks(pieces, gaps)


def _join_blocks(pieces: list[Atom], gaps: list[int]) -> Atom:
    """Side by side, each block lined up on its baseline row."""
    above = max(p.base if p.lines else 0 for p in pieces)
    below = max(len(p.lines) - p.base - 1 if p.lines else 0 for p in pieces)
    rows = [""] * (above + below + 1)
    for gap, piece in zip(gaps, pieces):
        lines = piece.lines or [piece.text]
        base = piece.base if piece.lines else 0
        width = max(cell_width(line) for line in lines)
        top = above - base
        for r in range(len(rows)):
            i = r - top
            line = lines[i] if 0 <= i < len(lines) else ""
            rows[r] += " " * gap + line + " " * (width - cell_width(line))
    inline = " ".join(p.text for p in pieces)
    return Atom(inline, lines=[r.rstrip() for r in rows], base=above, compound=True)


# Tall brackets built from pieces, for a block of several lines: (top, middle, bottom, centre).
_TALL = {
    "(": ("⎛", "⎜", "⎝", None), ")": ("⎞", "⎟", "⎠", None),
    "[": ("⎡", "⎢", "⎣", None), "]": ("⎤", "⎥", "⎦", None),
    "{": ("⎧", "⎪", "⎩", "⎨"), "}": ("⎫", "⎪", "⎭", "⎬"),
    "|": ("│", "│", "│", None), "‖": ("‖", "‖", "‖", None),
    "⌊": ("│", "│", "⌊", None), "⌋": ("│", "│", "⌋", None),
    "⌈": ("⌈", "│", "│", None), "⌉": ("⌉", "│", "│", None),
    "⟨": ("╱", "⟨", "╲", None), "⟩": ("╲", "⟩", "╱", None),
}


def tall_delimiter(char: str, height: int) -> list[str]:
    """A bracket `height` lines tall (one character wide, or nothing for the empty one)."""
    if height <= 1 or not char:
        return [char] * max(height, 1)
    top, mid, bottom, centre = _TALL.get(char, (char, char, char, None))
    column = [top] + [mid] * (height - 2) + [bottom]
    if char in "⟨⟩":
        half = height // 2
        column = [top] * half + ([mid] if height % 2 else []) + [bottom] * half
    elif centre and height > 2:
        column[(height - 1) // 2] = centre
    return column


def wrap_block(left: str, inner: Atom, right: str) -> Atom:
    """`inner` between two brackets, made tall when it is several lines."""
    if not inner.lines:
        return Atom(left + inner.text + right)
    height = len(inner.lines)
    width = max(cell_width(line) for line in inner.lines)
    lcol, rcol = tall_delimiter(left, height), tall_delimiter(right, height)
    lines = [
        (lc + (" " if left else "") + line + " " * (width - cell_width(line))
         + (" " if right else "") + rc).rstrip()
        for lc, line, rc in zip(lcol, inner.lines, rcol)
    ]
    return Atom(left + inner.text + right, lines=lines, base=inner.base)
