"""Exams leave schedules alone unless recorded; statistics and readiness forecasts."""

from __future__ import annotations

from datetime import date

import pytest

from quizapp.errors import QuizappError
from quizapp.progress.models import QueueFilter
from quizapp.progress.reports import ExamConfig
from quizapp.progress.scheduler import Rating


def _take_exam(store, clock, record: bool):
    exam = store.start_exam(ExamConfig(title="mock", keys=("dl/q000", "dl/q001", "dl/q002")))
    for key, correct, seconds in [("dl/q000", True, 30), ("dl/q001", False, 45),
                                  ("dl/q002", True, 20)]:
        clock.advance(seconds=seconds)
        store.record_exam_answer(exam, key, response="…", correct=correct,
                                 duration_ms=seconds * 1000)
    return exam, store.finish_exam(exam, record_in_schedule=record)


def test_an_exam_scores_by_topic_and_leaves_schedules_alone(store, clock) -> None:
    store.answer("dl/q000", Rating.Good)
    before = {f"dl/q{i:03d}": store.card_state(f"dl/q{i:03d}") for i in range(3)}
    exam, report = _take_exam(store, clock, record=False)
    assert (report.answered, report.correct) == (3, 2)
    assert report.score == pytest.approx(2 / 3)
    by_topic = {t.topic: (t.answered, t.correct, t.time_ms) for t in report.by_topic}
    assert by_topic == {"cnn": (1, 1, 30_000), "rnn": (1, 0, 45_000), "opt": (1, 1, 20_000)}
    assert report.config["keys"] == ["dl/q000", "dl/q001", "dl/q002"]
    assert not report.recorded_in_schedule and report.finished_at is not None
    assert {k: store.card_state(k) for k in before} == before
    assert store.exam_report(exam) == report
    assert store.exam_ids() == [exam]


def test_a_recorded_exam_moves_schedules_like_study(store, clock) -> None:
    _, report = _take_exam(store, clock, record=True)
    assert report.recorded_in_schedule
    assert store.card_state("dl/q000").state == "learning"  # right → Good
    q1 = store.card_state("dl/q001")
    assert q1.state == "learning" and q1.step == 0           # wrong → Again
    for i in range(3):
        assert store.replay(f"dl/q{i:03d}") == store.card_state(f"dl/q{i:03d}")


def test_a_finished_exam_takes_no_more_answers(store, clock) -> None:
    exam, _ = _take_exam(store, clock, record=False)
    with pytest.raises(QuizappError, match="finished"):
        store.record_exam_answer(exam, "dl/q003", "x", True, 1000)
    with pytest.raises(QuizappError, match="already finished"):
        store.finish_exam(exam)
    with pytest.raises(QuizappError, match="no exam 999"):
        store.exam_report(999)


def test_stats_count_answers_per_study_day_and_retention_by_topic(store, clock) -> None:
    for key in ("dl/q000", "dl/q001", "dl/q002"):
        store.answer(key, Rating.Easy)
    clock.advance(days=20)
    store.answer("dl/q000", Rating.Good)    # cnn recalled
    store.answer("dl/q001", Rating.Again)   # rnn forgotten
    store.answer("dl/q003", Rating.Good, mode="cram")
    stats = store.stats(days=28, ahead=7)
    assert stats.today == date(2025, 2, 4)
    per_day = {d.day: (d.reviews, d.again) for d in stats.reviews_per_day if d.reviews}
    assert per_day == {date(2025, 1, 15): (3, 0), date(2025, 2, 4): (3, 1)}
    assert len(stats.reviews_per_day) == 28 and stats.reviews_per_day[-1].day == stats.today
    retention = {t.topic: (t.reviews, t.recalled) for t in stats.retention_by_topic}
    assert retention == {"cnn": (1, 1), "rnn": (1, 0)}
    assert (stats.cards, stats.cards_new, stats.cards_review) == (12, 9, 2)
    assert stats.cards_learning == 1 and stats.reviewed_today == 3
    assert len(stats.due_per_day) == 7 and sum(n for _, n in stats.due_per_day) >= 2
    assert stats.to_dict()["retention_by_topic"][0]["retention"] == 1.0


def test_stats_can_be_kept_to_some_cards(store, clock) -> None:
    store.answer("dl/q000", Rating.Again)   # cnn
    store.answer("dl/q001", Rating.Again)   # rnn
    everything = store.stats(days=7, ahead=3)
    cnn = store.stats(days=7, ahead=3, filters=QueueFilter(topics="cnn"))
    assert (everything.due_today, everything.reviewed_today, everything.cards) == (2, 2, 12)
    assert (cnn.due_today, cnn.reviewed_today, cnn.cards, cnn.cards_learning) == (1, 1, 4, 1)
    assert cnn.new_today == cnn.cards_new == 3  # within the allowance left today (18 of 20)


def test_forecast_shows_decay_without_study_and_the_reviews_that_prevent_it(store, clock) -> None:
    for i in range(12):
        store.answer(f"dl/q{i:03d}", Rating.Easy)
    soon = store.forecast(date(2025, 1, 20))
    later = store.forecast(date(2025, 4, 15))
    assert [f.topic for f in later] == ["cnn", "opt", "rnn"]
    for near, far in zip(soon, later, strict=True):
        assert far.recall_if_idle < near.recall_if_idle
        assert far.reviews_needed > near.reviews_needed >= 0
        assert far.recall_with_reviews >= 0.9 > far.recall_if_idle
    strict = store.forecast(date(2025, 4, 15), target=0.97)
    assert sum(f.reviews_needed for f in strict) > sum(f.reviews_needed for f in later)


def test_forecast_counts_never_studied_cards_as_not_ready(store) -> None:
    [cnn] = store.forecast(date(2025, 3, 1), QueueFilter(topics="cnn"))
    assert (cnn.cards, cnn.new, cnn.recall_if_idle) == (4, 4, 0.0)
    assert cnn.reviews_needed >= 4 * 2  # learning steps, then reviews
    assert cnn.recall_with_reviews > 0.9
