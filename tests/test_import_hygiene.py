"""Layers stay apart: domain code never pulls in the TUI or torch, the TUI never pulls in torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

DOMAIN = [
    "quizapp.banks", "quizapp.grading", "quizapp.progress", "quizapp.snippets", "quizapp.importers",
    "quizapp.textmath", "quizapp.cards", "quizapp.paths",
]


def loaded_after(import_line: str) -> set[str]:
    code = f"import sys\n{import_line}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_modules_import_neither_textual_nor_torch(module: str) -> None:
    modules = loaded_after(f"import {module}")
    assert "textual" not in modules and "torch" not in modules


def test_the_cli_starts_without_torch_or_textual() -> None:
    modules = loaded_after("import quizapp.cli")
    assert "torch" not in modules and "textual" not in modules


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    if not lint_imports.exists():
        pytest.skip("import-linter is not installed in this environment")
    result = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
