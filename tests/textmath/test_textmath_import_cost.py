"""Rendering math at start-up costs no heavy import (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import json, sys
import quizapp.textmath as textmath
after_import = sorted(m for m in sys.modules if m.startswith("quizapp.textmath."))
text = r"Let $\vec{x} \in \mathbb{R}^n$ and $$\sum_i x_i^2$$"
textmath.render_markdown_math(text, {"vec": r"\mathbf{#1}"})
heavy = sorted(m for m in ("textual", "torch", "pylatexenc", "rich", "yaml") if m in sys.modules)
print(json.dumps({"after_import": after_import, "heavy": heavy}))
"""


def test_importing_is_free_and_rendering_pulls_in_nothing_heavy() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=True, timeout=60)
    seen = json.loads(result.stdout)
    assert seen["after_import"] == []  # exports load on first use
    assert seen["heavy"] == []
