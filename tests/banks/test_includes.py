"""`include:`: banks share macros and hidden helper code from one `*.shared.yaml` file, resolved
relative to the bank and never outside its folder; missing files and cycles are clear problems."""

from __future__ import annotations

from pathlib import Path

from quizapp.banks import Variant, load_bank
from quizapp.banks.cache import load_bank_cached
from quizapp.banks.loader import bank_files
from quizapp.snippets.execute import run_snippet
from quizapp.snippets.jobs import snippet_job
from quizapp.snippets.trust import fingerprint

BANK = """bank: {id}
title: Course part
include: {include}
macros:
  R: '\\mathbb{{R}}'
questions:
  - id: doubled
    kind: computed
    prompt: What is $\\vec{{x}}$ doubled, for x = 21?
    setup: x = 21
    compute: result = double(x)
    answer: 42
    explain: The course's helper doubles.
"""

SHARED = """macros:
  vec: '\\boldsymbol{#1}'
  R: '\\mathrm{R}'
helpers: |
  def double(value):
      return 2 * value
"""


def _course(tmp_path: Path, include: str = "shared/course.shared.yaml", shared: str = SHARED) -> Path:
    (tmp_path / "course" / "shared").mkdir(parents=True)
    (tmp_path / "course" / "shared" / "course.shared.yaml").write_text(shared, encoding="utf-8")
    bank = tmp_path / "course" / "part1.yaml"
    bank.write_text(BANK.format(id="part1", include=include), encoding="utf-8")
    return bank


def test_a_shared_file_gives_macros_and_hidden_helpers(tmp_path: Path) -> None:
    bank_file = _course(tmp_path)
    bank, problems = load_bank(bank_file)
    assert bank is not None and list(problems) == [], [str(p) for p in problems]
    assert bank.macros == {"vec": "\\boldsymbol{#1}", "R": "\\mathbb{R}"}  # the bank's own macro wins
    question = bank.questions[0]
    assert question.helpers is not None and "def double" in question.helpers.text
    assert question.setup is not None and "double" not in question.setup.text  # hidden: not the shown setup
    assert question.helpers.path.name == "course.shared.yaml" and question.helpers.line == 5
    # The shared file is not a bank of its own when the folder is loaded.
    files, _ = bank_files([tmp_path / "course"])
    assert files == [bank_file]
    # The helper really runs before the setup and the snippet (as the worker runs a job).
    job = snippet_job(question, question.compute, Variant(0))
    outcome = run_snippet(job.to_dict(), {})
    assert outcome["ok"] and outcome["value"] == {"type": "int", "value": 42}, outcome


def test_editing_the_shared_file_changes_the_bank_its_cache_and_its_trust(tmp_path: Path) -> None:
    bank_file = _course(tmp_path)
    cache = tmp_path / "cache"
    first, _ = load_bank_cached(bank_file, shipped=False, folder=cache)
    assert first is not None
    shared = tmp_path / "course" / "shared" / "course.shared.yaml"
    shared.write_text(SHARED.replace("2 * value", "value + value").replace("boldsymbol", "mathbf"), encoding="utf-8")
    second, _ = load_bank_cached(bank_file, shipped=False, folder=cache)
    assert second is not None and second.macros["vec"] == "\\mathbf{#1}"  # not the stale cached bank
    assert fingerprint(first) != fingerprint(second)  # changed hidden code needs a new approval


def test_missing_outside_misnamed_and_cyclic_includes_are_problems_at_their_place(tmp_path: Path) -> None:
    cases = {
        "shared/none.shared.yaml": "include `shared/none.shared.yaml`: no such file",
        "../outside.shared.yaml": "outside the bank's folder",
        "shared/plain.yaml": "a shared file's name ends in .shared.yaml",
    }
    bank_file = _course(tmp_path)
    (tmp_path / "outside.shared.yaml").write_text(SHARED, encoding="utf-8")
    (tmp_path / "course" / "shared" / "plain.yaml").write_text(SHARED, encoding="utf-8")
    for include, message in cases.items():
        bank_file.write_text(BANK.format(id="part1", include=include), encoding="utf-8")
        bank, problems = load_bank(bank_file)
        assert bank is None
        assert any(str(p).startswith(f"{bank_file}:3:10: ") and message in str(p) for p in problems), \
            [str(p) for p in problems]
    shared = tmp_path / "course" / "shared"
    (shared / "a.shared.yaml").write_text("include: b.shared.yaml\n", encoding="utf-8")
    (shared / "b.shared.yaml").write_text("include: [a.shared.yaml]\n", encoding="utf-8")
    bank_file.write_text(BANK.format(id="part1", include="[shared/a.shared.yaml]"), encoding="utf-8")
    bank, problems = load_bank(bank_file)
    assert bank is None
    cycle = [str(p) for p in problems if "include cycle" in str(p)]
    assert cycle and cycle[0].startswith(f"{shared / 'b.shared.yaml'}:1:")
    assert "a.shared.yaml → b.shared.yaml → a.shared.yaml" in cycle[0]


def test_a_bad_shared_file_is_reported_in_that_file(tmp_path: Path) -> None:
    bank_file = _course(tmp_path, shared="macros: {vec: x}\nhelper: oops\nhelpers: |\n  def broken(:\n")
    bank, problems = load_bank(bank_file)
    shared = tmp_path / "course" / "shared" / "course.shared.yaml"
    assert bank is None
    listed = [str(p) for p in problems]
    assert any(p.startswith(f"{shared}:2:1: unknown key `helper`") for p in listed), listed
    assert any(p.startswith(f"{shared}:4:") and "syntax error in `helpers`" in p for p in listed), listed
