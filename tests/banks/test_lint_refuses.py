"""What lint refuses beyond the format: bidirectional controls (the "Trojan Source" trick) in
code, text or comments, and one bank id in two files; and `quizapp trust`, the screen for
reviewing code, never shows such characters raw."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.banks import load_bank, load_bank_paths, load_banks
from quizapp.records import replace
from quizapp.terminal_text import visible_code

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"

# The classic: the comment's override makes `is_admin` look commented out while it runs.
TROJAN = f"""\
bank: trojan
title: Trojan source
questions:
  - id: q1
    kind: computed
    prompt: What is printed?
    compute: |
      access = "user"
      if access != "none{RLO}{LRI}# check{PDI}{LRI}":
          result = 1
      result = 2
"""


def run_quizapp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_bidi_controls_in_code_are_refused_at_each_place(tmp_path):
    path = tmp_path / "trojan.yaml"
    path.write_text(TROJAN, encoding="utf-8")
    bank, problems = load_bank(path)
    assert bank is None
    assert [(p.line, p.col, p.code) for p in problems] == [
        (9, 25, "bidi-control"), (9, 26, "bidi-control"), (9, 34, "bidi-control"), (9, 35, "bidi-control")]
    assert problems[0].message.startswith("bidirectional control <U+202E>: it can make code or text show")


@pytest.mark.parametrize("where", ["title: 'Which is bigger{RLO}?'", "# a comment {RLO}", "explain: \"{LRI}x{PDI}\""])
def test_bidi_controls_in_text_and_comments_are_refused_too(tmp_path, where):
    text = ("bank: b\ntitle: T\nquestions:\n  - id: q\n    kind: open\n    prompt: P\n    answer: A\n    "
            + where.format(RLO=RLO, LRI=LRI, PDI=PDI) + "\n")
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    bank, problems = load_bank(path)
    assert bank is None and problems and {p.code for p in problems} == {"bidi-control"}
    assert all(p.line == 8 for p in problems)


def test_marks_for_right_to_left_prose_are_allowed(tmp_path):
    # LRM/RLM only settle the direction of neutral characters; Hebrew or Arabic text needs them.
    path = tmp_path / "b.yaml"
    path.write_text("bank: b\ntitle: T\nquestions:\n  - id: q\n    kind: open\n    prompt: \"שלום\u200f!\"\n"
                    "    answer: A\n", encoding="utf-8")
    bank, problems = load_bank(path)
    assert bank is not None and problems == []


def test_lint_and_trust_never_print_a_bidi_control_raw(tmp_path):
    (tmp_path / "trojan.yaml").write_text(TROJAN, encoding="utf-8")
    lint = run_quizapp("lint", "trojan.yaml", cwd=tmp_path)
    assert lint.returncode == 1 and lint.stdout.count("bidirectional control") == 4
    trust = run_quizapp("trust", "--yes", "trojan.yaml", cwd=tmp_path)
    assert trust.returncode != 0 and "Traceback" not in trust.stderr
    for output in (lint.stdout, lint.stderr, trust.stdout, trust.stderr):
        assert not any(c in output for c in (RLO, PDF, LRI, PDI))


def test_the_trust_listing_shows_hidden_characters_escaped(tmp_path, capsys):
    # A bank read before this check (an old cache, another tool) still shows escaped.
    from quizapp.cli.trust import _show

    path = tmp_path / "clean.yaml"
    path.write_text(TROJAN.replace(RLO, "").replace(LRI, "").replace(PDI, ""), encoding="utf-8")
    bank, _ = load_bank(path)
    question = bank.questions[0]
    sneaky = replace(question.compute, text=question.compute.text.replace("# check", f"{RLO}{LRI}# check{PDI}\u200b"))
    bank = replace(bank, questions=[replace(question, compute=sneaky)])
    _show(bank, None)
    shown = capsys.readouterr().out
    assert "<U+202E><U+2066># check<U+2069><U+200B>" in shown
    assert not any(c in shown for c in (RLO, LRI, PDI, "\u200b"))


def test_visible_code_escapes_controls_and_keeps_other_text():
    assert visible_code(f"a{RLO}b\x1b[2J ünïcode\n") == "a<U+202E>b\\x1b[2J ünïcode\n"
    assert visible_code("plain\n") == "plain\n"


GOOD = "bank: {id}\ntitle: T\nquestions:\n  - {{id: q, kind: open, prompt: P, answer: A}}\n"


def test_lint_refuses_one_bank_id_in_two_files_and_names_both(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD.format(id="same"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.format(id="same"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD.format(id="other"), encoding="utf-8")
    run = run_quizapp("lint", ".", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "b.yaml:1:1: bank id `same` is already used by a.yaml; this file is skipped (give it a bank id of its own)",
        "a.yaml:1:1: warning: bank id `same` is also used by b.yaml, which is skipped",
    ]
    result = load_bank_paths([tmp_path])
    assert sorted(b.id for b in result.banks) == ["other", "same"]


def test_the_app_names_both_files_of_one_bank_id(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD.format(id="same"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.format(id="same"), encoding="utf-8")
    result = load_banks([tmp_path], include_shipped=False, include_user=False)
    assert [b.path.name for b in result.banks] == ["a.yaml"]
    named = {(Path(p.path).name, p.severity) for p in result.problems if p.code == "duplicate-bank"}
    assert named == {("b.yaml", "error"), ("a.yaml", "warning")}
    assert all("a.yaml" in p.message or "b.yaml" in p.message for p in result.problems)
