"""Environments (`aligned`, `pmatrix`, `cases`, …) laid out line by line.

In display math each row is its own line, columns padded so that `=` signs and matrix
entries line up; matrices get tall brackets (⎛ ⎞). Inline, rows are joined with `; ` so
the formula stays on one line: `(1, 2; 3, 4)`.
"""

from __future__ import annotations

from quizapp.textmath.atoms import Atom, cell_width, join, wrap_block
from quizapp.textmath.parser import MAX_DEPTH, MathTooDeep, Parser

_MATRIX_BRACKETS = {
    "matrix": ("", ""), "smallmatrix": ("", ""), "array": ("", ""), "subarray": ("", ""),
    "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"),
    "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"),
}
_ALIGNED = {"align", "aligned", "alignat", "alignedat", "split", "flalign", "eqnarray",
            "align*", "alignat*", "flalign*", "eqnarray*", "darray"}
_CASES = {"cases": ("{", ""), "dcases": ("{", ""), "rcases": ("", "}"),
          "cases*": ("{", ""), "dcases*": ("{", "")}
_TAKES_ARGUMENT = {"array", "alignat", "alignedat", "alignat*", "subarray", "darray"}


def environment(p: Parser, name: str) -> Atom:
    """Read up to `\\end{name}` and lay the rows out as one atom (several lines if display)."""
    spec = ""
    if name in _TAKES_ARGUMENT:
        spec = "".join(p.raw_group())
    if name.endswith("matrix*"):
        p.raw_optional()
        name = name[:-1]
    p.depth += 1
    if p.depth > MAX_DEPTH:
        raise MathTooDeep
    atoms = p.sequence(stop=("\\end",))
    p.depth -= 1
    if p.peek() == "\\end":
        p.next()
        p.raw_group()
    return layout_rows(split_rows(atoms), name, spec, p.inline)


def split_rows(atoms: list[Atom]) -> list[list[list[Atom]]]:
    """Rows of cells of atoms, split at `\\\\` and `&`; a trailing empty row is dropped."""
    rows: list[list[list[Atom]]] = [[[]]]
    for atom in atoms:
        if atom.cls == "newline":
            rows.append([[]])
        elif atom.cls == "amp":
            rows[-1].append([])
        else:
            rows[-1][-1].append(atom)
    while len(rows) > 1 and not any(cell for cell in rows[-1]):
        rows.pop()
    return rows


def layout_rows(rows: list[list[list[Atom]]], name: str, spec: str, inline: bool) -> Atom:
    """Lay out the rows as environment `name` would look."""
    cells = [[join(cell).text for cell in row] for row in rows]
    if name in _MATRIX_BRACKETS:
        left, right = _MATRIX_BRACKETS[name]
        if inline or len(cells) == 1:
            return Atom(left + "; ".join(", ".join(row) for row in cells) + right)
        aligns = [c for c in spec if c in "lcr"] if spec else []
        lines = _grid(cells, aligns or ["c"], "  ")
        return wrap_block(left, _block(lines), right)
    if name in _CASES:
        left, right = _CASES[name]
        if inline or len(cells) == 1:
            return Atom(left + " " + "; ".join("  ".join(row) for row in cells) + right)
        lines = _grid(cells, ["l"], "  ")
        return wrap_block(left, _block(lines), right)
    if name in _ALIGNED or any(len(row) > 1 for row in cells):
        lines = _aligned(rows, name)
    else:
        width = max(cell_width(row[0]) for row in cells)
        lines = [_pad(row[0], width, "c").rstrip() for row in cells]
    if inline or len(lines) == 1:
        return Atom("; ".join(line.strip() for line in lines))
    return _block(lines)


def _block(lines: list[str]) -> Atom:
    """Several lines as one atom; the middle line (upper of two) is the baseline."""
    if len(lines) == 1:
        return Atom(lines[0])
    return Atom("; ".join(line.strip() for line in lines), lines=lines,
                base=(len(lines) - 1) // 2, compound=True)


def _aligned(rows: list[list[list[Atom]]], name: str) -> list[str]:
    """align-style rows: columns alternately right- and left-aligned, `=` lined up."""
    cells = []
    for row in rows:
        texts = []
        for i, cell in enumerate(row):
            text = join(cell).text
            # "a &= b": the relation starts the right-hand cell and needs its space back.
            if i % 2 == 1 and cell and cell[0].cls in ("rel", "bin"):
                text = " " + text
            texts.append(text)
        cells.append(texts)
    aligns = ["r", "c", "l"] if name.startswith("eqnarray") else ["r", "l"]
    lines = _grid(cells, aligns, "", pair_gap="    " if aligns == ["r", "l"] else " ")
    indent = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()),
                 default=0)
    return [line[indent:] for line in lines]


def _grid(cells: list[list[str]], aligns: list[str], gap: str, pair_gap: str | None = None
          ) -> list[str]:
    """Pad cells into columns; `aligns` repeats across columns (l, c or r)."""
    columns = max(len(row) for row in cells)
    widths = [max((cell_width(row[c]) for row in cells if c < len(row)), default=0)
              for c in range(columns)]
    lines = []
    for row in cells:
        parts = []
        for c in range(columns):
            text = row[c] if c < len(row) else ""
            if c > 0:
                parts.append(pair_gap if pair_gap is not None and c % 2 == 0 else gap)
            parts.append(_pad(text, widths[c], aligns[c % len(aligns)]))
        lines.append("".join(parts).rstrip())
    return lines


def _pad(text: str, width: int, align: str) -> str:
    room = width - cell_width(text)
    if align == "r":
        return " " * room + text
    if align == "c":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room

