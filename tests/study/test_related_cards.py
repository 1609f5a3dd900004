"""Related cards kept apart: statements of one stem and questions a bank links with
`related:` never come back to back; with bury_related on, answering one buries the others."""

from __future__ import annotations

from pathlib import Path

from study_support import SETTINGS, Clock

from quizapp.study import StudySession, Workspace

GRADIENT = "basics/relu-facts/gradient-constant"
VANISHING = "basics/relu-facts/no-vanishing"
OPEN = "basics/receptive-field"

LINKED = """\
bank: linked
title: Linked cards
topic: t
questions:
  - id: expression
    kind: open
    title: Two dropouts as one (expression)
    prompt: Write q for two dropouts in a row.
    answer: q = 1 - (1 - p1)(1 - p2)
    related: [number, nowhere]
  - id: number
    kind: open
    title: Two dropouts as one (number)
    prompt: q for p1 = 0.1 and p2 = 0.2?
    answer: "0.28"
  - id: apart
    kind: open
    title: Unrelated
    prompt: Something else.
    answer: else
  - id: another
    kind: open
    title: Unrelated too
    prompt: Something more.
    answer: more
"""


def _order(session: StudySession) -> list[str]:
    keys = []
    while (view := session.current()) is not None:
        keys.append(view.key)
        session.reveal()
        session.grade(4)
    return keys


def test_statements_of_one_stem_are_never_back_to_back(workspace):
    session = StudySession(workspace, seed=1)
    order = _order(session)
    assert order[:3] == [GRADIENT, OPEN, VANISHING]
    for a, b in zip(order, order[1:]):
        assert b not in workspace.catalog.related(a)


def _linked(tmp_path: Path, db: Path, **settings) -> Workspace:
    bank = tmp_path / "linked.yaml"
    bank.write_text(LINKED)
    return Workspace.open(db, bank_paths=[bank], include_shipped=False, include_user=False,
                          clock=Clock(), settings=SETTINGS.with_changes(**settings))


def test_a_related_link_counts_both_ways_and_keeps_the_cards_apart(tmp_path, db):
    ws = _linked(tmp_path, db)
    try:
        assert ws.catalog.related("linked/number") == {"linked/expression"}
        assert ws.catalog.related("linked/expression") == {"linked/number"}  # "nowhere" links nothing
        assert _order(StudySession(ws, seed=1)) == [
            "linked/expression", "linked/apart", "linked/number", "linked/another"]
    finally:
        ws.close()


def test_bury_related_buries_the_others_until_tomorrow(tmp_path, db):
    ws = _linked(tmp_path, db, bury_related=True)
    try:
        session = StudySession(ws, seed=1)
        session.current()
        session.reveal()
        result = session.grade(4)  # Easy: not back later today
        assert result.buried == ["linked/number"]
        assert _order(session) == ["linked/apart", "linked/another"]
        assert ws.store.marks("linked/number").buried_until is not None
        ws.store._clock.advance(days=1)  # the next study day: it is back
        assert "linked/number" in ws.store.today_queue()
    finally:
        ws.close()


def test_undo_unburies_what_the_answer_buried(tmp_path, db):
    ws = _linked(tmp_path, db, bury_related=True)
    try:
        session = StudySession(ws, seed=1)
        session.current()
        session.reveal()
        session.grade(3)
        assert session.undo() == "linked/expression"
        assert ws.store.marks("linked/number").buried_until is None
        assert "linked/number" in ws.store.today_queue()
    finally:
        ws.close()


def test_the_shipped_bank_links_the_cards_that_give_each_other_away():
    from quizapp.banks import load_banks
    from quizapp.study.catalog import Catalog

    catalog = Catalog(load_banks([], include_shipped=True, include_user=False).banks)
    assert "dl-dropout/two-dropouts-q-value" in catalog.related("dl-dropout/two-dropouts-expression")
    plateau = catalog.related("dl-losses-activations/deep-sigmoid-plateau")
    assert "dl-losses-activations/tanh-instead-of-sigmoid" in plateau
    assert "dl-losses-activations/mlpirate-facts/independent-hidden-layers" in plateau
