"""Loaded banks come from the cache when their file is unchanged — and never when it changed."""

from __future__ import annotations

from pathlib import Path

import pytest

import quizapp.banks.loader as loader
from quizapp import paths
from quizapp.banks import load_banks

BANK = """\
bank: cached
title: A bank read once
questions:
  - id: q1
    kind: computed
    prompt: What is 2 + 3?
    compute: result = 2 + 3
    compare: shape
    answer: [1, 2]
  - id: q2
    kind: open
    prompt: Why?
    answer:
"""


def load(folder: Path):
    result = load_banks([folder], include_shipped=False, include_user=False)
    return result, [str(p) for p in result.problems]


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reading a bank file for real fails the test."""
    def refuse(*_args: object) -> None:
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(loader, "_load_bank", refuse)


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "cached.yaml").write_text(BANK, encoding="utf-8")
    return folder


def test_an_unchanged_file_is_not_parsed_again_and_gives_the_same_bank(bank_dir, monkeypatch):
    first, first_problems = load(bank_dir)
    assert first_problems == [f"{bank_dir / 'cached.yaml'}:10:5: warning: question `q2` needs an answer (a model answer)"]
    no_parsing(monkeypatch)
    again, problems = load(bank_dir)
    assert problems == first_problems  # warnings are kept with the bank
    assert again.banks[0].questions == first.banks[0].questions
    assert again.banks[0].questions[0].answer == [1, 2]


def test_an_edited_file_is_read_afresh(bank_dir):
    load(bank_dir)
    (bank_dir / "cached.yaml").write_text(BANK.replace("What is 2 + 3?", "What is 2 + 4?"), encoding="utf-8")
    result, _ = load(bank_dir)
    assert result.banks[0].questions[0].prompt == "What is 2 + 4?"
    assert len(list((paths.cache_dir() / "banks").glob("*.pickle"))) == 1  # the old entry went


def test_a_broken_file_keeps_its_errors_when_it_comes_from_the_cache(bank_dir, monkeypatch):
    (bank_dir / "cached.yaml").write_text(BANK.replace("kind: open", "kind: opn"), encoding="utf-8")
    first, problems = load(bank_dir)
    assert first.banks == [] and "unknown kind `opn`: one of true_false, open, computed, multiple_choice (did you mean `open`?)" in problems[0]
    no_parsing(monkeypatch)
    again, again_problems = load(bank_dir)
    assert again.banks == [] and again_problems == problems


def test_a_damaged_cache_entry_is_ignored(bank_dir):
    load(bank_dir)
    for entry in (paths.cache_dir() / "banks").glob("*.pickle"):
        entry.write_bytes(b"\x80\x05 not a pickle")
    result, _ = load(bank_dir)
    assert [q.id for q in result.banks[0].questions] == ["q1", "q2"]


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(bank_dir):
    paths.cache_dir().mkdir(parents=True, exist_ok=True)
    (paths.cache_dir() / "banks").write_text("a file where the folder should be")
    result, problems = load(bank_dir)
    assert [q.id for q in result.banks[0].questions] == ["q1", "q2"] and len(problems) == 1
