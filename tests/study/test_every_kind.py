"""Every kind of question goes through every layer: a kind added to `quizapp.banks.kinds` and
forgotten by the schema, the loader, its judge, a front end, an importer or an exporter fails
here.

The walks use `kind_banks/every_kind.yaml` (one question of every kind): a new kind adds one
question there. The front ends are driven by how a kind is answered (`KindInfo.answer`), so a
kind answered a new way fails until this file and every front end know that way.
"""

from __future__ import annotations

import io
from datetime import timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from study_support import SETTINGS, Timer, open_workspace, reviews_in
from textual.app import App, ComposeResult
from textual.widgets import Static

from quizapp.banks import load_bank
from quizapp.banks.kinds import INFO, AnswerForm, Kind, KindName, kind_info, kind_label
from quizapp.banks.schema import BANK_SCHEMA
from quizapp.banks.starter import starter_bank
from quizapp.grading import show
from quizapp.importers.anki_export import build_deck
from quizapp.importers.gift_export import bank_to_gift
from quizapp.importers.gift_import import import_gift
from quizapp.importers.options import ImportOptions
from quizapp.plain import PlainFrontEnd
from quizapp.study import ExamSession, StudySession
from quizapp.study.judges import judge_for
from quizapp.study.views import CardView
from quizapp.tui.widgets.card_body import CardBody

KINDS = list(Kind)
EVERY_KIND = Path(__file__).resolve().parent / "kind_banks" / "every_kind.yaml"


@pytest.fixture
def workspace(db, clock):
    ws = open_workspace(db, EVERY_KIND, clock=clock)
    yield ws
    ws.close()


def test_each_kind_has_its_words_and_the_record_type_knows_it():
    assert set(get_args(KindName)) == {k.value for k in Kind}
    for kind in KINDS:
        words = INFO[kind]
        texts = (words.label, words.noun, words.description, words.study_keys, words.exam_keys)
        assert all(texts), f"{kind} lacks a label, noun, description or key hint: {words}"
        assert words.answer in get_args(AnswerForm)


def test_the_schema_accepts_every_kind_and_describes_its_fields():
    question = BANK_SCHEMA["$defs"]["question"]
    assert set(question["properties"]["kind"]["enum"]) == set(Kind)
    for kind in KINDS:
        definition = BANK_SCHEMA["$defs"][f"question_{kind}"]
        assert definition["properties"]["kind"] == {"const": kind, "description": "The kind of question"}
        assert definition["description"] == INFO[kind].description


def test_the_starter_bank_and_the_test_bank_load_one_question_of_every_kind(tmp_path):
    path = tmp_path / "starter.yaml"
    path.write_text(starter_bank("starter", "Starter", path.name, "schema.json"))
    for bank_path in (path, EVERY_KIND):
        bank, problems = load_bank(bank_path)
        assert bank is not None and not [p for p in problems if p.severity == "error"]
        assert sorted({q.kind for q in bank.questions}) == sorted(Kind)


def _cards(workspace) -> list[tuple[Kind, CardView, Any]]:
    """(kind, view, truth) of every card of the test bank, each in a session of its own."""
    out = []
    for ref in workspace.catalog.refs():
        session = StudySession(workspace, seed=1, keys=[ref.key])
        out.append((Kind(ref.kind), session.current(), session.review.current_truth()))
    assert {kind for kind, _view, _truth in out} == set(Kind), "the test bank needs a question of every kind"
    return out


def _right_choice(view: CardView, truth: Any) -> int:
    return next(n for n, text in enumerate(view.choices, 1) if text in truth.value)


def _right_text(view: CardView, truth: Any) -> str:
    """The right answer as a student types it (the first of several, for `one_of`)."""
    return show(truth.value[0], "exact") if view.compare == "one_of" else truth.shown(view.compare)


# How a student gives the right answer, by how a kind is answered.
RIGHT_IN_STUDY = {
    "true_false": lambda session, view, truth: session.answer_true_false(truth.value),
    "choice": lambda session, view, truth: session.answer_choice(_right_choice(view, truth)),
    "typed": lambda session, view, truth: session.answer_typed(_right_text(view, truth)),
    "self_graded": lambda session, view, truth: session.reveal(),
}
RIGHT_IN_EXAM = {
    "true_false": lambda exam, view, truth: exam.answer_true_false(truth.value),
    "choice": lambda exam, view, truth: exam.answer_choice(_right_choice(view, truth)),
    "typed": lambda exam, view, truth: exam.answer_typed(_right_text(view, truth)),
    "self_graded": lambda exam, view, truth: exam.answer_open("The part of the input a unit sees."),
}
RIGHT_IN_PLAIN = {  # the lines a student types
    "true_false": lambda view, truth: ["t" if truth.value else "f"],
    "choice": lambda view, truth: [str(_right_choice(view, truth))],
    "typed": lambda view, truth: [_right_text(view, truth)],
    "self_graded": lambda view, truth: [""],  # enter reveals the model answer
}
RIGHT_IN_TUI = {  # the keys a student presses
    "true_false": lambda view, truth: ["t" if truth.value else "f"],
    "choice": lambda view, truth: [str(_right_choice(view, truth))],
    "typed": lambda view, truth: [*("space" if c == " " else c for c in _right_text(view, truth)), "enter"],
    "self_graded": lambda view, truth: ["space"],
}


