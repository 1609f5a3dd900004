"""A large bank read in parts on several cores gives exactly what reading it in one go gives,
and every file the parts cannot read faithfully is read in one go."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.banks import load_bank, parallel_load
from quizapp.banks.parallel_load import read_in_parts

HEADER = """\
# A bank long enough to be cut.
bank: parts
title: Parts of a bank
macros: {vec: '\\boldsymbol{#1}'}
topic: &topic basics
questions:
"""


@pytest.fixture(autouse=True)
def no_thread_check(monkeypatch):
    """Other tests (the snippet engine's) may leave threads running in this process, which would
    make every read here a read in one go; the check itself is tested in a fresh process."""
    monkeypatch.setattr(parallel_load, "single_threaded", lambda: True)


def question(i: int) -> str:
    """Question i: every kind in turn, with block scalars, statements, parameters and demos;
    some with warnings (no explanation, no model answer)."""
    kind = i % 4
    if kind == 0:
        return (f"  - id: open-{i}\n    kind: open\n    topic: t{i % 3}\n    prompt: |\n      Explain idea {i}.\n"
                f"\n      Second paragraph, $\\vec{{x}}$.\n    answer: {'' if i % 8 == 0 else 'Because.'}\n")
    if kind == 1:
        return (f"  - id: tf-{i}\n    kind: true_false\n    stem: \"Decide,\n      with a quoted stem over two lines\"\n"
                f"    statements:\n      - {{id: a, text: 'Statement {i}.', answer: true, explain: Yes.}}\n"
                f"      - id: b\n        text: Another.\n        answer: false\n")
    if kind == 2:
        return (f"  - id: comp-{i}\n    kind: computed\n    topic: *topic\n    run: {{time_limit: 5}}\n    params:\n      k: {{choices: [3, 5]}}\n"
                f"    setup: |\n      width = 10 + {{{{k}}}}\n    prompt: Width with k={{{{k}}}}?\n"
                f"    compute: |\n      result = width * {i}\n    compare: exact\n"
                f"    examples:\n      - params: {{k: 3}}\n        answer: {13 * i}\n"
                f"    demos:\n      - title: Show\n        code: |\n          print(width)  # {i}\n")
    return (f"  - id: mc-{i}\n    kind: multiple_choice\n    prompt: Which one, {i}?\n    choices:\n"
            f"      - {{text: right, correct: true}}\n      - {{text: wrong}}\n")


def bank_text(n: int = 40, tail: str = "", line_end: str = "\n") -> str:
    text = HEADER + "".join(question(i) for i in range(n)) + tail
    return text.replace("\n", line_end)


def both_ways(tmp_path: Path, text: str, parts: int = 2):
    """(parts' result or None, the bank and problems read in one go)."""
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    sequential = load_bank(path, parallel=False)
    return read_in_parts(path, False, text, parts=parts), sequential


@pytest.mark.parametrize("parts", [2, 3, 4])
def test_parts_give_the_same_bank_and_problems_as_one_read(tmp_path, parts):
    joined, (bank, problems) = both_ways(tmp_path, bank_text(), parts)
    assert joined is not None, "the file was not read in parts"
    assert bank is not None and len(bank.questions) == 40
    assert joined[0] == bank  # every question, snippet line and statement line alike
    assert [str(p) for p in joined[1]] == [str(p) for p in problems]
    assert any(p.line > 200 for p in problems) and any(p.line < 100 for p in problems)  # warnings from both ends


def test_a_file_with_windows_line_ends_is_read_in_parts_too(tmp_path):
    joined, (bank, problems) = both_ways(tmp_path, bank_text(line_end="\r\n"))
    assert joined is not None
    assert joined[0] == bank and list(joined[1]) == list(problems)


def test_anchors_shared_between_neighbouring_questions_are_read_in_parts(tmp_path):
    # As docs/banks.md shows: one question defines its setup as an anchor, the next reuses it.
    text = bank_text()
    for i in (2, 30):
        text = text.replace(f"    setup: |\n      width = 10 + {{{{k}}}}\n    prompt: Width with k={{{{k}}}}?\n"
                            f"    compute: |\n      result = width * {i}\n",
                            f"    setup: &setup{i} |\n      width = 20 + {{{{k}}}}\n    prompt: Width with k={{{{k}}}}?\n"
                            f"    compute: |\n      result = width * {i}\n")
        text = text.replace(f"    setup: |\n      width = 10 + {{{{k}}}}\n    prompt: Width with k={{{{k}}}}?\n"
                            f"    compute: |\n      result = width * {i + 4}\n",
                            f"    setup: *setup{i}\n    prompt: Width with k={{{{k}}}}?\n"
                            f"    compute: |\n      result = width * {i + 4}\n")
    joined, (bank, problems) = both_ways(tmp_path, text)
    assert joined is not None
    assert bank.question("comp-34").setup.text == "width = 20 + {{k}}\n"
    assert joined == (bank, problems)


def test_an_alias_to_an_anchor_of_an_earlier_part_is_read_in_one_go(tmp_path):
    text = bank_text().replace("    compute: |\n      result = width * 2\n",
                               "    compute: &mine |\n      result = width * 2\n")
    text = text.replace("    compute: |\n      result = width * 38\n", "    compute: *mine\n")
    joined, (bank, problems) = both_ways(tmp_path, text)
    assert joined is None
    assert bank is not None and bank.question("comp-38").compute.text == "result = width * 2\n"
    assert load_bank(tmp_path / "big.yaml") == (bank, problems)


def test_an_anchor_that_hides_a_header_anchor_is_read_in_one_go(tmp_path):
    # The header's `&topic` is defined again by question 2; question 38 (in the second part)
    # must see question 2's, as a reader of the whole file does.
    text = bank_text().replace("  - id: comp-2\n    kind: computed\n    topic: *topic\n",
                               "  - id: comp-2\n    kind: computed\n    topic: &topic other\n")
    joined, (bank, _) = both_ways(tmp_path, text)
    assert joined is None
    assert [bank.question(q).topic for q in ("comp-2", "comp-6", "comp-38")] == ["other", "other", "other"]
    assert load_bank(tmp_path / "big.yaml")[0] == bank


def test_the_alias_cap_counts_the_aliases_of_every_part(tmp_path, monkeypatch):
    # Ten `*topic` aliases, about five in each part: under a cap of 6 each, over it together.
    monkeypatch.setattr(parallel_load, "MAX_ALIAS_EXPANSION", 6)
    joined, (bank, _) = both_ways(tmp_path, bank_text())
    assert joined is None and bank is not None
    monkeypatch.setattr(parallel_load, "MAX_ALIAS_EXPANSION", 10)
    assert both_ways(tmp_path, bank_text())[0] is not None


def test_an_id_used_in_two_parts_is_reported_as_in_one_read(tmp_path):
    text = bank_text().replace("id: mc-39", "id: mc-3")
    joined, (bank, problems) = both_ways(tmp_path, text)
    assert joined is None and bank is None
    assert [p.message for p in problems if p.severity == "error"] == [
        f"duplicate question id `mc-3` (first used at line {text[:text.index('id: mc-3')].count(chr(10)) + 1})"]
    assert load_bank(tmp_path / "big.yaml") == (bank, problems)


@pytest.mark.parametrize(("tail", "loads"), [("license: MIT\n", True), ("...\n", True), ("---\nbank: other\n", False)])
def test_anything_after_the_questions_is_read_in_one_go(tmp_path, tail, loads):
    joined, sequential = both_ways(tmp_path, bank_text(tail=tail))
    assert joined is None
    assert load_bank(tmp_path / "big.yaml") == sequential
    assert (sequential[0] is not None) == loads  # a second document is an error
    if tail.startswith("license"):
        assert sequential[0].license == "MIT"


def test_errors_in_the_questions_of_any_part_are_reported_as_in_one_read(tmp_path):
    text = (bank_text().replace("      result = width * 34\n", "      result = width *\n")
            .replace("kind: open\n    topic: t1", "kind: opne\n    topic: t1", 1))
    joined, (bank, problems) = both_ways(tmp_path, text)
    assert bank is None
    syntax = text[:text.index("result = width *\n")].count("\n") + 1
    kind = text[:text.index("kind: opne")].count("\n") + 1
    assert [(p.line, p.code) for p in problems if p.severity == "error"] == [(kind, "invalid-value"), (syntax, "syntax")]
    assert joined is not None  # read in parts all the same, with the same problems
    assert joined[0] is None and list(joined[1]) == list(problems)


def test_a_cut_inside_a_quoted_string_is_not_trusted(tmp_path):
    # Nearly all the text is one quoted string whose lines look like list items: the cut falls
    # inside it, and the first part then ends in an open quote.
    fake = "".join(f"\n  - id: fake-{i}" for i in range(400))
    text = HEADER + f'  - id: long\n    kind: open\n    prompt: "Lines{fake}"\n    answer: A.\n' + question(1)
    joined, (bank, _) = both_ways(tmp_path, text)
    assert joined is None
    assert [q.id for q in bank.questions] == ["long", "tf-1"]
    assert bank.questions[0].prompt.startswith("Lines - id: fake-0 - id: fake-1")


def test_a_part_that_fails_is_read_again_in_one_go(tmp_path, monkeypatch):
    read_part = parallel_load._read_part

    def fail_in_child(path, shipped, plan, i):
        if i > 0:
            os._exit(3)
        return read_part(path, shipped, plan, i)

    monkeypatch.setattr(parallel_load, "_read_part", fail_in_child)
    forked = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded_fork)
    text = bank_text()
    joined, sequential = both_ways(tmp_path, text)
    assert joined is None and len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # reaped: no child left behind
    monkeypatch.setattr(parallel_load, "MIN_PART_CHARS", 1000)
    assert load_bank(tmp_path / "big.yaml") == sequential


def test_no_fork_while_another_thread_runs(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(bank_text(), encoding="utf-8")
    script = """
import sys, threading
from pathlib import Path
from quizapp.banks.parallel_load import read_in_parts
path = Path(sys.argv[1]); text = path.read_text()
alone = read_in_parts(path, False, text, parts=2) is not None
stop = threading.Event(); other = threading.Thread(target=stop.wait); other.start()
with_thread = read_in_parts(path, False, text, parts=2) is not None
stop.set(); other.join()
print(alone, with_thread)
"""
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]


def test_a_large_file_is_cut_into_parts_by_default(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel_load, "cores", lambda: 2)
    monkeypatch.setattr(parallel_load, "MIN_PART_CHARS", 1000)
    planned = []
    plan_parts = parallel_load.plan_parts
    monkeypatch.setattr(parallel_load, "plan_parts", lambda text, parts: planned.append(parts) or plan_parts(text, parts))
    text = bank_text()
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_bank(path) == load_bank(path, parallel=False)
    assert planned == [2]


@pytest.mark.parametrize("parts", [2, 3])
def test_a_question_missing_its_kind_is_numbered_as_in_one_read(tmp_path, parts):
    # "question N" counts the file's questions: a part must not count from its own first one.
    text = bank_text().replace("  - id: mc-35\n    kind: multiple_choice\n", "  - id: mc-35\n")
    joined, (bank, problems) = both_ways(tmp_path, text, parts)
    assert bank is None
    assert [p.message.split(":")[0] for p in problems if p.severity == "error"] == [
        "missing `kind` in question 36"]
    assert joined is not None and list(joined[1]) == list(problems)


def test_a_related_link_to_a_question_of_another_part_is_read_in_one_go(tmp_path):
    # A part sees only its own questions: it would call the link unknown.
    text = bank_text().replace("  - id: mc-3\n", "  - id: mc-3\n    related: [open-36, nowhere]\n")
    joined, (bank, problems) = both_ways(tmp_path, text)
    assert joined is None
    unknown = [str(p) for p in problems if p.code == "unknown-related"]
    assert len(unknown) == 1 and "`nowhere`" in unknown[0]  # open-36 is a question of the bank
    assert bank is not None and bank.question("mc-3").related == ("open-36", "nowhere")
