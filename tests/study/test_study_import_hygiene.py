"""What importing the front ends costs: the study flow knows nothing of Textual, and nothing
that starts the app loads torch (it belongs to the snippet helper process)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; import json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("module", ["quizapp.study", "quizapp.plain"])
def test_the_study_flow_imports_neither_textual_nor_torch(module):
    loaded = loaded_after(f"import {module}")
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "torch", "textual_plotext")}


def test_starting_the_app_imports_no_torch_and_no_chart_library():
    loaded = loaded_after("import quizapp.tui.app, quizapp.tui.screens.home, quizapp.tui.screens.study")
    heavy = {m.split(".")[0] for m in loaded} & {"torch", "textual_plotext", "plotext", "numpy", "pandas"}
    assert not heavy