def test_every_kind_has_a_judge_and_a_right_answer_suggests_good(workspace):
    for kind, _view, _truth in _cards(workspace):
        assert judge_for(kind).kind == kind
        session = StudySession(workspace, seed=1, keys=[ref.key for ref in workspace.catalog.refs()
                                                         if ref.kind == kind][:1])
        view = session.current()
        feedback = RIGHT_IN_STUDY[INFO[kind].answer](session, view, session.review.current_truth())
        if INFO[kind].auto_graded:
            assert (feedback.verdict, feedback.default_rating) == ("✓ Right", 3), kind
        else:
            assert (feedback.verdict, feedback.default_rating) == ("Grade yourself", None), kind


def test_an_exam_asks_every_kind_and_shows_each_right_answer(workspace):
    exam = ExamSession(workspace, count=50, seed=1, timer=Timer())
    assert {r.ref.kind for r in exam.reviews} == set(Kind)
    while (view := exam.current()) is not None:
        RIGHT_IN_EXAM[kind_info(view.kind).answer](exam, view, exam.review.current_truth())
    for item in exam.open_answers():
        exam.grade_open(item.index, True)
    results = exam.finish()
    assert results.correct == results.questions
    assert {a.kind for a in results.answers} == set(Kind)
    assert all(a.expected.strip() not in ("", "—") for a in results.answers), results.answers


def test_plain_mode_names_and_answers_every_kind(workspace, db):
    cards = _cards(workspace)
    for kind, view, _truth in cards:
        out = io.StringIO()
        PlainFrontEnd(io.StringIO(""), out, width=200).show_card(view, "1/1")
        assert f"({INFO[kind].label})" in out.getvalue()
    lines = [line for _kind, view, truth in cards
             for line in [*RIGHT_IN_PLAIN[kind_info(view.kind).answer](view, truth), "3"]]
    session = StudySession(workspace, seed=1, keys=[view.key for _kind, view, _truth in cards])
    out = io.StringIO()
    PlainFrontEnd(io.StringIO("\n".join(lines) + "\n"), out, width=200).study(session)
    assert [(key, rating) for key, rating, *_ in reviews_in(db)] == [(view.key, 3) for _k, view, _t in cards]
    assert out.getvalue().count("✓ Right") == sum(INFO[kind].auto_graded for kind, _v, _t in cards)


class _OneCard(App):
    def compose(self) -> ComposeResult:
        yield CardBody()


async def test_the_tui_card_names_every_kind(workspace):
    app = _OneCard()
    async with app.run_test(size=(120, 30)) as pilot:
        for kind, view, _truth in _cards(workspace):
            app.query_one(CardBody).show(view)
            await pilot.pause()
            meta = str(app.query_one("#card-meta", Static).render())
            assert meta.endswith(f"— {kind_label(kind)}")


async def test_the_study_screen_answers_every_kind_with_its_keys(workspace, db, clock):
    from quizapp.tui.app import build_app

    truths = {view.key: (view, truth) for _kind, view, truth in _cards(workspace)}
    app = build_app(db, bank_paths=[EVERY_KIND], include_shipped=False, include_user=False, run_code=False,
                    clock=clock, settings=SETTINGS, tz=timezone.utc, seed=1, timer=Timer(), watch_banks=False,
                    start="study")
    async with app.run_test(size=(120, 40)) as pilot:
        for done in range(len(truths)):
            await _wait(pilot, lambda: getattr(app.screen, "view", None) is not None, "a card")
            key = app.screen.view.key
            view, truth = truths[key]
            await pilot.press(*RIGHT_IN_TUI[kind_info(view.kind).answer](view, truth))
            await _wait(pilot, lambda: app.screen.session.feedback is not None, f"the feedback of {key}")
            verdict = str(app.screen.query_one("#verdict", Static).render())
            assert verdict.startswith("✓ Right" if kind_info(view.kind).auto_graded else "Compare"), (key, verdict)
            await pilot.press("enter" if kind_info(view.kind).auto_graded else "3")  # the suggestion: Good
            await _wait(pilot, lambda n=done + 1: len(reviews_in(db)) == n, f"the grade of {key}")
    assert sorted((key, rating) for key, rating, *_ in reviews_in(db)) == sorted((key, 3) for key in truths)


async def _wait(pilot, condition, what: str, timeout: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def test_every_kind_is_exported_to_gift_and_anki_and_comes_back_from_gift(tmp_path: Path):
    bank, _problems = load_bank(EVERY_KIND)
    assert bank is not None and {q.kind for q in bank.questions} == set(Kind)
    gift, report = bank_to_gift(bank)
    assert not report.skipped
    deck, anki_report, _media = build_deck(bank)
    assert not anki_report.skipped
    noted = {note.fields[0] for note in deck.notes}
    assert len(noted) == len(deck.notes) >= len(bank.questions)
    doc, _import_report = import_gift(tmp_path / "every_kind.gift", gift, ImportOptions())
    assert sorted({q["kind"] for q in doc["questions"]}) == sorted(Kind)


@pytest.mark.parametrize("name", ["essay", ""])
def test_a_name_no_kind_has_is_shown_as_it_is(name):
    assert kind_label(name) == name
