"""Cards follow ids, not wording: edits keep progress, removals hide, answer changes are told."""

from __future__ import annotations

import sqlite3

import pytest

from quizapp.errors import QuizappError
from quizapp.progress.scheduler import Rating
from quizapp.records import replace
from tests.progress.conftest import make_cards


def test_first_sync_reports_every_card_as_new(open_store) -> None:
    store = open_store()
    report = store.sync_cards(make_cards(n=5), banks=["dl"])
    assert report.new == [f"dl/q{i:03d}" for i in range(5)] and report.total == 5
    again = store.sync_cards(make_cards(n=5), banks=["dl"])
    assert (again.new, again.hidden, again.changed_answers, again.restored) == ([], [], [], [])


def test_editing_wording_topic_or_tags_keeps_the_schedule(store) -> None:
    store.answer("dl/q000", Rating.Easy)
    before = store.card_state("dl/q000")
    edited = [replace(c, title="Reworded", topic="vision", tags=("new-tag",))
              for c in make_cards()]
    report = store.sync_cards(edited, banks=["dl"])
    assert report.changed_answers == [] and report.new == []
    after = store.card_state("dl/q000")
    assert after == replace(before, topic="vision")
    assert store.today_queue() and all(
        k in store.today_queue() for k in ("dl/q001", "dl/q002"))


def test_a_removed_question_is_hidden_with_its_history_and_can_come_back(store, db_path) -> None:
    store.answer("dl/q004", Rating.Good)
    report = store.sync_cards(make_cards(n=4), banks=["dl"])
    assert report.hidden == [f"dl/q{i:03d}" for i in range(4, 12)]
    assert "dl/q004" not in store.today_queue()
    assert store.card_state("dl/q004").hidden
    history = sqlite3.connect(db_path).execute(
        "SELECT count(*) FROM review_log r JOIN cards c ON c.id = r.card_id"
        " WHERE c.key = 'dl/q004'").fetchone()[0]
    assert history == 1
    back = store.sync_cards(make_cards(), banks=["dl"])
    assert "dl/q004" in back.restored
    assert store.card_state("dl/q004").state == "learning"  # the schedule survived


def test_other_banks_are_left_alone(store) -> None:
    store.sync_cards(make_cards(bank="rl", n=3), banks=["rl"])
    report = store.sync_cards(make_cards(bank="rl", n=2), banks=["rl"])
    assert report.hidden == ["rl/q002"]
    assert not store.card_state("dl/q011").hidden


def test_a_changed_answer_is_reported_until_the_user_decides(store) -> None:
    store.answer("dl/q001", Rating.Good)
    store.answer("dl/q002", Rating.Good)
    changed = make_cards(answer="b")  # every answer hash moves
    report = store.sync_cards(changed, banks=["dl"])
    assert report.changed_answers == ["dl/q001", "dl/q002"]  # never-studied cards don't matter
    assert store.sync_cards(changed, banks=["dl"]).changed_answers == ["dl/q001", "dl/q002"]
    store.reset_card("dl/q001")
    store.keep_progress("dl/q002")
    assert store.card_state("dl/q001").state == "new"
    assert store.card_state("dl/q002").state == "learning"
    assert store.sync_cards(changed, banks=["dl"]).changed_answers == []
    assert store.replay("dl/q001") == store.card_state("dl/q001")


def test_new_cards_come_in_bank_order(open_store) -> None:
    store = open_store(new_per_day=3)
    cards = make_cards(n=6)
    store.sync_cards(list(reversed(cards)), banks=["dl"])
    assert store.today_queue() == ["dl/q005", "dl/q004", "dl/q003"]
    store.sync_cards(cards, banks=["dl"])  # the bank was reordered
    assert store.today_queue() == ["dl/q000", "dl/q001", "dl/q002"]


def test_duplicate_keys_are_refused(open_store) -> None:
    store = open_store()
    with pytest.raises(QuizappError, match="appears twice"):
        store.sync_cards(make_cards(n=2) + make_cards(n=1), banks=["dl"])
