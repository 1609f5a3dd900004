"""`quizapp check` proves variants and typical mistakes: it runs the mistakes on every checked
variant (warning where one gives the right answer), runs 20 seeded variants by default, and
reports a variant that fails or degenerates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BANK = """\
bank: proven
title: Proven variants
questions:
  - id: conv-width
    kind: computed
    params:
      k: {choices: [1, 3, 5]}
      p: {range: [0, 2]}
    setup: |
      conv = nn.Conv2d(1, 1, kernel_size={{k}}, padding={{p}})
    prompt: Width?
    compute: result = conv(torch.zeros(1, 1, 9, 9)).shape[-1]
    mistakes:
      - code: 9 - k + 1
        feedback: forgot the padding
      - code: None if p == 0 else 9 + p - k + 1   # no difference without padding
        feedback: padding on one side only
  - id: constant
    kind: computed
    params:
      n: {range: [1, 4]}
    prompt: Always 3?
    compute: result = 3
  - id: empty
    kind: computed
    params:
      k: {choices: [3, 11]}
    prompt: Shape?
    compute: result = tuple(F.conv2d(torch.zeros(1, 1, 9, 9), torch.zeros(1, 1, k, k), padding=0).shape) if k < 10 else (1, 1, 0, 0)
    compare: shape
"""


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizapp", "check", "--trust", *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=300, check=False)


def test_mistakes_run_on_every_variant_and_one_that_gives_the_truth_is_a_warning(tmp_path: Path) -> None:
    bank = tmp_path / "proven.yaml"
    bank.write_text(BANK)
    run = check("--json", str(bank))
    report = json.loads(run.stdout)
    assert report["variants"] == 20
    mistakes = [s for s in report["snippets"] if s["role"] == "mistake"]
    computes = [s for s in report["snippets"] if s["role"] == "compute" and s["question"] == "conv-width"]
    assert len(computes) == 9 and len(mistakes) == 18  # all 9 distinct variants, both mistakes each
    warned = [w for w in report["warnings"] if "conv-width" in w]
    assert warned and all("conv-width (k=" in w and ", p=0)" in w and "mistake 1 gives the right answer" in w
                          for w in warned)  # mistake 2 returns None there: not applicable, no warning
    assert len(warned) == 3  # k = 1, 3, 5 with p = 0


def test_degenerate_variants_fail_the_check_with_their_parameters(tmp_path: Path) -> None:
    bank = tmp_path / "proven.yaml"
    bank.write_text(BANK)
    run = check(str(bank))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert any("empty (k=11): degenerate variant: a size of (1, 1, 0, 0) is zero or negative" in line
               for line in lines)
    assert any(line.startswith("warning: ") and line.endswith(
        "constant: every one of 4 variants has the answer 3: do the parameters matter?") for line in lines)
    assert "20 seeded variant(s) per parametrised question" in run.stderr


def test_fewer_variants_on_request(tmp_path: Path) -> None:
    bank = tmp_path / "proven.yaml"
    bank.write_text(BANK)
    report = json.loads(check("--json", "--variants", "2", str(bank)).stdout)
    assert report["variants"] == 2
    assert sum(1 for s in report["snippets"] if s["role"] == "compute" and s["question"] == "conv-width") == 2
