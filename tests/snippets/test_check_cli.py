"""`quizapp check` and `quizapp trust`, run as a user runs them (a real process each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BANK = """\
bank: checked
title: Checked bank
questions:
  - id: conv-shape
    kind: computed
    setup: |
      conv = nn.Conv2d(3, 8, kernel_size=3)
    prompt: Shape?
    compute: result = tuple(conv(torch.zeros(1, 3, 10, 10)).shape)
    compare: shape
    answer: {answer}
  - id: width
    kind: computed
    params:
      k: {{choices: [3, 5]}}
    setup: |
      conv = nn.Conv2d(1, 1, kernel_size={{{{k}}}})
    prompt: Width?
    compute: result = conv(torch.zeros(1, 1, 9, 9)).shape[-1]
    cross_check: result = 9 - k + 1
    examples:
      - params: {{k: 3}}
        answer: 7
  - id: relu
    kind: true_false
    stem: ReLU?
    statements:
      - id: grad
        text: The gradient of ReLU is 1 for x > 0.
        answer: {statement}
        verify: |
          x = torch.tensor([2.0], requires_grad=True)
          torch.relu(x).backward()
          result = bool(x.grad.item() == 1.0)
    demos:
      - title: ReLU
        code: |
          chart({{"relu": torch.relu(torch.linspace(-1, 1, 5))}})
"""


def quizapp(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True,
                          text=True, input=stdin, env=dict(os.environ), timeout=120)


def write(path: Path, answer: str = "[1, 8, 8, 8]", statement: str = "true") -> Path:
    path.write_text(BANK.format(answer=answer, statement=statement))
    return path


def test_untrusted_bank_is_not_run(tmp_path: Path) -> None:
    bank = write(tmp_path / "b.yaml")
    run = quizapp("check", str(bank))
    assert run.returncode == 1
    assert f"{bank}:1: bank `checked` is not trusted" in run.stdout


def test_wrong_declared_answers_fail_with_file_line_and_both_values(tmp_path: Path) -> None:
    bank = write(tmp_path / "b.yaml", answer="[1, 8, 9, 9]", statement="false")
    run = quizapp("check", "--trust", str(bank))
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert f"{bank}:4: conv-shape: expected (1, 8, 9, 9), computed (1, 8, 8, 8)" in lines
    assert f"{bank}:28: relu/grad: expected false, computed true" in lines
    assert len(lines) == 2  # the parametrised question and its cross-check agree
    assert "2 failed" in run.stderr and "seccomp" in run.stderr


def test_trusted_bank_passes_and_json_has_timings_and_layers(tmp_path: Path) -> None:
    bank = write(tmp_path / "b.yaml")
    approve = quizapp("trust", "--yes", str(bank))
    assert approve.returncode == 0 and "checked: trusted" in approve.stdout
    assert "conv = nn.Conv2d(3, 8, kernel_size=3)" in approve.stdout  # shown before approval
    run = quizapp("check", "--json", str(bank))
    assert run.returncode == 0, run.stdout
    report = json.loads(run.stdout)
    assert report["ok"] and report["failures"] == []
    assert "process" in report["engine"]["layers"] and report["engine"]["state"] == "ready"
    roles = sorted(s["role"] for s in report["snippets"])
    # conv-shape once; width at its example (k=3) and at the other seeded variant (k=5)
    assert roles.count("compute") == 3 and roles.count("cross_check") == 2
    assert {"verify", "demo"} <= set(roles)
    assert all(s["passed"] and s["duration_ms"] > 0 for s in report["snippets"])
    demo = next(s for s in report["snippets"] if s["role"] == "demo")
    assert demo["charts"] == 1


def test_trust_asks_again_after_a_code_change_and_can_be_revoked(tmp_path: Path) -> None:
    bank = write(tmp_path / "b.yaml")
    assert quizapp("trust", "--yes", str(bank)).returncode == 0
    assert "already trusted" in quizapp("trust", str(bank)).stdout
    bank.write_text(bank.read_text().replace("result = 9 - k + 1", "result = 10 - k"))
    refused = quizapp("trust", str(bank), stdin="n\n")  # not a terminal: refuses, says how
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert "1 new or changed since you last trusted it" in refused.stdout
    assert "width: cross_check [changed]" in refused.stdout
    assert quizapp("check", str(bank)).returncode == 1  # not run until approved again
    assert "approval revoked" in quizapp("trust", "--revoke", str(bank)).stdout
