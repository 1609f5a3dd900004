"""Anki text decks in, Anki packages out."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from importer_support import import_and_load

from quizapp.banks import load_bank
from quizapp.importers import export_anki, import_file


def test_docker_deck_imports_every_note(fixtures: Path, tmp_path: Path) -> None:
    source = fixtures / "anki" / "docker.tsv"
    rows = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    bank, problems, report, _ = import_and_load(source, tmp_path)
    assert len(bank.questions) == len(rows) == 21
    assert {q.kind for q in bank.questions} == {"open"} and not problems
    assert report.details["separator"] == "tab (detected)" and report.details["html"].startswith("yes")
    assert not report.unmapped and not report.needs_answer
    pull = next(q for q in bank.questions if q.prompt == "docker pull [image]")
    assert pull.answer == "Pull an image from the Docker Hub repository"  # &nbsp; decoded
    prune = next(q for q in bank.questions if q.prompt == "docker system prune")
    assert prune.answer.startswith("Remove all unused containers") and "<div>" not in prune.answer
    kill_all = next(q for q in bank.questions if q.prompt.startswith("docker kill $("))
    assert kill_all.prompt == "docker kill $(docker ps -q)"  # one `$` is not math: left as it is


def _deck(tmp_path: Path, text: str, name: str = "deck.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_headers_quoted_fields_tags_guids_and_decks(tmp_path: Path) -> None:
    source = _deck(tmp_path, "\n".join([
        "#separator:Comma",
        "#html:false",
        "#tags:course",
        "#columns:Front,Back,Notes,Tags,Guid,Deck",
        "#tags column:4",
        "#guid column:5",
        "#deck column:6",
        '"What is ""SGD""?","Stochastic',
        'gradient descent","",optim basics,a1B2c3,DL::Optimisation',
        "Use <b>Adam</b>?,Often,see the paper,optim,zz+9/x,DL::Optimisation",
        "# a comment row,,,,,",
        ",no front,,,,",
    ]))
    bank, _, report, _ = import_and_load(source, tmp_path)
    sgd, adam = bank.questions
    assert (sgd.prompt, sgd.answer) == ('What is "SGD"?', "Stochastic\ngradient descent")
    assert sgd.id == "anki-a1B2c3" and sgd.topic == "optimisation"
    assert sgd.tags == ("course", "optim", "basics")
    assert adam.prompt == "Use <b>Adam</b>?"  # #html:false: the text is kept as written
    assert adam.explain == "**Notes:** see the paper" and adam.id.startswith("anki-")
    assert len(report.unmapped) == 2  # the comment row and the row without a front, each with a reason
    assert report.details["separator"] == "comma (from #separator)"


@pytest.mark.parametrize("text, separator", [
    ("front;back with, a comma, or two\nsecond;answer\n", "semicolon"),
    ("front,back; with a semicolon\nsecond,answer\n", "comma"),
])
def test_separator_detection_without_a_header(tmp_path: Path, text: str, separator: str) -> None:
    _, report = import_file(_deck(tmp_path, text, "deck.csv"))
    assert report.details["separator"] == f"{separator} (detected)" and report.questions == 2


def test_html_math_and_cloze_fields(tmp_path: Path) -> None:
    source = _deck(tmp_path, "\t".join([
        "The {{c1::derivative::d/dx}} of \\(x^2\\) is {{c2::\\(2x\\)}}",
        "<ul><li>power rule</li></ul>",
    ]) + "\nCosts $5 or $10?\tBoth&nbsp;<br>sometimes\n")
    bank, _, _, _ = import_and_load(source, tmp_path)
    cloze, money = bank.questions
    assert cloze.prompt == "The [d/dx] of $x^2$ is […]"
    assert cloze.answer == "The **derivative** of $x^2$ is **$2x$**" and cloze.explain == "- power rule"
    assert money.prompt == "Costs \\$5 or \\$10?" and money.answer == "Both\nsometimes"


BANK = r"""
bank: anki-out
title: Export test
macros: {vec: '\boldsymbol{#1}', bold: '{\bf #1}'}
questions:
  - id: relu
    kind: true_false
    topic: activations
    stem: About ReLU, true or false?
    statements:
      - {id: grad, text: "Its gradient is $1$ for $x>0$.", answer: true, explain: The slope is constant.}
      - {id: dead, text: It never kills a unit., answer: false}
      - {id: open, text: Nobody answered this yet.}
  - id: rf
    kind: open
    prompt: What is the receptive field of $\vec{y}$?
    answer: The input region that can change one output.
    key_points: [depends on depth]
  - id: empty
    kind: open
    prompt: Not answered yet.
  - id: shape
    kind: computed
    setup: conv = nn.Conv2d(3, 8, 3)
    prompt: Output shape for a 1x3x10x10 input?
    compute: result = tuple(conv(torch.zeros(1, 3, 10, 10)).shape)
    compare: shape
    answer: [1, 8, 8, 8]
  - id: dice
    kind: multiple_choice
    prompt: IoU is 0.5. Dice?
    choices:
      - {text: "2/3", correct: true}
      - {text: "1/2"}
"""


def _notes(apkg: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(apkg) as package:
        assert "collection.anki2" in package.namelist() and "media" in package.namelist()
        db_file = apkg.parent / f"{apkg.stem}.anki2"
        db_file.write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(db_file) as db:
        return sorted(db.execute("SELECT guid, flds FROM notes").fetchall())


def test_apkg_is_a_valid_package_with_stable_guids(tmp_path: Path) -> None:
    bank_file = tmp_path / "anki-out.yaml"
    bank_file.write_text(BANK, encoding="utf-8")
    bank, problems = load_bank(bank_file)
    assert bank is not None, problems
    first, second = tmp_path / "one.apkg", tmp_path / "two.apkg"
    report = export_anki(bank, first)
    export_anki(bank, second)
    notes = _notes(first)
    assert len(notes) == report.items == 5  # 2 answered statements + rf + shape + dice
    # Cards without an answer are left out, and said so.
    assert sorted(n.where for n in report.skipped) == ["anki-out.yaml: `empty`", "anki-out.yaml: `relu`/open"]
    assert notes == _notes(second)  # a re-export has the same GUIDs (and fields): Anki updates, not duplicates
    assert genanki.guid_for("anki-out", "anki-out/relu/grad") in {guid for guid, _ in notes}
    fields = "\n".join(flds for _, flds in notes)
    assert "\\(x&gt;0\\)" in fields and "\\(\\vec{y}\\)" in fields
    assert "(1, 8, 8, 8)" in fields and "conv = nn.Conv2d(3, 8, 3)" in fields
    with sqlite3.connect(tmp_path / "one.anki2") as db:
        models = db.execute("SELECT models FROM col").fetchone()[0]
    assert "\\\\newcommand{\\\\bold}[1]{ {\\\\bf #1} }" in models  # bank macros, as JSON text


def test_imported_docker_deck_exports_all_notes(fixtures: Path, tmp_path: Path) -> None:
    bank, _, _, _ = import_and_load(fixtures / "anki" / "docker.tsv", tmp_path)
    report = export_anki(bank, tmp_path / "docker.apkg")
    assert len(_notes(tmp_path / "docker.apkg")) == report.items == 21


def test_double_braces_in_text_do_not_become_parameters(tmp_path: Path) -> None:
    source = _deck(tmp_path, "What is \\(x^{{n}}\\) at n = 2?\t4\n")
    bank, problems, report, _ = import_and_load(source, tmp_path)
    assert bank.questions[0].prompt == "What is $x^{ {n} }$ at n = 2?" and not problems
    assert any("spaced out" in n.message for n in report.approximated)
