"""`quizapp lint` as a user and a CI job run it: one line per problem, the exit status, JSON —
and the folders `lint` and `trust` are given."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GOOD = """\
bank: tiny
title: A tiny bank
questions:
  - id: q1
    kind: open
    prompt: Why?
    answer: Because.
"""


def quizapp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def lint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return quizapp("lint", *args, cwd=cwd)


def test_a_clean_folder_passes_and_a_broken_file_fails_with_its_position(tmp_path: Path) -> None:
    (tmp_path / "banks").mkdir()
    (tmp_path / "banks" / "good.yaml").write_text(GOOD, encoding="utf-8")
    clean = lint("banks", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == ""
    assert clean.stderr.strip() == "1 file: 0 error(s), 0 warning(s)"
    (tmp_path / "banks" / "bad.yaml").write_text(GOOD.replace("kind: open", "kind: opne"), encoding="utf-8")
    broken = lint("banks", cwd=tmp_path)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    [line] = broken.stdout.splitlines()
    assert line.startswith(f"{Path('banks') / 'bad.yaml'}:5:11: ") and "open" in line  # did you mean


def test_json_lists_every_problem_with_its_code(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(GOOD + "  - id: q1\n    kind: open\n    prompt: Again?\n    answer: Yes.\n",
                                       encoding="utf-8")
    run = lint("--format", "json", "bad.yaml", cwd=tmp_path)
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["ok"] is False and report["errors"] == 1 and report["banks_loaded"] == 0
    [problem] = report["problems"]
    assert (problem["line"], problem["code"]) == (8, "duplicate-id")


def test_a_missing_path_or_a_folder_without_banks_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a bank\n", encoding="utf-8")
    run = lint("empty", "nowhere.yaml", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stdout.splitlines() == ["empty:1:1: no bank files (.yaml or .yml) in this folder",
                                       "nowhere.yaml:1:1: no such file or folder"]


def test_trust_says_so_when_a_folder_holds_no_bank(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = quizapp("trust", "empty", "--yes", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "empty:1:1: no bank files (.yaml or .yml) in this folder" in run.stderr
