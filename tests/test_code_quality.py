"""ruff and mypy, configured in pyproject.toml, pass on the code as it is: a `noqa` or
`type: ignore` that suppresses nothing, an unannotated function in quizapp/, an unused import or
an import out of order fails the suite like any other bug (CONTRIBUTING.md says how to run them)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[test]' installs it)")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_ruff_finds_nothing_in_the_code_and_the_tests():
    result = _run("ruff", "check", "--no-cache", "quizapp", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_nothing_in_quizapp():
    result = _run("mypy")  # files, strictness and the untyped libraries: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
