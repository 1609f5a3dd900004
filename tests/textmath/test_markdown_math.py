"""Math in Markdown: converted where it is math, escaped for Markdown, code left alone.

The rendered Markdown is parsed with markdown-it's "gfm-like" preset, the parser Textual's
Markdown widget uses, so these tests check what the widget will show.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from quizapp.textmath import render_markdown_math

MACROS = {"vec": r"\boldsymbol{#1}", "pderiv": r"\frac{\partial #1}{\partial #2}"}


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(block type, text as the widget shows it) for each block of the Markdown."""
    out = []
    for token in MarkdownIt("gfm-like").parse(markdown):
        if token.type == "inline":
            marks = [c.type for c in token.children or [] if c.type not in ("text", "softbreak")]
            text = "".join(c.content if c.type == "text" else " " for c in token.children or [])
            out.append(("inline" if not marks else "inline+" + ",".join(marks), text))
        elif token.type in ("fence", "code_block"):
            out.append((token.type, token.content))
        elif token.type.endswith("_open") and token.type not in ("paragraph_open",):
            out.append((token.type, ""))
    return out


def test_inline_math_becomes_unicode_in_the_sentence() -> None:
    source = r"The gradient $\pderiv{L}{\vec{x}}$ has the shape of $\vec{x}$."
    rendered = render_markdown_math(source, MACROS)
    assert rendered == "The gradient ∂L/∂𝐱 has the shape of 𝐱."


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        (r"x^*", "x*"),
        (r"\|x\|_{2,1}", "‖x‖_(2,1)"),
        (r"x_{i,j} \cdot y_{k,l}", "x_(i,j) · y_(k,l)"),
        (r"p(a|b) + [x]_+ < \langle u, v \rangle", "p(a|b) + [x]₊ < ⟨u, v⟩"),
        (r"\#\{i : x_i > 0\} \,\&\, \sim", "#{i : xᵢ > 0} & ∼"),
        (r"\text{a `quoted` word}", "a `quoted` word"),
    ],
)
def test_characters_markdown_would_read_as_markup_are_shown_literally(latex: str,
                                                                     shown: str) -> None:
    rendered = render_markdown_math(f"Before ${latex}$ after ${latex}$ end.")
    assert blocks(rendered) == [("inline", f"Before {shown} after {shown} end.")]


def test_math_at_the_start_of_a_line_never_becomes_a_list_or_heading() -> None:
    rendered = render_markdown_math("Some text\n$=$ is a relation.\n\n$1.$ is a number.\n")
    assert blocks(rendered) == [
        ("inline", "Some text = is a relation."),
        ("inline", "1. is a number."),
    ]


def test_code_spans_and_code_blocks_are_left_exactly_as_written() -> None:
    source = (
        "Inline `torch.sum(x$1$)` and ``a ` $b$`` stay.\n\n"
        "```python\nprice = \"$5\"  # $x^2$\n```\n\n"
        "    indented = \"$x$\"\n\n"
        "But $x^2$ changes.\n"
    )
    rendered = render_markdown_math(source)
    assert rendered == source.replace("$x^2$ changes", "x² changes")


def test_dollar_signs_that_are_not_math_stay() -> None:
    source = r"It costs $5 and $10 today; \$x\$ is escaped; a lone $ stays."
    assert render_markdown_math(source) == source


def test_display_math_is_its_own_fenced_block_lined_up() -> None:
    source = (
        "Therefore\n"
        "$$\n\\begin{align*} \\mathbb{E}[\\tilde x] &= 0 \\cdot p + x (1-p) \\\\ "
        "&= x(1-p) \\end{align*}\n$$\n"
        "and so on.\n"
    )
    rendered = render_markdown_math(source)
    assert blocks(rendered) == [
        ("inline", "Therefore"),
        ("fence", "𝔼[x̃] = 0 · p + x(1 − p)\n     = x(1 − p)\n"),
        ("inline", "and so on."),
    ]


def test_display_math_keeps_its_full_stop_and_its_place_in_a_list() -> None:
    source = "- first item with $$q = 1-(1-p_1)(1-p_2)$$.\n- second item\n"
    assert blocks(render_markdown_math(source)) == [
        ("bullet_list_open", ""),
        ("list_item_open", ""),
        ("inline", "first item with"),
        ("fence", "q = 1 − (1 − p₁)(1 − p₂).\n"),
        ("list_item_open", ""),
        ("inline", "second item"),
    ]


def test_display_math_in_a_table_cell_stays_in_the_cell() -> None:
    source = "| a | b |\n|---|---|\n| $k|s$ | $$x^2$$ |\n"
    rendered = render_markdown_math(source)
    cells = [text for kind, text in blocks(rendered) if kind == "inline"]
    assert cells == ["a", "b", "k|s", "x²"]


def test_newcommand_in_one_formula_serves_the_later_ones() -> None:
    source = "$$\\newcommand{\\R}{\\mathbb{R}}$$\n\nLet $x \\in \\R^n$."
    assert render_markdown_math(source) == "\nLet x ∈ ℝⁿ."


def test_notebook_style_spaced_dollars_are_math_when_clearly_latex() -> None:
    assert render_markdown_math(r"Note $ \text{where:} $ and $ x_i $.") == "Note where: and xᵢ."
    assert render_markdown_math("Between $ 5 and $ 6.") == "Between $ 5 and $ 6."


@pytest.mark.parametrize(
    "source",
    ["$", "$$", "$$$", "$x", "$$x", "`$x$", "```\n$x$", "$\\frac{$", "\\", "$$\\begin{x}$$",
     "> $$x$$", "1. $$\n\\\\\n$$", "$" * 1001, "\x00$\x00$"],
)
def test_odd_markdown_never_raises(source: str) -> None:
    assert isinstance(render_markdown_math(source), str)
