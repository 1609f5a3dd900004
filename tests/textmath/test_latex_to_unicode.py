"""What a student reads for the LaTeX our banks and the course notebook actually contain."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from quizapp.textmath import latex_to_unicode

# The macros the banks declare (same as the course notebook's \newcommand block).
BANK_MACROS = {
    "mat": r"\boldsymbol{#1}",
    "vec": r"\boldsymbol{#1}",
    "vectr": r"\boldsymbol{#1}^\top",
    "diag": r"\mathop{\mathrm{diag}}",
    "cset": r"\mathcal{#1}",
    "norm": r"\left\lVert#1\right\rVert",
    "pderiv": r"\frac{\partial #1}{\partial #2}",
    "E": r"\mathbb{E}\left[#1\right]",
    "given": r"\,\middle\vert\,",
    "DKL": r"\cset{D}_{\text{KL}}\left(#1\,\Vert\, #2\right)",
}


def column(line: str, char: str) -> int:
    """Terminal column of `char` in `line` (combining marks take no column)."""
    before = line[:line.index(char)]
    return sum(1 for c in before if not unicodedata.combining(c))


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\pderiv{L}{\vec{x}}", "∂L/∂𝐱"),
        (r"\sum_{i=1}^{N}", "∑ᵢ₌₁ᴺ"),
        (r"\frac{1}{1-p}", "1/(1−p)"),
        (r"\mathbb{E}[\tilde{x}]", "𝔼[x̃]"),
        (r"q = 1-(1-p_1)(1-p_2)", "q = 1 − (1 − p₁)(1 − p₂)"),
        (r"\sigma'(z) \le 1/4", "σ′(z) ≤ 1/4"),
        (r"\sigma'(\cdot) \le \tfrac14", "σ′(·) ≤ 1/4"),
        (r"\E{\tilde x} = c\,x\,\E{m}", "𝔼[x̃] = c x 𝔼[m]"),
        (r"\DKL{q}{p}", "𝒟_KL(q ‖ p)"),
        (r"\vectr{w}\vec{x}", "𝐰ᵀ𝐱"),
        (r"\norm{\mat{W}_1}_F^2", "‖𝐖₁‖²_F"),
        (r"\mathcal{N}(\vec{0},\vec{I})", "𝒩(𝟎, 𝐈)"),
        (r"\hat{y}^{(i)} =\mat{W}_2~ \varphi(\mat{W}_1 \vec{x}^{(i)}+ \vec{b}_1) + \vec{b}_2",
         "ŷ⁽ⁱ⁾ = 𝐖₂ φ(𝐖₁𝐱⁽ⁱ⁾ + 𝐛₁) + 𝐛₂"),
        (r"\min_{\theta_1} L(\theta_1, \theta_2) \quad \text{s.t.} \quad "
         r"\theta_2 = \arg \min_{\theta_2} \varphi(\theta_1, \theta_2)",
         "min_θ₁ L(θ₁, θ₂)  s.t.  θ₂ = arg min_θ₂ φ(θ₁, θ₂)"),
        (r"n_\text{out} = \left\lfloor \dfrac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1",
         "nₒᵤₜ = ⌊(n+2p−d(k−1)−1)/s⌋ + 1"),
        (r"\ell(y, \hat{y}) = - y \log(\hat{y}) - (1-y) \log(1-\hat{y})",
         "ℓ(y, ŷ) = −y log(ŷ) − (1 − y) log(1 − ŷ)"),
        (r"\nabla_{\theta_1} L", "∇_θ₁ L"),
        (r"\diag(\vec{x}) \in \mathbb{R}^{n\times n}", "diag(𝐱) ∈ ℝ^(n×n)"),
        (r"p(x \given y)", "p(x | y)"),
        (r"4^{-24} \approx 3.6\cdot10^{-15}", "4⁻²⁴ ≈ 3.6 · 10⁻¹⁵"),
        (r"\sqrt{x} + \sqrt{x+1}", "√x + √(x+1)"),
        (r"\frac{a+b}{c+d}", "(a+b)/(c+d)"),
        (r"\frac{1}{2\sigma^2}", "1/(2σ²)"),
        (r"\frac{\partial^2 f}{\partial x \partial y}", "∂²f/∂x∂y"),
        (r"\frac{1}{(1-p)^2}", "1/(1−p)²"),
        (r"e^{-x^2/2}", "e^(−x²/2)"),
        (r"x_{i,j}", "x_(i,j)"),
        (r"-\log p", "−log p"),
        (r"\max_i x_i", "maxᵢ xᵢ"),
        (r"\operatorname{softmax}(\vec{z})_j", "softmax(𝐳)ⱼ"),
        (r"a \ne b, \; x \to 0, \; A \subseteq B, \; f \circ g, \; a \times b", None),
        (r"\lim_{x\to 0} \frac{\sin x}{x}", "lim_(x→0) (sin x)/x"),
        (r"50\% \text{ of } x", "50% of x"),
        (r"\not\in", "∉"),
    ],
)
def test_real_formulas_read_as_a_student_expects(latex: str, expected: str | None) -> None:
    rendered = latex_to_unicode(latex, BANK_MACROS)
    if expected is None:  # symbols only: every command became its character
        assert rendered == "a ≠ b, x → 0, A ⊆ B, f ∘ g, a × b"
    else:
        assert rendered == expected


def test_bank_macros_override_latex_commands_of_the_same_name() -> None:
    # The banks make \vec bold; without the bank's macros it is LaTeX's arrow accent.
    assert latex_to_unicode(r"\vec{x}", BANK_MACROS) == "𝐱"
    assert latex_to_unicode(r"\vec{x}") == "x⃗"


def test_macros_nest_and_take_several_arguments() -> None:
    macros = {"pair": r"\left(#1, #2\right)", "twice": r"\pair{#1}{#1}"}
    assert latex_to_unicode(r"\twice{\alpha}", macros) == "(α, α)"


def test_a_macro_that_expands_to_itself_stops_and_still_renders() -> None:
    rendered = latex_to_unicode(r"x + \loop", {"loop": r"\loop"})
    assert rendered.startswith("x + ")


def test_a_macro_that_doubles_at_every_step_stops_at_the_budget() -> None:
    rendered = latex_to_unicode(r"\boom", {"boom": r"\boom\boom"})
    assert len(rendered) < 200_000


def test_newcommand_in_the_math_defines_a_macro() -> None:
    latex = r"\newcommand{\E}[2][]{\mathbb{E}_{#1}\left[#2\right]} \E{x} + \E[q]{y}"
    assert latex_to_unicode(latex) == "𝔼[x] + 𝔼_q[y]"


def test_aligned_equations_are_one_per_line_with_equals_signs_lined_up() -> None:
    latex = (r"\begin{align*} \mathbb{E}[\tilde{x}] &= 0 \cdot p + x \cdot (1-p) \\"
             r" &= x(1-p) \end{align*}")
    lines = latex_to_unicode(latex).split("\n")
    assert lines == ["𝔼[x̃] = 0 · p + x · (1 − p)", "     = x(1 − p)"]
    assert column(lines[0], "=") == column(lines[1], "=") == 5


def test_matrices_get_tall_brackets_and_columns() -> None:
    latex = r"\mat{A} = \begin{pmatrix} 1 & 20 \\ 300 & 4 \end{pmatrix}"
    assert latex_to_unicode(latex, BANK_MACROS).split("\n") == [
        "𝐀 = ⎛  1   20 ⎞",
        "    ⎝ 300  4  ⎠",
    ]


def test_cases_and_inline_rows() -> None:
    latex = r"|x| = \begin{cases} x & \text{if } x \ge 0 \\ -x & \text{otherwise} \end{cases}"
    assert latex_to_unicode(latex).split("\n") == [
        "|x| = ⎧ x   if x ≥ 0",
        "      ⎩ −x  otherwise",
    ]
    assert latex_to_unicode(r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", inline=True) == (
        "[1, 2; 3, 4]"
    )


@pytest.mark.parametrize(
    "latex",
    [
        r"\frac{1}{",
        r"\left( \frac{a}{b} \right",
        "}}}{{{x",
        r"\begin{pmatrix} 1 & 2",
        r"\end{align}",
        r"x^",
        r"_",
        r"\sqrt[",
        r"\left\right\middle",
        "\\",
        r"\text{unclosed",
        r"\newcommand{\x}",
        r"\not",
        "{" * 5000 + "x" + "}" * 5000,
        r"\frac" * 3000,
        "\x00\ufffd$%#&~",
        "",
    ],
)
def test_malformed_latex_comes_back_as_text_never_an_exception(latex: str) -> None:
    rendered = latex_to_unicode(latex)
    assert isinstance(rendered, str)


def test_odd_macro_tables_do_not_break_rendering() -> None:
    macros: dict[str, Any] = {"": "x", "\\\\": "y", "bad": None, "list": ["a"], "ok": r"\alpha"}
    assert latex_to_unicode(r"\ok + 1", macros) == "α + 1"


def test_malformed_latex_keeps_what_can_be_read() -> None:
    assert latex_to_unicode(r"\frac{1}{1-p") == "1/(1−p)"
    assert latex_to_unicode(r"\alpha + \beta}") == "α + β"
    assert "x" in latex_to_unicode("{" * 5000 + "x" + "}" * 5000)
    # unknown commands keep their name, arguments in parentheses
    assert latex_to_unicode(r"\softmax(z) + \foo{a}{b}") == "softmax(z) + foo(a, b)"


def test_every_truncation_of_real_formulas_renders_without_raising() -> None:
    latex = (r"L_{\mathcal{S}} = \frac{1}{N}\sum_{i=1}^{N}\ell(y^{(i)},\hat{y}^{(i)}) + "
             r"\frac{\lambda}{2}\left(\norm{\mat{W}_1}_F^2 + \norm{\mat{W}_2}_F^2 \right)"
             r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}")
    for end in range(len(latex) + 1):
        for start in (0, 7, 19):
            assert isinstance(latex_to_unicode(latex[start:end], BANK_MACROS), str)
