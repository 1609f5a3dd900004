"""LaTeX math in Markdown, rendered as readable Unicode for the terminal.

    >>> from quizapp.textmath import latex_to_unicode, render_markdown_math
    >>> latex_to_unicode(r"\\sum_{i=1}^{N} \\frac{1}{1-p}")
    '∑ᵢ₌₁ᴺ 1/(1−p)'
    >>> render_markdown_math(r"Scale by $\\frac{1}{1-p}$, not `$x$`.")
    'Scale by 1/(1−p), not `$x$`.'

`render_markdown_math(markdown, macros)` converts every `$…$` and `$$…$$` of a Markdown text
(not those in code) and escapes what Markdown would misread; `latex_to_unicode(latex, macros)`
converts one expression. Both never raise.

Exports are loaded on first use (PEP 562) so that importing the package costs nothing at
start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.textmath.convert import latex_to_unicode
    from quizapp.textmath.markdown import render_markdown_math

__all__ = ["latex_to_unicode", "render_markdown_math"]


def __getattr__(name: str) -> Any:
    if name == "latex_to_unicode":
        from quizapp.textmath.convert import latex_to_unicode

        return latex_to_unicode
    if name == "render_markdown_math":
        from quizapp.textmath.markdown import render_markdown_math

        return render_markdown_math
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
