"""Every kind of question goes through every layer: a kind added to `quizapp.banks.kinds` and
forgotten by the schema, the loader, a front end, an importer or an exporter fails here."""

from __future__ import annotations

import io
from pathlib import Path
from typing import get_args

import pytest
from study_support import BASICS
from textual.app import App, ComposeResult
from textual.widgets import Static

from quizapp.banks import load_bank
from quizapp.banks.kinds import INFO, Kind, KindName, kind_label
from quizapp.banks.schema import BANK_SCHEMA
from quizapp.banks.starter import starter_bank
from quizapp.importers.anki_export import build_deck
from quizapp.importers.gift_export import bank_to_gift
from quizapp.importers.gift_import import import_gift
from quizapp.importers.options import ImportOptions
from quizapp.plain import PlainFrontEnd
from quizapp.progress import QueueFilter
from quizapp.study import ExamSession, StudySession
from quizapp.study.judges import judge_for
from quizapp.tui.widgets.card_body import CardBody

KINDS = list(Kind)


def test_each_kind_has_its_words_and_the_record_type_knows_it():
    assert set(get_args(KindName)) == {k.value for k in Kind}
    for kind in KINDS:
        words = INFO[kind]
        texts = (words.label, words.description, words.study_keys, words.exam_keys)
        assert all(texts), f"{kind} lacks a label, description or key hint: {words}"


def test_the_schema_accepts_every_kind_and_describes_its_fields():
    question = BANK_SCHEMA["$defs"]["question"]
    assert set(question["properties"]["kind"]["enum"]) == set(Kind)
    for kind in KINDS:
        definition = BANK_SCHEMA["$defs"][f"question_{kind}"]
        assert definition["properties"]["kind"] == {"const": kind, "description": "The kind of question"}
        assert definition["description"] == INFO[kind].description


def test_the_starter_bank_loads_one_question_of_every_kind(tmp_path):
    path = tmp_path / "starter.yaml"
    path.write_text(starter_bank("starter", "Starter", path.name, "schema.json"))
    bank, _problems = load_bank(path)
    assert bank is not None
    assert sorted({q.kind for q in bank.questions}) == sorted(Kind)


def _views_by_kind(workspace):
    keys = {ref.kind: ref.key for ref in reversed(workspace.catalog.refs())}
    assert set(keys) == set(Kind), "the test bank needs a question of every kind"
    return {kind: StudySession(workspace, seed=1, keys=[key]).current() for kind, key in keys.items()}


def test_plain_mode_names_every_kind(workspace):
    for kind, view in _views_by_kind(workspace).items():
        out = io.StringIO()
        PlainFrontEnd(io.StringIO(""), out, width=200).show_card(view, "1/1")
        assert f"({INFO[kind].label})" in out.getvalue()


# How a student gives the right answer, by how a kind is answered (a kind answered some new
# way fails here until every front end and this table know that way).
RIGHT_IN_STUDY = {
    "true_false": lambda session, view, truth: session.answer_true_false(truth.value),
    "choice": lambda session, view, truth: session.answer_choice(
        next(n for n, text in enumerate(view.choices, 1) if text in truth.value)),
    "typed": lambda session, view, truth: session.answer_typed(truth.shown(view.compare)),
    "self_graded": lambda session, view, truth: session.reveal(),
}
RIGHT_IN_EXAM = {
    "true_false": lambda exam, view, truth: exam.answer_true_false(truth.value),
    "choice": lambda exam, view, truth: exam.answer_choice(
        next(n for n, text in enumerate(view.choices, 1) if text in truth.value)),
    "typed": lambda exam, view, truth: exam.answer_typed(truth.shown(view.compare)),
    "self_graded": lambda exam, view, truth: exam.answer_open("The part of the input a unit sees."),
}


def test_every_kind_has_a_judge_and_a_right_answer_suggests_good(workspace):
    keys = {ref.kind: ref.key for ref in reversed(workspace.catalog.refs())}
    for kind in KINDS:
        assert judge_for(kind).kind == kind
        session = StudySession(workspace, seed=1, keys=[keys[kind]])
        view = session.current()
        feedback = RIGHT_IN_STUDY[INFO[kind].answer](session, view, session.review.current_truth())
        if INFO[kind].auto_graded:
            assert (feedback.verdict, feedback.default_rating) == ("✓ Right", 3), kind
        else:
            assert (feedback.verdict, feedback.default_rating) == ("Grade yourself", None), kind


def test_an_exam_asks_every_kind_and_shows_each_right_answer(workspace):
    exam = ExamSession(workspace, filters=QueueFilter(banks=("basics",)), count=50, seed=1)
    assert {r.ref.kind for r in exam.reviews} == set(Kind)
    while (view := exam.current()) is not None:
        RIGHT_IN_EXAM[INFO[Kind(view.kind)].answer](exam, view, exam.review.current_truth())
    for item in exam.open_answers():
        exam.grade_open(item.index, True)
    results = exam.finish()
    assert results.correct == results.questions
    assert {a.kind for a in results.answers} == set(Kind)
    assert all(a.expected.strip() not in ("", "—") for a in results.answers), results.answers


class _OneCard(App):
    def compose(self) -> ComposeResult:
        yield CardBody()


async def test_the_tui_card_names_every_kind(workspace):
    app = _OneCard()
    async with app.run_test(size=(120, 30)) as pilot:
        for kind, view in _views_by_kind(workspace).items():
            app.query_one(CardBody).show(view)
            await pilot.pause()
            meta = str(app.query_one("#card-meta", Static).render())
            assert meta.endswith(f"— {kind_label(kind)}")


def test_every_kind_is_exported_to_gift_and_anki_and_comes_back_from_gift(tmp_path: Path):
    bank, _problems = load_bank(BASICS)
    assert bank is not None and {q.kind for q in bank.questions} == set(Kind)
    gift, report = bank_to_gift(bank)
    assert not report.skipped
    deck, anki_report, _media = build_deck(bank)
    assert not anki_report.skipped
    noted = {note.fields[0] for note in deck.notes}
    assert len(noted) == len(deck.notes) >= len(bank.questions)
    doc, _import_report = import_gift(tmp_path / "basics.gift", gift, ImportOptions())
    assert sorted({q["kind"] for q in doc["questions"]}) == sorted(Kind)


@pytest.mark.parametrize("name", ["essay", ""])
def test_a_name_no_kind_has_is_shown_as_it_is(name):
    assert kind_label(name) == name
