"""`quizapp preview BANK [QUESTION] --plain`: the cards as a student sees them, printed; no
progress file is opened or made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from study_support import BASICS


def quizapp(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QUIZAPP_HOME": str(home), "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True, text=True, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_plain_preview_prints_prompt_and_feedback_and_touches_no_progress(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run = quizapp("preview", str(BASICS), "--plain", "--no-code", home=home)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "[1/" in out and "About the ReLU activation, true or false?" in out
    assert "✓ Right — you said true; the answer is true." in out  # the right answer's feedback
    assert "Model answer:" in out and "The region of the input that can influence" in out
    assert "2/3" in out and "Dice = 2·IoU / (1 + IoU)." in out
    assert not list(home.rglob("*.sqlite3"))  # no progress database anywhere
    one = quizapp("preview", str(BASICS), "relu-facts/no-vanishing", "--plain", "--no-code", "--answer", "t",
                  home=home)
    assert one.returncode == 0, one.stderr
    assert one.stdout.count("[1/1]") == 1 and "✗ Wrong — you said true; the answer is false." in one.stdout
    typo = quizapp("preview", str(BASICS), "relu-fact", "--plain", home=home)
    assert typo.returncode == 1 and "no question 'relu-fact'" in typo.stderr and "relu-facts" in typo.stderr
