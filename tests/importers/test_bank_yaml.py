"""The bank writer: what it writes loads back to exactly the document it was given."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from quizapp.banks import load_bank
from quizapp.errors import QuizappError
from quizapp.importers import dump_bank_yaml, import_file, write_bank_yaml

SOURCES = ["notebooks/summary_questions_2021.ipynb", "gift/giftFormatPhpExamples.gift", "gift/escapeAll.gift",
           "anki/docker.tsv"]


@pytest.mark.parametrize("source", SOURCES)
def test_imported_banks_load_back_identically(fixtures: Path, tmp_path: Path, source: str) -> None:
    doc, _ = import_file(fixtures / source)
    path = tmp_path / "bank.yaml"
    text = dump_bank_yaml(doc, path)
    assert text.startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(text) == doc
    path.write_text(text, encoding="utf-8")
    bank, problems = load_bank(path)
    assert bank is not None, [str(p) for p in problems]
    assert [q.id for q in bank.questions] == [q["id"] for q in doc["questions"]]
    assert [q.prompt or q.stem for q in bank.questions] == [q.get("prompt") or q["stem"] for q in doc["questions"]]


def test_awkward_text_survives_and_reads_well(tmp_path: Path) -> None:
    awkward = ["yes", "null", "1e3", ": colon first", "- dash first", "# hash first", "tab\there",
               "trailing space ", "  leading spaces\nsecond line", "ünïcödé — ok", "answer: null\ninside text",
               "code:\n\n    indented\n\nblank lines kept\n", "x" * 200, "'quotes' and \"quotes\""]
    doc = {"bank": "awkward", "title": "Awkward", "questions": [
        {"id": f"q{i}", "kind": "open", "prompt": text, "answer": None} for i, text in enumerate(awkward)]}
    text = dump_bank_yaml(doc)
    assert yaml.safe_load(text) == doc
    assert "prompt: |" in text and "&id" not in text  # block text, no anchors
    assert text.count("answer: null  # needs an answer") == len(awkward)
    path = tmp_path / "awkward.yaml"
    write_bank_yaml(doc, path)
    bank, _ = load_bank(path)
    assert bank is not None and [q.prompt for q in bank.questions] == awkward


def test_writer_keeps_documentation_key_order_and_refuses_to_overwrite(tmp_path: Path) -> None:
    doc = {"questions": [{"answer": "42", "prompt": "Why?", "kind": "open", "id": "q1", "topic": "t"}],
           "title": "T", "bank": "b", "format": 1}
    path = tmp_path / "b.yaml"
    write_bank_yaml(doc, path)
    lines = [line.split(":")[0].strip("- ") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert lines == ["format", "bank", "title", "questions", "id", "kind", "topic", "prompt", "answer"]
    with pytest.raises(QuizappError, match="already exists.*--force"):
        write_bank_yaml(doc, path)
    write_bank_yaml({**doc, "title": "New"}, path, force=True)
    assert "title: New" in path.read_text(encoding="utf-8")


def _schema_of(bank_file: Path) -> Path:
    first = bank_file.read_text(encoding="utf-8").split("\n", 1)[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    return bank_file.parent / match.group(1)  # relative references are relative to the file


def test_the_schema_line_of_a_written_bank_resolves_to_the_installed_schema(tmp_path: Path) -> None:
    doc = {"bank": "b", "title": "B", "questions": [{"id": "q", "kind": "open", "prompt": "Why?", "answer": "So."}]}
    for target in (tmp_path / "b.yaml", tmp_path / "deep" / "er" / "b.yaml"):
        write_bank_yaml(doc, target)
        schema = _schema_of(target)
        assert schema.is_file() and json.loads(schema.read_text(encoding="utf-8"))["title"]
    done = subprocess.run([sys.executable, "-m", "quizapp", "paths"], capture_output=True, text=True, timeout=60)
    printed = [line.split(None, 2)[-1] for line in done.stdout.splitlines() if line.startswith("bank schema")]
    assert printed and Path(printed[0]).resolve() == _schema_of(tmp_path / "b.yaml").resolve()


def test_shipped_banks_name_a_schema_that_exists() -> None:
    from quizapp.paths import shipped_banks_dir

    for bank_file in sorted(shipped_banks_dir().glob("*.yaml")):
        assert _schema_of(bank_file).is_file(), bank_file
