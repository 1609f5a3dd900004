"""The banks we ship lint clean and every snippet in them still computes the declared answer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
QUIZAPP = [sys.executable, "-m", "quizapp"]


def test_shipped_banks_lint_clean_even_strictly() -> None:
    result = subprocess.run([*QUIZAPP, "lint", "--strict", "questions/"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # not one problem line


SHIPPED = sorted((REPO / "questions").glob("*.yaml"))
GROUPS = 4  # so that a parallel run (pytest -n) spreads the banks over its workers


@pytest.mark.slow
@pytest.mark.parametrize("group", range(GROUPS))
def test_every_shipped_snippet_computes_its_declared_answer(group: int) -> None:
    # 5 seeded variants per parametrised question, not the default 20: the default takes
    # minutes on CI's two cores. `quizapp check questions/` (20 variants) is run before a bank
    # change lands; this keeps every snippet, mistake and cross-check of the shipped banks
    # exercised on each CI run. Every shipped bank is in exactly one group.
    banks = [str(path.relative_to(REPO)) for path in SHIPPED[group::GROUPS]]
    result = subprocess.run([*QUIZAPP, "check", "--json", "--variants", "5", *banks], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["ok"] and report["failures"] == [] and report["problems"] == []
    assert len(report["banks"]) == len(banks) >= 7
    assert len(report["snippets"]) >= 100, "each group of banks runs a hundred snippets or more"
