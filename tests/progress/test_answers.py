"""Answering, undo, reset: the log is the truth and the card row always agrees with it."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta

import pytest

from quizapp.errors import QuizappError
from quizapp.progress.scheduler import Rating, StudySettings
from quizapp.progress.store import ProgressStore
from tests.progress.conftest import PARIS, Clock, make_cards


def test_an_answer_is_in_the_file_when_answer_returns(store, db_path) -> None:
    result = store.answer("dl/q000", Rating.Good, duration_ms=4200, response="because")
    other = sqlite3.connect(db_path)  # a separate connection sees the committed answer
    row = other.execute("SELECT rating, duration_ms, response, due FROM review_log WHERE id = ?",
                        (result.review_id,)).fetchone()
    assert row[:3] == (3, 4200, "because")
    assert row[3] == int(result.due.timestamp() * 1000)
    other.close()


def test_answer_moves_the_card_and_reports_the_interval(store, clock) -> None:
    first = store.answer("dl/q000", Rating.Good)
    assert first.card.state == "learning" and first.interval == timedelta(minutes=10)
    clock.advance(minutes=10)
    second = store.answer("dl/q000", Rating.Good)
    assert second.card.state == "review" and second.interval >= timedelta(days=1)
    assert store.card_state("dl/q000") == second.card


def _random_session(store: ProgressStore, clock: Clock, rng: random.Random, steps: int) -> None:
    keys = [f"dl/q{i:03d}" for i in range(12)]
    for _ in range(steps):
        clock.advance(minutes=rng.choice([1, 10, 90, 60 * 26, 60 * 24 * 6]))
        action = rng.random()
        if action < 0.08:
            store.undo_last()
        elif action < 0.11:
            store.reset_card(rng.choice(keys))
        else:
            mode = "cram" if action < 0.2 else "study"
            store.answer(rng.choice(keys), rng.choice(list(Rating)), mode=mode)


@pytest.mark.parametrize("fuzz", [False, True])
def test_replaying_the_log_gives_back_every_stored_card(open_store, clock, fuzz) -> None:
    store = open_store(fuzz=fuzz)
    store.sync_cards(make_cards(), banks=["dl"])
    _random_session(store, clock, random.Random(7), 400)
    for i in range(12):
        key = f"dl/q{i:03d}"
        assert store.replay(key) == store.card_state(key)
        if not fuzz:  # without fuzz even the due dates can be recomputed, not just read back
            assert store.replay(key, trust_logged_due=False) == store.card_state(key)


def test_undo_restores_the_previous_state_exactly(store, clock) -> None:
    store.answer("dl/q001", Rating.Good)
    clock.advance(days=3)
    before = store.card_state("dl/q001")
    store.answer("dl/q001", Rating.Again)
    undone = store.undo_last()
    assert undone is not None and undone.key == "dl/q001"
    assert store.card_state("dl/q001") == before == undone.card
    assert store.undo_last() is not None  # the first answer
    assert store.card_state("dl/q001").state == "new"
    assert store.undo_last() is None
    events = [e for (e,) in sqlite3.connect(store.path).execute(
        "SELECT event FROM review_log ORDER BY id")]
    assert events == ["answer", "answer", "undo", "undo"]  # the log keeps what happened


def test_undone_answers_do_not_count_against_the_daily_new_limit(open_store) -> None:
    store = open_store(new_per_day=2)
    store.sync_cards(make_cards(), banks=["dl"])
    store.answer("dl/q000", Rating.Good)
    store.answer("dl/q001", Rating.Good)
    assert not any(k in store.today_queue() for k in ("dl/q002", "dl/q003"))
    store.undo_last()
    assert "dl/q001" in store.today_queue()


def test_undo_refuses_when_another_window_answered_the_card_since(store, open_store) -> None:
    store.answer("dl/q002", Rating.Good)
    other = open_store()
    other.answer("dl/q002", Rating.Hard)
    with pytest.raises(QuizappError, match="answered or reset again"):
        store.undo_last()
    assert other.undo_last() is not None


def test_cram_answers_are_logged_but_leave_the_schedule_alone(store, clock) -> None:
    store.answer("dl/q003", Rating.Good)
    before = store.card_state("dl/q003")
    result = store.answer("dl/q003", Rating.Again, mode="cram")
    assert not result.scheduled and result.due is None
    assert store.card_state("dl/q003") == before
    assert store.mistakes() == ["dl/q003"]  # but the failure is remembered for drilling


def test_the_review_log_cannot_be_rewritten(store) -> None:
    store.answer("dl/q000", Rating.Good)
    conn = sqlite3.connect(store.path)
    for sql in ("UPDATE review_log SET rating = 4", "DELETE FROM review_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_unknown_card_and_bad_mode_are_clear_errors(store) -> None:
    with pytest.raises(QuizappError, match="no card 'dl/nope'"):
        store.answer("dl/nope", Rating.Good)
    with pytest.raises(ValueError, match="unknown answering mode"):
        store.answer("dl/q000", Rating.Good, mode="exam")


def test_answer_time_can_be_given_and_must_be_aware(store) -> None:
    at = datetime(2025, 1, 15, 11, 30, tzinfo=PARIS)
    result = store.answer("dl/q000", Rating.Good, answered_at=at)
    assert result.card.last_review == at
    with pytest.raises(ValueError, match="naive"):
        store.answer("dl/q001", Rating.Good, answered_at=datetime(2025, 1, 15, 11, 30))


def test_settings_persist_in_the_database(db_path, clock) -> None:
    with ProgressStore.open(db_path, clock=clock) as store:
        assert store.settings == StudySettings()
        store.save_settings(StudySettings(new_per_day=7, desired_retention=0.85))
    with ProgressStore.open(db_path, clock=clock) as again:
        assert again.settings.new_per_day == 7 and again.settings.desired_retention == 0.85
