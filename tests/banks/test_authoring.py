"""Authoring helpers: `quizapp new` writes a starter bank that lints and checks clean;
statements can say where they come from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.banks import load_bank


def quizapp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ})


def test_new_writes_a_starter_bank_with_every_kind_that_lints_clean(tmp_path: Path) -> None:
    made = quizapp("new", "My course.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    bank, problems = load_bank(tmp_path / "My course.yaml")
    assert bank is not None and list(problems) == []  # not even a warning: lint --strict passes
    assert bank.id == "my-course"
    assert {q.kind for q in bank.questions} == {"true_false", "open", "computed", "multiple_choice"}
    computed = next(q for q in bank.questions if q.kind == "computed")
    assert computed.params and computed.examples and computed.demos
    text = (tmp_path / "My course.yaml").read_text(encoding="utf-8")
    assert "quizapp lint --strict 'My course.yaml'" in text and text.count("#") > 20
    assert quizapp("lint", "--strict", "My course.yaml", cwd=tmp_path).returncode == 0
    again = quizapp("new", "My course.yaml", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert quizapp("new", "notes.txt", cwd=tmp_path).returncode == 1


@pytest.mark.slow
def test_the_starter_bank_checks_clean_with_torch(tmp_path: Path) -> None:
    assert quizapp("new", "starter.yaml", cwd=tmp_path).returncode == 0
    assert quizapp("trust", "starter.yaml", "--yes", cwd=tmp_path).returncode == 0
    check = quizapp("check", "starter.yaml", cwd=tmp_path)
    assert check.returncode == 0 and "0 failed" in check.stdout + check.stderr


def test_a_statement_keeps_its_own_source(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("bank: b\ntitle: B\nquestions:\n  - id: q\n    kind: true_false\n    stem: True or false?\n"
                    "    source: lecture 3\n    statements:\n      - id: s1\n        text: One.\n        answer: true\n"
                    "        explain: Yes.\n        source: notebook cell 12\n", encoding="utf-8")
    bank, problems = load_bank(path)
    assert bank is not None and list(problems) == []
    assert (bank.questions[0].source, bank.questions[0].statements[0].source) == ("lecture 3", "notebook cell 12")
